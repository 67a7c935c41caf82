//! Filled contours of any grid of values over a rectangle, with axes and a colour bar: the
//! value at each pixel is interpolated bilinearly between grid points and coloured by its band
//! ([`Bands`]), so band edges follow the smooth level curves rather than the grid's cells. The
//! picture reaches the backend as one bitmap (one `putImageData` on a canvas), not a shape per
//! pixel.

use super::axis::Axis;
use super::contour_colors::{BandStarts, Bands, ColorMap, ColorScale};
use super::layout::{AxisRange, PixelRect};
use super::panel::label_area_width;
use super::style::{draw_error, Style};
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;
use plotters_backend::{BackendCoord, DrawingErrorKind};
use serde::{Deserialize, Serialize};

/// Values on a regular grid spanning a rectangle, edges included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContourField<'a> {
    /// Points along x.
    pub nx: usize,
    /// Points along y.
    pub ny: usize,
    /// Row-major values, bottom row first: `values[j * nx + i]` sits at the i-th x, j-th y.
    /// NaN or infinite values are left blank.
    pub values: &'a [f64],
    /// `(x_min, x_max)`.
    pub x: (f64, f64),
    /// `(y_min, y_max)`.
    pub y: (f64, f64),
}

/// How to draw a [`ContourField`].
#[derive(Debug, Clone, PartialEq)]
pub struct ContourStyle {
    /// Number of colour bands.
    pub levels: usize,
    /// The colour map.
    pub map: ColorMap,
    /// Mix of each colour towards the background, 0 to 1.
    pub wash: f64,
    /// Linear or logarithmic bands.
    pub scale: ColorScale,
    /// One data unit is as long on x as on y (circles stay round, gradients cross level
    /// curves at right angles).
    pub equal_aspect: bool,
    /// Axis titles.
    pub x_title: String,
    /// Axis titles.
    pub y_title: String,
    /// The colour bar's title.
    pub bar_title: String,
}

/// Where a contour chart put its plot, for mapping pixels to data and back.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ContourLayout {
    /// The plot rectangle in backend pixels.
    pub plot: PixelRect,
    /// The x range it spans.
    pub x: AxisRange,
    /// The y range it spans.
    pub y: AxisRange,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
}

impl ContourLayout {
    /// The backend pixel of data point `(x, y)` (not rounded; outside the plot for points
    /// outside the ranges).
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let p = &self.plot;
        let fx = (x - self.x.min) / (self.x.max - self.x.min);
        let fy = (y - self.y.min) / (self.y.max - self.y.min);
        (
            f64::from(p.left) + fx * f64::from(p.right - p.left),
            f64::from(p.bottom) - fy * f64::from(p.bottom - p.top),
        )
    }
}

