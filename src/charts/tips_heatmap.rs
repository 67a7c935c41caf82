//! A grid of runs coloured by a final loss (batch size × learning rate): viridis on a log
//! scale with its colour bar, each cell's value written in it, diverged cells hatched and
//! labelled, the best cell of each row outlined.

use super::layout::{AxisRange, ChartLayout, PixelRect};
use super::style::{draw_error, Style};
use super::theme::Theme;
use super::ticks::log_ticks;
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// Viridis (van der Walt & Smith, matplotlib 2015) at nine even stops: perceptually uniform,
/// legible in greyscale and under colour blindness.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2D, 0x7B),
    (0x3B, 0x52, 0x8B),
    (0x2C, 0x72, 0x8E),
    (0x21, 0x91, 0x8C),
    (0x28, 0xAE, 0x80),
    (0x5E, 0xC9, 0x62),
    (0xAD, 0xDC, 0x30),
    (0xFD, 0xE7, 0x25),
];

/// A heatmap of one final number per cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TipHeatmap {
    /// Row labels, bottom row first.
    pub rows: Vec<String>,
    /// Column labels, left first.
    pub cols: Vec<String>,
    /// `values[row * cols + col]`; `None` for a diverged or pending cell.
    pub values: Vec<Option<f64>>,
    /// Cells whose run diverged (same indexing; a `None` value that is not diverged is pending).
    pub diverged: Vec<bool>,
    /// Cells to outline (the best of each row).
    pub best: Vec<bool>,
    /// Title under the columns.
    pub x_title: String,
    /// Title beside the rows.
    pub y_title: String,
    /// Title of the colour bar.
    pub value_title: String,
    /// Colours.
    pub theme: Theme,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
}

impl Default for TipHeatmap {
    fn default() -> Self {
        TipHeatmap {
            rows: Vec::new(),
            cols: Vec::new(),
            values: Vec::new(),
            diverged: Vec::new(),
            best: Vec::new(),
            x_title: String::new(),
            y_title: String::new(),
            value_title: String::new(),
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
        }
    }
}

impl TipHeatmap {
    /// Checks the shape and values.
    ///
    /// # Errors
    /// [`Error::Config`] unless `values` has `rows × cols` entries (and `diverged`, `best`
    /// that many or none), every value is positive and finite (the scale is logarithmic),
    /// `pixel_ratio` is in `(0, 16]` and `text_scale` in `[0.25, 8]`.
    pub fn validate(&self) -> Result<()> {
        let cells = self.rows.len() * self.cols.len();
        let fits = |n: usize| n == cells || n == 0;
        if self.values.len() != cells || !fits(self.diverged.len()) || !fits(self.best.len()) {
            return Err(Error::Config(format!(
                "a {}×{} heatmap needs {cells} values (and as many or no flags), got {}",
                self.rows.len(),
                self.cols.len(),
                self.values.len()
            )));
        }
        if let Some(v) = self
            .values
            .iter()
            .flatten()
            .find(|v| !(v.is_finite() && **v > 0.0))
        {
            return Err(Error::Config(format!(
                "heatmap values must be positive and finite, got {v}"
            )));
        }
        let scales_ok = self.pixel_ratio > 0.0
            && self.pixel_ratio <= 16.0
            && (0.25..=8.0).contains(&self.text_scale);
        if !scales_ok {
            return Err(Error::Config(format!(
                "pixel_ratio must be in (0, 16] and text_scale in [0.25, 8], got {} and {}",
                self.pixel_ratio, self.text_scale
            )));
        }
        Ok(())
    }

    fn flag(flags: &[bool], k: usize) -> bool {
        flags.get(k).copied().unwrap_or(false)
    }

    /// The log10 range the colours span (a decade around a single value).
    fn span(&self) -> (f64, f64) {
        let (lo, hi) = self
            .values
            .iter()
            .flatten()
            .map(|v| v.log10())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), t| {
                (lo.min(t), hi.max(t))
            });
        match (lo.is_finite(), hi - lo > 1e-9) {
            (false, _) => (-1.0, 0.5),
            (true, false) => (lo - 0.5, lo + 0.5),
            (true, true) => (lo, hi),
        }
    }
}

