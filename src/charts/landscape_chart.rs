//! A loss landscape with the optimizer's path on it (Li et al., 2018, Figures 8-9): the grid's
//! loss (or accuracy) as filled contours with a colour bar, the path drawn on top with every
//! segment coloured by the learning rate in force, epoch ends and snapshots marked, start and
//! end labelled, and a legend for the lr colours above the plot.

use super::contour::{draw_filled_contours, ContourField, ContourLayout, ContourStyle};
use super::contour_colors::{ColorMap, ColorScale};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::palette::OKABE_ITO;
use super::style::{draw_error, Style};
use super::theme::Theme;
use super::ticks::short_scientific;
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// The lr ramp, low to high: Okabe-Ito sky blue, orange, vermillion (all distinct from the
/// washed viridis underneath once haloed).
const LR_RAMP: [usize; 3] = [5, 4, 1];

/// Which grid quantity fills the plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SurfaceMetric {
    /// Mean cross-entropy.
    #[default]
    Loss,
    /// Accuracy (fraction correct).
    Accuracy,
}

/// One point of a path on the plane (a `PlacedPoint` as the report gives it; other fields are
/// ignored).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LandscapePoint {
    /// Coordinate along `d1`.
    pub x: f64,
    /// Coordinate along `d2`.
    pub y: f64,
    /// The learning rate of the step that led here.
    pub lr: f64,
    /// Whether this is an epoch end.
    pub epoch_end: bool,
    /// The snapshot's number (0-based), when it is one.
    pub snapshot: Option<usize>,
}

/// What [`draw_landscape`] draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LandscapeChart {
    /// Grid coordinates along `d1`.
    pub x: Vec<f64>,
    /// Grid coordinates along `d2`.
    pub y: Vec<f64>,
    /// Row-major values, `values[j * x.len() + i]` at `(x[i], y[j])`; `null` is left blank.
    pub values: Vec<Option<f64>>,
    /// What the values are.
    pub metric: SurfaceMetric,
    /// Log colour bands (loss only).
    pub log: bool,
    /// The path, start first.
    pub path: Vec<LandscapePoint>,
    /// `[low, high]` of the lr colour ramp (shared by side-by-side charts); `null`: the path's.
    pub lr_range: Option<[f64; 2]>,
    /// Number of colour bands.
    pub levels: usize,
    /// Colours.
    pub theme: Theme,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
}

impl Default for LandscapeChart {
    fn default() -> Self {
        LandscapeChart {
            x: Vec::new(),
            y: Vec::new(),
            values: Vec::new(),
            metric: SurfaceMetric::Loss,
            log: true,
            path: Vec::new(),
            lr_range: None,
            levels: 16,
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
        }
    }
}