/// Draws `field` as filled contours filling `area`: axes, the bands and a colour bar on the
/// right. Returns the layout.
///
/// # Errors
/// [`Error::Config`] for a grid smaller than 2 × 2, values that do not match its size, or an
/// empty or non-finite extent; otherwise only a failing backend.
pub fn draw_filled_contours<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    field: &ContourField<'_>,
    contour: &ContourStyle,
    style: &Style,
) -> Result<ContourLayout> {
    check_field(field)?;
    let (min, max) = finite_range(field.values);
    let bands = Bands {
        levels: contour.levels.clamp(2, 64),
        map: contour.map,
        wash: contour.wash,
        scale: contour.scale,
        min,
        max,
        theme: style.theme,
    };
    area.fill(&style.colors.background).map_err(draw_error)?;
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let ticks = ((f64::from(width) / style.scale / 90.0) as usize).clamp(3, 8);
    let x_axis = Axis::linear(field.x.0, field.x.1, ticks);
    let y_axis = Axis::linear(field.y.0, field.y.1, ticks);
    let left_w = label_area_width(area, &[&y_axis], style)?;
    let (top, bottom_h) = (style.px(10.0), style.text_px(46.0));
    let first_h = (height - top - bottom_h).max(1);
    let gap = f64::from(style.text_px(16.0)) / f64::from(first_h);
    let bar_ticks = bands.ticks(gap);
    let tick_font = style.tick_font();
    let mut label_w = 0;
    for (_, label) in &bar_ticks {
        let (w, _) = area
            .estimate_text_size(label, &tick_font)
            .map_err(draw_error)?;
        label_w = label_w.max(w as i32);
    }
    let (bar_gap, bar_w) = (style.px(16.0), style.px(14.0));
    let right_w = bar_gap + bar_w + style.px(10.0) + label_w + style.px(8.0) + style.text_px(18.0);
    let avail_w = (width - left_w - right_w - style.px(4.0)).max(1);
    let avail_h = first_h;
    let (dx, dy) = (field.x.1 - field.x.0, field.y.1 - field.y.0);
    let (plot_w, plot_h) = if contour.equal_aspect {
        let s = (f64::from(avail_w) / dx).min(f64::from(avail_h) / dy);
        ((s * dx).round() as i32, (s * dy).round() as i32)
    } else {
        (avail_w, avail_h)
    };
    let (plot_w, plot_h) = (plot_w.max(1), plot_h.max(1));
    let offset = ((avail_w - plot_w) / 2).max(0);
    let sub = area.clone().shrink(
        (offset, 0),
        (
            (left_w + plot_w + right_w) as u32,
            (top + plot_h + bottom_h) as u32,
        ),
    );
    let mut chart = ChartBuilder::on(&sub)
        .margin_top(top)
        .x_label_area_size(bottom_h)
        .y_label_area_size(left_w)
        // A margin, not a label area: plotters would repeat the y tick labels in a label area.
        .margin_right(right_w)
        .build_cartesian_2d(x_axis.clone(), y_axis.clone())
        .map_err(draw_error)?;
    let (base_x, base_y) = area.get_base_pixel();
    let plotting = chart.plotting_area();
    let (px, py) = plotting.get_base_pixel();
    let (pw, ph) = plotting.dim_in_pixel();
    let rgb = rasterize(field, &bands, (pw, ph));
    area.draw(&Bitmap {
        pos: (px - base_x, py - base_y),
        size: (pw, ph),
        rgb,
    })
    .map_err(draw_error)?;
    let x_fmt = |v: &f64| x_axis.label(*v);
    let y_fmt = |v: &f64| y_axis.label(*v);
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(style.line(style.colors.muted, 1.0))
        .label_style(style.tick_font())
        .axis_desc_style(style.label_font())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .set_all_tick_mark_size(style.px(4.0))
        .x_desc(contour.x_title.as_str())
        .y_desc(contour.y_title.as_str())
        .draw()
        .map_err(draw_error)?;
    let plot = PixelRect {
        left: px - base_x,
        top: py - base_y,
        right: px - base_x + pw as i32,
        bottom: py - base_y + ph as i32,
    };
    draw_color_bar(
        area,
        &bands,
        &bar_ticks,
        plot,
        (bar_gap, bar_w, label_w),
        contour,
        style,
    )?;
    Ok(ContourLayout {
        plot,
        x: AxisRange {
            min: field.x.0,
            max: field.x.1,
            log: false,
        },
        y: AxisRange {
            min: field.y.0,
            max: field.y.1,
            log: false,
        },
        pixel_ratio: style.scale,
    })
}

fn check_field(field: &ContourField<'_>) -> Result<()> {
    if field.nx < 2 || field.ny < 2 || field.values.len() != field.nx * field.ny {
        return Err(Error::Config(format!(
            "a contour field needs at least 2 x 2 values and exactly nx * ny of them, got {} \
             values for {} x {}",
            field.values.len(),
            field.nx,
            field.ny
        )));
    }
    let ((x0, x1), (y0, y1)) = (field.x, field.y);
    if ![x0, x1, y0, y1].iter().all(|v| v.is_finite()) || x0 >= x1 || y0 >= y1 {
        return Err(Error::Config(format!(
            "not a usable extent: x {x0}..{x1}, y {y0}..{y1}"
        )));
    }
    Ok(())
}

fn finite_range(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, &v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
        .unwrap_or((0.0, 1.0))
}