/// Viridis at `t` in `[0, 1]`.
pub fn viridis(t: f64) -> RGBColor {
    let x = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let k = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - k as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + f * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Black or white, whichever reads better on `c`.
fn ink_on(c: RGBColor) -> RGBColor {
    let lum = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    if lum > 140.0 {
        RGBColor(0, 0, 0)
    } else {
        RGBColor(0xFF, 0xFF, 0xFF)
    }
}

/// Draws `chart` filling `area`. The layout's plot is the grid; its x axis counts columns
/// (column `c` at `x = c`) and its y axis rows (bottom row at `y = 0`).
///
/// # Errors
/// Invalid settings ([`TipHeatmap::validate`]) or a failing backend.
pub fn draw_tip_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TipHeatmap,
) -> Result<ChartLayout> {
    chart.validate()?;
    let style = Style::new(chart.theme, chart.pixel_ratio, chart.text_scale);
    area.fill(&style.colors.background).map_err(draw_error)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let (rows, cols) = (
        chart.rows.len().max(1) as i32,
        chart.cols.len().max(1) as i32,
    );
    let tick = style.tick_font();
    let mut label_w = 0;
    for l in &chart.rows {
        label_w = label_w.max(area.estimate_text_size(l, &tick).map_err(draw_error)?.0 as i32);
    }
    let left = style.text_px(24.0) + label_w + style.px(8.0);
    let bar_w = style.px(14.0);
    let right_room =
        style.px(12.0) + bar_w + style.px(6.0) + style.text_px(40.0) + style.text_px(22.0);
    let top = style.px(8.0);
    let bottom_room = style.text_px(46.0);
    let grid = PixelRect {
        left,
        top,
        right: (w - right_room).max(left + cols),
        bottom: (h - bottom_room).max(top + rows),
    };
    let cell_w = f64::from(grid.right - grid.left) / f64::from(cols);
    let cell_h = f64::from(grid.bottom - grid.top) / f64::from(rows);
    let (lo, hi) = chart.span();
    let shade = |v: f64| viridis((v.log10() - lo) / (hi - lo));
    let font_px = (cell_h * 0.3)
        .min(cell_w * 0.22)
        .min(14.0 * style.scale * style.text_scale);
    let cell_font = |ink: RGBColor| {
        FontDesc::new(FontFamily::SansSerif, font_px, FontStyle::Normal)
            .color(&ink)
            .pos(Pos::new(HPos::Center, VPos::Center))
    };
    for r in 0..rows {
        for c in 0..cols {
            let k = (r * cols + c) as usize;
            let x0 = grid.left + (f64::from(c) * cell_w).round() as i32;
            let x1 = grid.left + (f64::from(c + 1) * cell_w).round() as i32;
            let y1 = grid.bottom - (f64::from(r) * cell_h).round() as i32;
            let y0 = grid.bottom - (f64::from(r + 1) * cell_h).round() as i32;
            let centre = ((x0 + x1) / 2, (y0 + y1) / 2);
            let value = chart.values.get(k).copied().flatten();
            let (fill, text) = match value {
                Some(v) => (shade(v), format!("{v:.3}")),
                None if TipHeatmap::flag(&chart.diverged, k) => {
                    (style.colors.background, "diverged".to_string())
                }
                None => (style.colors.background, "…".to_string()),
            };
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))
                .map_err(draw_error)?;
            if value.is_none() && TipHeatmap::flag(&chart.diverged, k) {
                hatch(area, (x0, y0, x1, y1), &style)?;
            }
            area.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                style.line(style.colors.background, 1.0),
            ))
            .map_err(draw_error)?;
            if TipHeatmap::flag(&chart.best, k) {
                let inset = style.px(2.0);
                let ring = [(x0 + inset, y0 + inset), (x1 - inset, y1 - inset)];
                area.draw(&Rectangle::new(
                    ring,
                    style.line(style.colors.foreground, 3.0),
                ))
                .map_err(draw_error)?;
            }
            let ink = match value {
                Some(v) => ink_on(shade(v)),
                None => style.colors.foreground,
            };
            if font_px >= 7.0 * style.scale {
                area.draw(&Text::new(text, centre, cell_font(ink)))
                    .map_err(draw_error)?;
            }
        }
    }
    draw_axes(area, chart, &grid, (cell_w, cell_h), &style)?;
    draw_colour_bar(area, chart, &grid, (lo, hi), &style)?;
    area.present().map_err(draw_error)?;
    Ok(ChartLayout {
        plot: grid,
        x: AxisRange {
            min: -0.5,
            max: f64::from(cols) - 0.5,
            log: false,
        },
        steps_per_x: 1.0,
        y: AxisRange {
            min: -0.5,
            max: f64::from(rows) - 0.5,
            log: false,
        },
        right: None,
        metric_panel: None,
        pixel_ratio: chart.pixel_ratio,
    })
}

