//! A few runs compared by one final number: bars from zero (losses, where zero is meaningful)
//! or points on a fitted axis (accuracies, whose differences of a point would vanish on bars
//! from zero), each labelled with its value; diverged runs are written out, not drawn as zero,
//! and runs still to come keep their place.

use super::axis::Axis;
use super::layout::{AxisRange, ChartLayout};
use super::palette::color;
use super::panel::{label_area_width, plot_rect, Panel};
use super::style::{draw_error, Style};
use super::theme::Theme;
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// Half the width of a bar, in slots (one slot per run).
const HALF_BAR: f64 = 0.34;

/// How the values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BarMode {
    /// Bars from zero.
    #[default]
    Bars,
    /// Points on an axis fitted to the values.
    Points,
}

/// One run's number.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Bar {
    /// Short text under its slot (`"Adam"`, `"0.1"`).
    pub label: String,
    /// The value; `None` for a run that diverged or has not finished.
    pub value: Option<f64>,
    /// Index into the Okabe-Ito palette.
    pub color: usize,
    /// Outlined and tagged "best".
    pub best: bool,
    /// The run diverged (otherwise a missing value is a run still to come).
    pub diverged: bool,
}

/// A comparison of runs by one number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TipBars {
    /// The runs, left to right.
    pub bars: Vec<Bar>,
    /// The value axis's title.
    pub y_title: String,
    /// Values are fractions shown as percentages.
    pub percent: bool,
    /// Bars or points.
    pub mode: BarMode,
    /// Colours.
    pub theme: Theme,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
}

impl Default for TipBars {
    fn default() -> Self {
        TipBars {
            bars: Vec::new(),
            y_title: String::new(),
            percent: false,
            mode: BarMode::Bars,
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
        }
    }
}