/// The ramp's colour for `lr` within `[lo, hi]` (log-spaced; a single lr takes the top).
pub fn lr_color(lr: f64, [lo, hi]: [f64; 2]) -> RGBColor {
    let t = if lo > 0.0 && hi > lo && lr > 0.0 {
        ((lr.ln() - lo.ln()) / (hi.ln() - lo.ln())).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let f = t * (LR_RAMP.len() - 1) as f64;
    let i = (f.floor() as usize).min(LR_RAMP.len() - 2);
    let w = f - i as f64;
    let (a, b) = (OKABE_ITO[LR_RAMP[i]].rgb, OKABE_ITO[LR_RAMP[i + 1]].rgb);
    let mix = |x: u8, y: u8| (f64::from(x) + w * (f64::from(y) - f64::from(x))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The smallest and largest positive finite lr of `path` (`None` without one).
pub fn lr_extent(path: &[LandscapePoint]) -> Option<[f64; 2]> {
    path.iter()
        .map(|p| p.lr)
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(None, |acc, v| match acc {
            None => Some([v, v]),
            Some([lo, hi]) => Some([lo.min(v), hi.max(v)]),
        })
}

/// Three significant digits, trailing zeros trimmed (`0.02`, `0.00141`); scientific below 1e-3.
fn lr_text(lr: f64) -> String {
    if !(1e-3..1e4).contains(&lr) {
        return short_scientific(lr);
    }
    let decimals = (2.0 - lr.log10().floor()).max(0.0) as usize;
    let text = format!("{lr:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

impl LandscapeChart {
    fn check(&self) -> Result<Style> {
        for (name, v) in [
            ("pixel_ratio", self.pixel_ratio),
            ("text_scale", self.text_scale),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::Config(format!("{name} must be positive, got {v}")));
            }
        }
        if !(2..=64).contains(&self.levels) {
            return Err(Error::Config(format!(
                "levels must be 2 to 64, got {}",
                self.levels
            )));
        }
        Ok(Style::new(self.theme, self.pixel_ratio, self.text_scale))
    }

    fn legend(&self, range: Option<[f64; 2]>, style: &Style) -> Vec<LegendEntry> {
        let mut entries = Vec::new();
        if let Some([lo, hi]) = range {
            let mids = if hi > lo * 1.0001 {
                vec![hi, (lo * hi).sqrt(), lo]
            } else {
                vec![hi]
            };
            for lr in mids {
                entries.push(LegendEntry {
                    swatch: Swatch::Line(lr_color(lr, [lo, hi])),
                    label: format!("lr {}", lr_text(lr)),
                });
            }
        }
        if self.path.iter().any(|p| p.epoch_end) {
            entries.push(LegendEntry {
                swatch: Swatch::Dots(style.colors.foreground),
                label: "epoch end".into(),
            });
        }
        if self.path.iter().any(|p| p.snapshot.is_some()) {
            entries.push(LegendEntry {
                swatch: Swatch::Patch(style.colors.foreground, 1.0),
                label: "snapshot S1, S2, …".into(),
            });
        }
        entries
    }
}

/// Draws `chart` onto `area`: legend, contours with colour bar, the path. Returns the layout
/// (in `area`'s pixels) for hover readouts.
///
/// # Errors
/// [`Error::Config`] for invalid view settings or a grid whose values do not match its axes
/// (see [`draw_filled_contours`]); otherwise only a failing backend.
pub fn draw_landscape<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LandscapeChart,
) -> Result<ContourLayout> {
    let style = chart.check()?;
    area.fill(&style.colors.background).map_err(draw_error)?;
    let range = chart.lr_range.or_else(|| lr_extent(&chart.path));
    let below = draw_legend(area, &chart.legend(range, &style), &style)?;
    let values: Vec<f64> = chart.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    let field = ContourField {
        nx: chart.x.len(),
        ny: chart.y.len(),
        values: &values,
        x: (
            chart.x.first().copied().unwrap_or(0.0),
            chart.x.last().copied().unwrap_or(0.0),
        ),
        y: (
            chart.y.first().copied().unwrap_or(0.0),
            chart.y.last().copied().unwrap_or(0.0),
        ),
    };
    let log = chart.log && chart.metric == SurfaceMetric::Loss;
    let contour = ContourStyle {
        levels: chart.levels,
        map: ColorMap::Viridis,
        wash: 0.35,
        scale: if log {
            ColorScale::Log
        } else {
            ColorScale::Linear
        },
        equal_aspect: false,
        x_title: "a (along d1)".into(),
        y_title: "b (along d2)".into(),
        bar_title: match (chart.metric, log) {
            (SurfaceMetric::Accuracy, _) => "validation accuracy".into(),
            (SurfaceMetric::Loss, true) => "loss − min (log bands)".into(),
            (SurfaceMetric::Loss, false) => "validation loss".into(),
        },
    };
    let mut layout = draw_filled_contours(&below, &field, &contour, &style)?;
    draw_path(&below, &layout, chart, range, &style)?;
    let (bx, by) = below.get_base_pixel();
    let (ax, ay) = area.get_base_pixel();
    let (dx, dy) = (bx - ax, by - ay);
    layout.plot.left += dx;
    layout.plot.right += dx;
    layout.plot.top += dy;
    layout.plot.bottom += dy;
    Ok(layout)
}

fn draw_path<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &ContourLayout,
    chart: &LandscapeChart,
    range: Option<[f64; 2]>,
    style: &Style,
) -> Result<()> {
    let path = &chart.path;
    if path.is_empty() {
        return Ok(());
    }
    let r = layout.plot;
    let inside = |(x, y): (i32, i32)| r.contains(x, y);
    let px = |p: &LandscapePoint| {
        let (x, y) = layout.to_pixel(p.x, p.y);
        let clamp = |v: f64| if v.is_finite() { v.round() as i32 } else { 0 };
        (clamp(x), clamp(y))
    };
    let pixels: Vec<(i32, i32)> = path.iter().map(px).collect();
    let bg = style.colors.background;
    let fg = style.colors.foreground;
    let halo = bg.mix(0.8).stroke_width(style.px(6.0).max(1) as u32);
    let plot = area.clone().shrink(
        (r.left, r.top),
        (
            (r.right - r.left).max(1) as u32,
            (r.bottom - r.top).max(1) as u32,
        ),
    );
    let local = |(x, y): (i32, i32)| (x - r.left, y - r.top);
    plot.draw(&PathElement::new(
        pixels.iter().map(|&p| local(p)).collect::<Vec<_>>(),
        halo,
    ))
    .map_err(draw_error)?;
    let range = range.unwrap_or([1.0, 1.0]);
    for (k, seg) in pixels.windows(2).enumerate() {
        let c = lr_color(path[k + 1].lr, range);
        plot.draw(&PathElement::new(
            vec![local(seg[0]), local(seg[1])],
            style.line(c, 2.5),
        ))
        .map_err(draw_error)?;
    }
    for (p, &at) in path.iter().zip(&pixels).filter(|(_, &at)| inside(at)) {
        if p.epoch_end {
            area.draw(&Circle::new(at, style.px(4.0), bg.filled()))
                .and_then(|_| area.draw(&Circle::new(at, style.px(2.5), fg.filled())))
                .map_err(draw_error)?;
        }
    }
    let label_font = style.font(12.0, fg).pos(Pos::new(HPos::Left, VPos::Bottom));
    for (p, &at) in path.iter().zip(&pixels).filter(|(_, &at)| inside(at)) {
        if let Some(s) = p.snapshot {
            let size = style.px(7.0).max(3);
            area.draw(&TriangleMarker::new(at, size + style.px(2.0), bg.filled()))
                .and_then(|_| area.draw(&TriangleMarker::new(at, size, fg.filled())))
                .and_then(|_| {
                    area.draw(&Text::new(
                        format!("S{}", s + 1),
                        (at.0 + style.px(7.0), at.1 - style.px(4.0)),
                        label_font.clone(),
                    ))
                })
                .map_err(draw_error)?;
        }
    }
    let ends = [
        (pixels[0], "start", false),
        (pixels[pixels.len() - 1], "end", true),
    ];
    for (at, label, filled) in ends {
        if !inside(at) {
            continue;
        }
        area.draw(&Circle::new(at, style.px(6.5), bg.filled()))
            .and_then(|_| area.draw(&Circle::new(at, style.px(5.0), fg.filled())))
            .map_err(draw_error)?;
        if !filled {
            area.draw(&Circle::new(at, style.px(3.0), bg.filled()))
                .map_err(draw_error)?;
        }
        let text_at = (at.0 + style.px(8.0), at.1 + style.px(14.0));
        area.draw(&Text::new(label, text_at, label_font.clone()))
            .map_err(draw_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bowl(n: usize) -> (Vec<f64>, Vec<Option<f64>>) {
        let axis: Vec<f64> = (0..n)
            .map(|k| -1.0 + 2.0 * k as f64 / (n - 1) as f64)
            .collect();
        let values = (0..n)
            .flat_map(|j| (0..n).map(move |i| (i, j)))
            .map(|(i, j)| Some(0.1 + axis[i] * axis[i] + 2.0 * axis[j] * axis[j]))
            .collect();
        (axis, values)
    }

    fn point(x: f64, y: f64, lr: f64) -> LandscapePoint {
        LandscapePoint {
            x,
            y,
            lr,
            ..LandscapePoint::default()
        }
    }

    fn chart() -> LandscapeChart {
        let (axis, values) = bowl(9);
        let mut path = vec![
            point(-0.8, 0.7, 0.2),
            point(-0.4, 0.3, 0.2),
            point(0.1, 0.1, 0.02),
            point(0.0, 0.0, 0.002),
        ];
        path[1].epoch_end = true;
        path[2].snapshot = Some(0);
        LandscapeChart {
            x: axis.clone(),
            y: axis,
            values,
            path,
            ..LandscapeChart::default()
        }
    }

    fn svg(chart: &LandscapeChart) -> (String, Result<ContourLayout>) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (420, 360)).into_drawing_area();
            draw_landscape(&root, chart)
        };
        (out, layout)
    }

    #[test]
    fn lr_colors_run_from_low_to_high() {
        let [lo, hi] = [1e-3, 1e-1];
        let sky = OKABE_ITO[5].rgb;
        let vermillion = OKABE_ITO[1].rgb;
        let c = lr_color(lo, [lo, hi]);
        assert_eq!((c.0, c.1, c.2), sky);
        let c = lr_color(hi, [lo, hi]);
        assert_eq!((c.0, c.1, c.2), vermillion);
        let orange = OKABE_ITO[4].rgb;
        let c = lr_color(1e-2, [lo, hi]);
        assert_eq!((c.0, c.1, c.2), orange);
        assert_eq!(lr_extent(&chart().path), Some([0.002, 0.2]));
        assert_eq!(lr_extent(&[]), None);
    }

    #[test]
    fn draws_contours_path_markers_and_the_lr_legend() {
        let (out, layout) = svg(&chart());
        let layout = layout.expect("draws");
        assert!(layout.plot.top > 20, "the legend sits above the plot");
        for text in [
            "lr 0.2",
            "lr 0.02",
            "lr 0.002",
            "epoch end",
            "S1",
            "start",
            "end",
        ] {
            assert!(out.contains(text), "{text} missing");
        }
        assert!(out.contains("loss − min (log bands)"));
        // The start's pixel lies where the layout maps (-0.8, 0.7).
        let (x, y) = layout.to_pixel(-0.8, 0.7);
        assert!(layout.plot.contains(x as i32, y as i32));
    }

    #[test]
    fn accuracy_is_linear_and_bad_settings_are_errors() {
        let mut c = chart();
        c.metric = SurfaceMetric::Accuracy;
        let (out, layout) = svg(&c);
        assert!(layout.is_ok());
        assert!(out.contains("validation accuracy"));
        c.values.pop();
        assert!(svg(&c).1.is_err(), "values must match the axes");
        let mut c = chart();
        c.levels = 1;
        assert!(svg(&c).1.is_err());
        let mut c = chart();
        c.pixel_ratio = 0.0;
        assert!(svg(&c).1.is_err());
    }

    #[test]
    fn blank_cells_and_an_empty_path_still_draw() {
        let mut c = chart();
        c.values[0] = None;
        c.path.clear();
        let (out, layout) = svg(&c);
        assert!(layout.is_ok());
        assert!(!out.contains(">start<"));
    }
}