/// Diagonal lines across a diverged cell, so it reads as "no value" without colour.
fn hatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
    style: &Style,
) -> Result<()> {
    let step = style.px(9.0).max(2);
    let ink = style.line(style.colors.grid, 1.0);
    let mut d = 0;
    while d < (x1 - x0) + (y1 - y0) {
        // The segment of the line x - x0 + (y - y0) = d inside the cell.
        let a = (x0 + d.min(x1 - x0), y0 + (d - (x1 - x0)).max(0));
        let b = (x0 + (d - (y1 - y0)).max(0), y0 + d.min(y1 - y0));
        area.draw(&PathElement::new(vec![a, b], ink))
            .map_err(draw_error)?;
        d += step;
    }
    Ok(())
}

fn draw_axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TipHeatmap,
    grid: &PixelRect,
    (cell_w, cell_h): (f64, f64),
    style: &Style,
) -> Result<()> {
    let tick = |h, v| style.tick_font().pos(Pos::new(h, v));
    for (r, label) in chart.rows.iter().enumerate() {
        let y = grid.bottom - ((r as f64 + 0.5) * cell_h).round() as i32;
        let at = (grid.left - style.px(6.0), y);
        area.draw(&Text::new(
            label.clone(),
            at,
            tick(HPos::Right, VPos::Center),
        ))
        .map_err(draw_error)?;
    }
    for (c, label) in chart.cols.iter().enumerate() {
        let x = grid.left + ((c as f64 + 0.5) * cell_w).round() as i32;
        let at = (x, grid.bottom + style.px(5.0));
        area.draw(&Text::new(label.clone(), at, tick(HPos::Center, VPos::Top)))
            .map_err(draw_error)?;
    }
    let title = style.label_font().pos(Pos::new(HPos::Center, VPos::Bottom));
    let below = (
        (grid.left + grid.right) / 2,
        grid.bottom + style.text_px(44.0),
    );
    area.draw(&Text::new(chart.x_title.clone(), below, title.clone()))
        .map_err(draw_error)?;
    let beside = (style.px(2.0), (grid.top + grid.bottom) / 2);
    let rotated = style
        .label_font()
        .pos(Pos::new(HPos::Center, VPos::Top))
        .transform(FontTransform::Rotate270);
    area.draw(&Text::new(chart.y_title.clone(), beside, rotated))
        .map_err(draw_error)?;
    Ok(())
}