/// RGB pixels, top row first, of `field` stretched over `w × h` pixels.
fn rasterize(field: &ContourField<'_>, bands: &Bands, (w, h): (u32, u32)) -> Vec<u8> {
    let colors: Vec<RGBColor> = (0..bands.levels).map(|k| bands.color(k)).collect();
    let palette = Palette {
        starts: bands.starts(),
        colors: &colors,
        blank: bands.theme.colors().background,
    };
    let (nx, ny) = (field.nx, field.ny);
    // Each pixel column's grid cell and place in it, the same on every row.
    let columns: Vec<(usize, f64)> = (0..w)
        .map(|col| {
            let fx = (f64::from(col) + 0.5) / f64::from(w) * (nx - 1) as f64;
            let i = (fx.floor() as usize).min(nx - 2);
            (i, fx - i as f64)
        })
        .collect();
    // Called through a pointer the optimisers cannot see through, so that the row stays a
    // function of its own in the wasm module (wasm-opt inlines any function called from one
    // place, `#[inline(never)]` or not); see `raster_row`.
    let raster_row: RasterRow = std::hint::black_box(raster_row);
    let mut rgb = vec![0; w as usize * h as usize * 3];
    for (row, out) in (0..h).zip(rgb.chunks_exact_mut(w as usize * 3)) {
        // Pixel centres; the top row is the largest y.
        let fy = (1.0 - (f64::from(row) + 0.5) / f64::from(h)) * (ny - 1) as f64;
        let j = (fy.floor() as usize).min(ny - 2);
        let (below, above) = field.values[j * nx..(j + 2) * nx].split_at(nx);
        raster_row((below, above), fy - j as f64, &columns, &palette, out);
    }
    rgb
}

type RasterRow = fn((&[f64], &[f64]), f64, &[(usize, f64)], &Palette<'_>, &mut [u8]);

/// The colours of the bands, where they begin, and the colour of a missing value.
struct Palette<'a> {
    starts: BandStarts,
    colors: &'a [RGBColor],
    blank: RGBColor,
}

/// One row of pixels between grid rows `below` and `above`, `ty` of the way up. A function of
/// its own: V8 runs the first call of a wasm function to its end in its baseline code, and
/// optimised code only from a later call, so with a call per row most rows of the first picture
/// a page draws run optimised.
fn raster_row(
    (below, above): (&[f64], &[f64]),
    ty: f64,
    columns: &[(usize, f64)],
    palette: &Palette<'_>,
    out: &mut [u8],
) {
    // Neighbouring pixels are mostly in the same band.
    let mut band = 0;
    for (&(i, tx), px) in columns.iter().zip(out.chunks_exact_mut(3)) {
        let bottom = below[i] + tx * (below[i + 1] - below[i]);
        let top = above[i] + tx * (above[i + 1] - above[i]);
        let v = bottom + ty * (top - bottom);
        let c = if v.is_finite() {
            band = palette.starts.band_near(band, v);
            palette.colors[band]
        } else {
            palette.blank
        };
        px.copy_from_slice(&[c.0, c.1, c.2]);
    }
}