impl TipBars {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::Config`] for a non-finite value, `pixel_ratio` outside `(0, 16]` or
    /// `text_scale` outside `[0.25, 8]`.
    pub fn validate(&self) -> Result<()> {
        if let Some(b) = self
            .bars
            .iter()
            .find(|b| b.value.is_some_and(|v| !v.is_finite()))
        {
            return Err(Error::Config(format!(
                "the value of {:?} is not finite",
                b.label
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

    fn shown(&self, v: f64) -> f64 {
        if self.percent {
            100.0 * v
        } else {
            v
        }
    }

    /// The value as its label reads: `93.4%` or four significant digits.
    pub fn value_text(&self, v: f64) -> String {
        if self.percent {
            format!("{:.1}%", 100.0 * v)
        } else {
            let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
            format!("{v:.digits$}")
        }
    }
}

/// Draws `chart` filling `area`. The layout's x axis counts slots (run `k` at `x = k`, one
/// step per slot), so the page's hover readout lands on runs.
///
/// # Errors
/// Invalid settings ([`TipBars::validate`]) or a failing backend.
pub fn draw_tip_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TipBars,
) -> Result<ChartLayout> {
    chart.validate()?;
    let style = Style::new(chart.theme, chart.pixel_ratio, chart.text_scale);
    area.fill(&style.colors.background).map_err(draw_error)?;
    let (_, height) = area.dim_in_pixel();
    let strip = style.text_px(26.0);
    let (upper, lower) = area.split_vertically((height as i32 - strip).max(1));
    let n = chart.bars.len().max(1);
    let x = Axis::linear(-0.5, n as f64 - 0.5, n.min(12));
    let values = chart
        .bars
        .iter()
        .filter_map(|b| b.value)
        .map(|v| chart.shown(v));
    let (_, upper_h) = upper.dim_in_pixel();
    let ticks = ((f64::from(upper_h) / (50.0 * style.scale)) as usize).clamp(2, 8);
    let y = match chart.mode {
        BarMode::Bars => Axis::fit_linear(values.chain([0.0]), true, ticks),
        BarMode::Points => {
            let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
            // Room above the highest point for its label.
            let pad = if hi > lo { 0.25 * (hi - lo) } else { 1.0 };
            if lo.is_finite() {
                Axis::linear(lo - pad, hi + pad, ticks)
            } else {
                Axis::linear(0.0, 1.0, ticks)
            }
        }
    };
    let panel = Panel {
        x: &x,
        y: &y,
        left_w: label_area_width(&upper, &[&y], &style)?,
        right_w: style.px(16.0),
        style: &style,
    };
    let mut plot = panel.build(&upper, &chart.y_title, None, None)?;
    let (y_lo, y_hi) = y.bounds();
    let note = |h| style.note_font().pos(Pos::new(h, VPos::Bottom));
    for (k, bar) in chart.bars.iter().enumerate() {
        let at = k as f64;
        let ink = color(bar.color, chart.theme);
        let Some(v) = bar.value.map(|v| chart.shown(v)) else {
            let text = if bar.diverged { "diverged" } else { "…" };
            let base = y_lo + 0.04 * (y_hi - y_lo);
            let font = note(HPos::Center).color(&ink);
            plot.draw_series([Text::new(text.to_string(), (at, base), font)])
                .map_err(draw_error)?;
            continue;
        };
        let outline = style.line(style.colors.foreground, if bar.best { 2.5 } else { 0.0 });
        match chart.mode {
            BarMode::Bars => {
                let rect = [(at - HALF_BAR, y_lo.max(0.0)), (at + HALF_BAR, v)];
                plot.draw_series([Rectangle::new(rect, ink.mix(0.85).filled())])
                    .map_err(draw_error)?;
                if bar.best {
                    plot.draw_series([Rectangle::new(rect, outline)])
                        .map_err(draw_error)?;
                }
            }
            BarMode::Points => {
                let r = style.px(if bar.best { 8.0 } else { 6.5 });
                plot.draw_series([Circle::new((at, v), r, ink.filled())])
                    .map_err(draw_error)?;
                if bar.best {
                    plot.draw_series([Circle::new((at, v), r + style.px(3.0), outline)])
                        .map_err(draw_error)?;
                }
            }
        }
        let mut text = chart.value_text(bar.value.unwrap_or(v));
        if bar.best {
            text.push_str(" best");
        }
        let lift = (y_hi - y_lo)
            * if chart.mode == BarMode::Points {
                0.07
            } else {
                0.015
            };
        let font = style
            .font(12.5, style.colors.foreground)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        plot.draw_series([Text::new(text, (at, v + lift), font)])
            .map_err(draw_error)?;
    }
    let rect = plot_rect(&plot, &x, &y);
    draw_slot_labels(&lower, chart, &plot, &style)?;
    area.present().map_err(draw_error)?;
    Ok(ChartLayout {
        plot: rect,
        x: AxisRange {
            min: -0.5,
            max: n as f64 - 0.5,
            log: false,
        },
        steps_per_x: 1.0,
        y: y.range(),
        right: None,
        metric_panel: None,
        pixel_ratio: chart.pixel_ratio,
    })
}

/// Each run's label under its slot, shortened with an ellipsis when the slot is too narrow.
fn draw_slot_labels<DB: DrawingBackend>(
    strip: &DrawingArea<DB, Shift>,
    chart: &TipBars,
    plot: &super::panel::Chart<'_, DB>,
    style: &Style,
) -> Result<()> {
    let (base_x, _) = strip.get_base_pixel();
    let slot_w = {
        let (a, _) = plot.backend_coord(&(0.0, 0.0));
        let (b, _) = plot.backend_coord(&(1.0, 0.0));
        (b - a).max(1) - style.px(4.0)
    };
    let font = style.tick_font().pos(Pos::new(HPos::Center, VPos::Top));
    for (k, bar) in chart.bars.iter().enumerate() {
        let (px, _) = plot.backend_coord(&(k as f64, 0.0));
        let mut text = bar.label.clone();
        while text.chars().count() > 1
            && strip
                .estimate_text_size(&text, &font)
                .map_err(draw_error)?
                .0 as i32
                > slot_w
        {
            text.pop();
            text.pop();
            text.push('…');
        }
        strip
            .draw(&Text::new(text, (px - base_x, style.px(4.0)), font.clone()))
            .map_err(draw_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(chart: &TipBars, size: (u32, u32)) -> (String, ChartLayout) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
            draw_tip_bars(&root, chart).expect("draws")
        };
        if let Ok(dir) = std::env::var("LRLAB_SVG_DUMP") {
            let _ = std::fs::write(format!("{dir}/tip-bars-{}.svg", out.len()), &out);
        }
        (out, layout)
    }

    fn bar(label: &str, value: Option<f64>, color: usize) -> Bar {
        Bar {
            label: label.into(),
            value,
            color,
            ..Bar::default()
        }
    }

    #[test]
    fn bars_start_at_zero_with_values_best_and_divergence_written() {
        let chart = TipBars {
            bars: vec![
                Bar {
                    diverged: true,
                    ..bar("1.0", None, 0)
                },
                Bar {
                    best: true,
                    ..bar("0.1", Some(0.2512), 0)
                },
                bar("0.01", Some(0.61), 0),
                bar("0.001", None, 0),
            ],
            y_title: "validation loss".into(),
            ..TipBars::default()
        };
        let (out, layout) = svg(&chart, (600, 360));
        assert!(
            out.contains(">\n0.2512 best\n<") && out.contains(">\n0.6100\n<"),
            "{out}"
        );
        assert!(out.contains(">\ndiverged\n<") && out.contains(">\n…\n<"));
        assert!(out.contains(">\n0.001\n<") && out.contains(">\nvalidation loss\n<"));
        assert_eq!(
            (layout.x.min, layout.x.max, layout.steps_per_x),
            (-0.5, 3.5, 1.0)
        );
        assert_eq!(layout.y.min, 0.0);
        assert_eq!(
            out.matches("<rect").count(),
            4,
            "background, two bars, one outline"
        );
        assert_eq!(
            out.matches("fill=\"none\" stroke=\"#1B1F24\"").count(),
            1,
            "the best is outlined"
        );
    }

    #[test]
    fn points_zoom_on_accuracies_and_labels_shrink_to_fit() {
        let chart = TipBars {
            bars: vec![
                bar("Adam, lr = 0.001 (baseline)", Some(0.912), 0),
                Bar {
                    best: true,
                    ..bar("SGD", Some(0.935), 1)
                },
            ],
            percent: true,
            mode: BarMode::Points,
            theme: Theme::Dark,
            ..TipBars::default()
        };
        let (out, layout) = svg(&chart, (200, 300));
        assert!(
            out.contains(">\n91.2%\n<") && out.contains(">\n93.5% best\n<"),
            "{out}"
        );
        assert!(
            layout.y.min > 80.0 && layout.y.max < 100.0,
            "{:?}",
            layout.y
        );
        assert!(out.contains("…"), "the long label is shortened");
        assert!(out.contains("#161B22"));
    }

    #[test]
    fn bad_values_are_refused() {
        let chart = TipBars {
            bars: vec![bar("x", Some(f64::NAN), 0)],
            ..TipBars::default()
        };
        let mut s = String::new();
        let root = SVGBackend::with_string(&mut s, (100, 100)).into_drawing_area();
        assert!(matches!(
            draw_tip_bars(&root, &chart),
            Err(Error::Config(_))
        ));
        let empty = TipBars::default();
        let (_, layout) = svg(&empty, (300, 200));
        assert!(layout.plot.right > layout.plot.left);
    }
}