/// The colour bar right of the grid, with log ticks and its title.
fn draw_colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TipHeatmap,
    grid: &PixelRect,
    (lo, hi): (f64, f64),
    style: &Style,
) -> Result<()> {
    let x0 = grid.right + style.px(12.0);
    let x1 = x0 + style.px(14.0);
    let (top, bottom) = (grid.top, grid.bottom);
    let span = (bottom - top).max(1);
    for y in top..bottom {
        let t = f64::from(bottom - y) / f64::from(span);
        area.draw(&Rectangle::new([(x0, y), (x1, y + 1)], viridis(t).filled()))
            .map_err(draw_error)?;
    }
    area.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        style.line(style.colors.muted, 1.0),
    ))
    .map_err(draw_error)?;
    let max_ticks = ((f64::from(span) / (40.0 * style.scale)) as usize).clamp(2, 8);
    let (major, _) = log_ticks(10f64.powf(lo), 10f64.powf(hi), max_ticks);
    let font = style.tick_font().pos(Pos::new(HPos::Left, VPos::Center));
    for t in major
        .into_iter()
        .filter(|t| (lo - 1e-9..=hi + 1e-9).contains(t))
    {
        let y = bottom - ((t - lo) / (hi - lo) * f64::from(span)).round() as i32;
        area.draw(&PathElement::new(
            vec![(x1, y), (x1 + style.px(4.0), y)],
            style.line(style.colors.muted, 1.0),
        ))
        .map_err(draw_error)?;
        let value = 10f64.powf(t);
        let text = format!("{}", format!("{value:.6e}").parse::<f64>().unwrap_or(value));
        area.draw(&Text::new(text, (x1 + style.px(6.0), y), font.clone()))
            .map_err(draw_error)?;
    }
    let title = style
        .label_font()
        .pos(Pos::new(HPos::Center, VPos::Bottom))
        .transform(FontTransform::Rotate90);
    let (w, _) = area.dim_in_pixel();
    let at = (w as i32 - style.px(2.0), (top + bottom) / 2);
    area.draw(&Text::new(chart.value_title.clone(), at, title))
        .map_err(draw_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> TipHeatmap {
        TipHeatmap {
            rows: vec!["16".into(), "64".into(), "256".into()],
            cols: vec!["0.01".into(), "0.1".into(), "1".into()],
            values: vec![
                Some(0.30),
                Some(0.25),
                None,
                Some(0.60),
                Some(0.28),
                Some(0.40),
                Some(1.90),
                Some(0.70),
                None,
            ],
            diverged: vec![false, false, true, false, false, false, false, false, false],
            best: vec![false, true, false, false, true, false, false, true, false],
            x_title: "learning rate".into(),
            y_title: "batch size".into(),
            value_title: "validation loss".into(),
            ..TipHeatmap::default()
        }
    }

    fn svg(chart: &TipHeatmap, size: (u32, u32)) -> (String, ChartLayout) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
            draw_tip_heatmap(&root, chart).expect("draws")
        };
        if let Ok(dir) = std::env::var("LRLAB_SVG_DUMP") {
            let _ = std::fs::write(format!("{dir}/tip-heatmap-{}.svg", out.len()), &out);
        }
        (out, layout)
    }

    #[test]
    fn cells_carry_values_divergence_and_pending_marks() {
        let (out, layout) = svg(&chart(), (640, 400));
        for v in [
            "0.300", "0.250", "0.600", "0.280", "0.400", "1.900", "0.700",
        ] {
            assert!(out.contains(&format!(">\n{v}\n<")), "{v}");
        }
        assert_eq!(out.matches(">\ndiverged\n<").count(), 1);
        assert_eq!(out.matches(">\n…\n<").count(), 1, "the pending cell");
        for t in [
            "learning rate",
            "batch size",
            "validation loss",
            "16",
            "256",
            "1",
        ] {
            assert!(out.contains(&format!(">\n{t}\n<")), "{t}");
        }
        // The lowest value is viridis' dark end and its text white; the highest the yellow end.
        assert!(out.contains("fill=\"#440154\""), "darkest cell");
        assert!(out.contains("fill=\"#FDE725\""), "brightest cell");
        assert_eq!((layout.x.max, layout.y.max), (2.5, 2.5));
        assert!(layout.plot.left > 0 && layout.plot.right < 640);
        // Three best cells outlined in the foreground colour.
        assert_eq!(out.matches("fill=\"none\" stroke=\"#1B1F24\"").count(), 3);
    }

    #[test]
    fn viridis_ends_and_contrast() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(viridis(2.0), viridis(1.0));
        assert_eq!(ink_on(viridis(0.0)), RGBColor(0xFF, 0xFF, 0xFF));
        assert_eq!(ink_on(viridis(1.0)), RGBColor(0, 0, 0));
    }

    #[test]
    fn shape_and_values_are_checked_and_an_empty_grid_draws() {
        let mut bad = chart();
        bad.values.pop();
        let mut s = String::new();
        let root = SVGBackend::with_string(&mut s, (200, 200)).into_drawing_area();
        assert!(
            matches!(draw_tip_heatmap(&root, &bad), Err(Error::Config(m)) if m.contains("needs 9"))
        );
        let mut negative = chart();
        negative.values[0] = Some(-1.0);
        assert!(draw_tip_heatmap(&root, &negative).is_err());
        let mut pending = chart();
        pending.values = vec![None; 9];
        pending.diverged.clear();
        pending.best.clear();
        let (out, _) = svg(&pending, (300, 240));
        assert_eq!(out.matches(">\n…\n<").count(), 9);
    }
}
