//! The playground's learning-rate strip: the lr each path's step used, the whole schedule
//! faint and the steps already taken bold, with the current step marked.

use super::axis::Axis;
use super::layout::ChartLayout;
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::line_plot::{Ink, Line, Plot, PlotFrame, VMarker};
use super::palette::color;
use super::path::staircase;
use super::playground_chart::PlaygroundView;
use super::style::draw_error;
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A log axis is used when the positive learning rates span more than this factor.
const LOG_ABOVE_RATIO: f64 = 20.0;

/// One path's learning rates.
#[derive(Debug, Clone, PartialEq)]
pub struct LrSeries {
    /// Legend text.
    pub name: String,
    /// Okabe-Ito palette index.
    pub color: usize,
    /// `lrs[k]`: the learning rate of step `k + 1` (the step leaving point `k`).
    pub lrs: Vec<f64>,
}

/// Draws the learning rate against the step for every series filling `area`: bold up to
/// `step`, faint after it, a dashed marker at `step`, the x axis running to `steps`.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_playground_lr<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[LrSeries],
    step: usize,
    steps: usize,
    view: &PlaygroundView,
) -> Result<ChartLayout> {
    let style = view.style()?;
    area.fill(&style.colors.background).map_err(draw_error)?;
    let legend: Vec<LegendEntry> = series
        .iter()
        .map(|s| LegendEntry {
            swatch: Swatch::Line(color(s.color, style.theme)),
            label: s.name.clone(),
        })
        .collect();
    let body = draw_legend(area, &legend, &style)?;
    let (width, height) = body.dim_in_pixel();
    let x_ticks = ((f64::from(width) / style.scale / 90.0) as usize).clamp(2, 10);
    let y_ticks = ((f64::from(height) / style.scale / 40.0) as usize).clamp(2, 6);
    let x = Axis::linear(0.0, steps.max(1) as f64, x_ticks);
    let all = series.iter().flat_map(|s| s.lrs.iter().copied());
    let positive = all.clone().filter(|v| v.is_finite() && *v > 0.0);
    let (lo, hi) = positive.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let log = hi > 0.0 && hi / lo > LOG_ABOVE_RATIO;
    let y = if log {
        Axis::fit_log(all, y_ticks)
    } else {
        Axis::fit_linear(all, true, y_ticks)
    };
    let mut lines = Vec::new();
    for s in series {
        let c = color(s.color, style.theme);
        let points = staircase(&s.lrs, |k| k as f64);
        // The staircase has two points per step after the first: 2k + 1 points reach step k.
        let cut = (2 * step + 1).min(points.len());
        lines.push(Line {
            points: points.clone(),
            ink: Ink {
                alpha: 0.3,
                ..Ink::solid(c, 1.5)
            },
            right: false,
        });
        lines.push(Line {
            points: points[..cut].to_vec(),
            ink: Ink::solid(c, 2.5),
            right: false,
        });
    }
    let plot = Plot {
        y,
        y_title: "learning rate".into(),
        right: None,
        x_title: Some("step".into()),
        lines,
        references: Vec::new(),
        markers: vec![VMarker {
            x: step.min(steps) as f64,
            label: format!("step {step}"),
            color: style.colors.muted,
        }],
    };
    let frame = PlotFrame::fit(&body, &x, &[&plot], &style)?;
    let rect = frame.draw(&body, &plot)?;
    let (bx, by) = body.get_base_pixel();
    let (ax, ay) = area.get_base_pixel();
    let shift = |r: super::layout::PixelRect| super::layout::PixelRect {
        left: r.left + bx - ax,
        right: r.right + bx - ax,
        top: r.top + by - ay,
        bottom: r.bottom + by - ay,
    };
    Ok(ChartLayout {
        plot: shift(rect),
        x: x.range(),
        steps_per_x: 1.0,
        y: plot.y.range(),
        right: None,
        metric_panel: None,
        pixel_ratio: style.scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{css_hex, Theme};

    fn svg(series: &[LrSeries], step: usize) -> (String, ChartLayout) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (500, 220)).into_drawing_area();
            draw_playground_lr(&root, series, step, 100, &PlaygroundView::default()).expect("draws")
        };
        (out, layout)
    }

    #[test]
    fn bold_up_to_the_step_and_faint_after() {
        let decay = LrSeries {
            name: "SGD + StepLR".into(),
            color: 0,
            lrs: (0..=100).map(|k| 0.2 * 0.5f64.powi(k / 20)).collect(),
        };
        let (out, layout) = svg(std::slice::from_ref(&decay), 30);
        let blue = format!("stroke=\"{}\"", css_hex(0, Theme::Light).to_uppercase());
        assert!(
            out.matches(&blue).count() >= 3,
            "legend, faint and bold lines"
        );
        assert!(
            out.contains("opacity=\"0.3\""),
            "the rest of the schedule is faint"
        );
        assert!(out.contains(">\nstep 30\n<") && out.contains(">\nSGD + StepLR\n<"));
        assert!(layout.y.log, "a 32-fold decay goes on a log axis");
        assert_eq!((layout.x.min, layout.x.max), (0.0, 100.0));
        assert!(
            layout.plot.left > 0 && layout.plot.top > 0,
            "below the legend"
        );
    }

    #[test]
    fn a_wide_range_of_rates_goes_on_a_log_axis() {
        let wide = LrSeries {
            name: "lr 1e-3 .. 1".into(),
            color: 2,
            lrs: (0..=100)
                .map(|k| 10f64.powf(-3.0 + 3.0 * f64::from(k) / 100.0))
                .collect(),
        };
        let flat = LrSeries {
            name: "constant".into(),
            color: 1,
            lrs: vec![0.1; 101],
        };
        let (_, layout) = svg(&[wide, flat.clone()], 0);
        assert!(layout.y.log && layout.y.min < 1e-3 && layout.y.max > 1.0);
        let (_, layout) = svg(&[flat], 0);
        assert!(!layout.y.log && layout.y.min == 0.0 && layout.y.max > 0.1);
    }
}