fn draw_color_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bands: &Bands,
    ticks: &[(f64, String)],
    plot: PixelRect,
    (gap, bar_w, label_w): (i32, i32, i32),
    contour: &ContourStyle,
    style: &Style,
) -> Result<()> {
    let left = plot.right + gap;
    let h = f64::from(plot.bottom - plot.top);
    let y_at = |f: f64| plot.bottom - (f * h).round() as i32;
    let n = bands.levels;
    for k in 0..n {
        let (lo, hi) = (y_at(k as f64 / n as f64), y_at((k + 1) as f64 / n as f64));
        area.draw(&Rectangle::new(
            [(left, hi), (left + bar_w, lo)],
            bands.color(k).filled(),
        ))
        .map_err(draw_error)?;
    }
    area.draw(&Rectangle::new(
        [(left, plot.top), (left + bar_w, plot.bottom)],
        style.line(style.colors.muted, 1.0),
    ))
    .map_err(draw_error)?;
    let font = style.tick_font().pos(Pos::new(HPos::Left, VPos::Center));
    for (f, label) in ticks {
        let y = y_at(*f);
        area.draw(&PathElement::new(
            vec![(left + bar_w, y), (left + bar_w + style.px(4.0), y)],
            style.line(style.colors.muted, 1.0),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(
            label.clone(),
            (left + bar_w + style.px(7.0), y),
            font.clone(),
        ))
        .map_err(draw_error)?;
    }
    let title = style
        .label_font()
        .transform(FontTransform::Rotate90)
        .pos(Pos::new(HPos::Center, VPos::Top));
    let x = left + bar_w + style.px(10.0) + label_w + style.px(6.0) + style.text_px(18.0);
    area.draw(&Text::new(
        contour.bar_title.clone(),
        (x, (plot.top + plot.bottom) / 2),
        title,
    ))
    .map_err(draw_error)?;
    Ok(())
}

/// An RGB bitmap placed at a pixel of the area, handed to the backend in one piece.
struct Bitmap {
    pos: (i32, i32),
    size: (u32, u32),
    rgb: Vec<u8>,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Bitmap {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.pos)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Bitmap {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.blit_bitmap(at, self.size, &self.rgb),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::Theme;

    fn style_for(scale: ColorScale) -> ContourStyle {
        ContourStyle {
            levels: 8,
            map: ColorMap::Viridis,
            wash: 0.0,
            scale,
            equal_aspect: true,
            x_title: "x".into(),
            y_title: "y".into(),
            bar_title: "loss".into(),
        }
    }

    /// f = x² + y² on [-1, 1] × [-2, 2], 5 × 9 points.
    fn bowl() -> Vec<f64> {
        (0..9)
            .flat_map(|j| (0..5).map(move |i| (i as f64 / 2.0 - 1.0, j as f64 / 2.0 - 2.0)))
            .map(|(x, y)| x * x + y * y)
            .collect()
    }

    fn svg(
        values: &[f64],
        contour: &ContourStyle,
        size: (u32, u32),
    ) -> (String, Result<ContourLayout>) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
            let field = ContourField {
                nx: 5,
                ny: 9,
                values,
                x: (-1.0, 1.0),
                y: (-2.0, 2.0),
            };
            draw_filled_contours(&root, &field, contour, &Style::new(Theme::Light, 1.0, 1.0))
        };
        (out, layout)
    }

    #[test]
    fn draws_bands_axes_and_a_colour_bar() {
        let values = bowl();
        let contour = style_for(ColorScale::Linear);
        let (out, layout) = svg(&values, &contour, (320, 240));
        let layout = layout.expect("draws");
        let p = layout.plot;
        // Equal aspect: the plot is twice as tall as wide.
        let (w, h) = (p.right - p.left, p.bottom - p.top);
        assert!((h - 2 * w).abs() <= 2, "{w} x {h}");
        let bands = Bands {
            levels: 8,
            map: ColorMap::Viridis,
            wash: 0.0,
            scale: ColorScale::Linear,
            min: 0.0,
            max: 5.0,
            theme: Theme::Light,
        };
        let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        // The lowest band around the centre and the highest in the corners, as pixels.
        let pixels = |c: RGBColor| out.matches(&format!("fill=\"{}\"", hex(c))).count();
        assert!(pixels(bands.color(0)) > 20, "the floor");
        assert!(pixels(bands.color(7)) > 20, "the corners");
        assert!(out.contains(">\nloss\n<"), "the bar's title");
        assert!(
            out.contains(">\n5\n<") && out.contains(">\n0\n<"),
            "bar ticks"
        );
        let (cx, cy) = layout.to_pixel(0.0, 0.0);
        assert!((cx - f64::from(p.left + p.right) / 2.0).abs() < 1.0);
        assert!((cy - f64::from(p.top + p.bottom) / 2.0).abs() < 1.0);
    }

    #[test]
    fn log_scale_labels_the_distance_above_the_minimum() {
        let values: Vec<f64> = bowl().iter().map(|v| 10f64.powf(*v) - 1.0).collect();
        let (out, layout) = svg(&values, &style_for(ColorScale::Log), (320, 400));
        assert!(layout.is_ok());
        assert!(
            out.contains(">\n1000\n<") || out.contains(">\n10000\n<"),
            "decades"
        );
    }

    #[test]
    fn refuses_mismatched_grids_and_leaves_gaps_blank() {
        let contour = style_for(ColorScale::Linear);
        let (_, err) = svg(&[1.0; 10], &contour, (200, 200));
        assert!(matches!(err, Err(Error::Config(_))));
        let mut holes = bowl();
        holes[22] = f64::NAN;
        let (out, layout) = svg(&holes, &contour, (200, 200));
        assert!(layout.is_ok() && out.contains("#FFFFFF"));
    }
}
