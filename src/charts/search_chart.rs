//! The coarse-to-fine search chart: the final losses (validation solid with dots, training
//! dashed) above and the validation accuracy below, against the learning rate on a log axis,
//! the coarse grid and the fine grid in their own colours, the best lr marked, and every run
//! that diverged marked as such at its lr instead of being drawn as a value.

use super::axis::Axis;
use super::layout::{AxisRange, ChartLayout, MetricPanel};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::line_plot::{Ink, Line, Plot, PlotFrame, VMarker};
use super::lr_find::LrFindView;
use super::palette::color;
use super::style::{draw_error, Style};
use super::ticks::format_tick;
use crate::lrfind::{GridPoint, Stage};
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use serde::Serialize;

/// Share of the height given to the loss panel.
const LOSS_SHARE: f64 = 0.56;
/// Losses spanning more than this factor go on a log axis.
const WIDE_RANGE: f64 = 30.0;

/// Where the hover steps of a search chart sit: step `s` is the lr `10^(origin + s /
/// per_decade)`; `per_decade` puts the closest two grid points at least one step apart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LogSteps {
    /// `log10` of the lr at step 0.
    pub origin: f64,
    /// Steps per decade.
    pub per_decade: f64,
}

impl LogSteps {
    /// Steps for the lrs of `points`: origin at the smallest, one step per closest gap (between
    /// 1 and 100 per decade).
    pub fn fit(points: &[GridPoint]) -> LogSteps {
        let mut logs: Vec<f64> = points
            .iter()
            .filter(|p| p.lr > 0.0 && p.lr.is_finite())
            .map(|p| p.lr.log10())
            .collect();
        logs.sort_by(f64::total_cmp);
        logs.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        let gap = logs
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold(f64::INFINITY, f64::min);
        let per_decade = if gap.is_finite() {
            (1.0 / gap).clamp(1.0, 100.0)
        } else {
            1.0
        };
        LogSteps {
            origin: logs.first().copied().unwrap_or(0.0),
            per_decade,
        }
    }

    /// The step of axis coordinate `t` (`log10 lr`).
    pub fn step(&self, t: f64) -> f64 {
        (t - self.origin) * self.per_decade
    }
}

/// Draws the search results `points` filling `area`, marking `best` (an lr) when given. The
/// layout's `plot` is the loss panel, its `metric_panel` the accuracy panel (percent), and its
/// x axis is in [`LogSteps`] of `points`.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_search_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[GridPoint],
    best: Option<f64>,
    view: &LrFindView,
) -> Result<ChartLayout> {
    view.validate()?;
    let style = Style::new(view.theme, view.pixel_ratio, view.text_scale);
    area.fill(&style.colors.background).map_err(draw_error)?;
    let stages = [Stage::Coarse, Stage::Fine];
    let mut legend = Vec::new();
    for (k, stage) in stages.iter().enumerate() {
        if points.iter().any(|p| p.stage == *stage) {
            let label = match stage {
                Stage::Coarse => "coarse grid",
                Stage::Fine => "fine grid",
            };
            legend.push(LegendEntry {
                swatch: Swatch::Dots(color(k, view.theme)),
                label: label.into(),
            });
        }
    }
    if !points.is_empty() {
        legend.push(LegendEntry {
            swatch: Swatch::Dashed(style.colors.muted),
            label: "training loss (last epoch)".into(),
        });
    }
    let body = draw_legend(area, &legend, &style)?;
    let (width, height) = body.dim_in_pixel();
    let x_ticks = ((f64::from(width) / (80.0 * view.pixel_ratio)) as usize).clamp(2, 12);
    let y_ticks = ((f64::from(height) / (110.0 * view.pixel_ratio)) as usize).clamp(2, 5);
    let x = Axis::fit_log(points.iter().map(|p| p.lr), x_ticks);
    let mut loss_lines = Vec::new();
    let mut acc_lines = Vec::new();
    for (k, stage) in stages.iter().enumerate() {
        let mut mine: Vec<&GridPoint> = points.iter().filter(|p| p.stage == *stage).collect();
        mine.sort_by(|a, b| a.lr.total_cmp(&b.lr));
        let c = color(k, view.theme);
        let series = |value: fn(&GridPoint) -> Option<f64>| -> Vec<(f64, f64)> {
            mine.iter()
                .map(|p| (p.lr.log10(), value(p).unwrap_or(f64::NAN)))
                .collect()
        };
        let dotted = Ink {
            dots: true,
            ..Ink::solid(c, 2.0)
        };
        let dashed = Ink {
            dashed: true,
            dots: true,
            ..Ink::solid(c, 1.5)
        };
        loss_lines.push(line(series(|p| p.train_loss), dashed));
        loss_lines.push(line(series(|p| p.val_loss), dotted));
        acc_lines.push(line(series(|p| p.val_acc.map(|a| 100.0 * a)), dotted));
    }
    let diverged: Vec<VMarker> = points
        .iter()
        .filter(|p| p.diverged_at.is_some())
        .map(|p| VMarker {
            x: p.lr.log10(),
            label: "diverged".into(),
            color: style.colors.muted,
        })
        .collect();
    let mut loss_markers = diverged.clone();
    let mut acc_markers = diverged;
    if let Some(lr) = best {
        let best = VMarker {
            x: lr.log10(),
            label: format!("best {}", format_tick(lr, 0.0)),
            color: color(2, view.theme),
        };
        loss_markers.push(best.clone());
        acc_markers.push(VMarker {
            label: String::new(),
            ..best
        });
    }
    let losses = points
        .iter()
        .flat_map(|p| [p.train_loss, p.val_loss])
        .flatten();
    let accs: Vec<f64> = points
        .iter()
        .filter_map(|p| p.val_acc.map(|a| 100.0 * a))
        .collect();
    let losses: Vec<f64> = losses.filter(|v| v.is_finite()).collect();
    let (lo, hi) = losses
        .iter()
        .fold((f64::INFINITY, 0.0_f64), |(a, b), &v| (a.min(v), b.max(v)));
    // A huge lr can end finite but enormous: on a linear axis it would flatten every other run.
    let log = lo > 0.0 && hi / lo > WIDE_RANGE;
    let loss_panel = Plot {
        y: if log {
            Axis::fit_log(losses, y_ticks)
        } else {
            Axis::fit_linear(losses, true, y_ticks)
        },
        y_title: if log {
            "final loss (log)"
        } else {
            "final loss"
        }
        .into(),
        right: None,
        x_title: None,
        lines: loss_lines,
        references: Vec::new(),
        markers: loss_markers,
    };
    let acc_panel = Plot {
        y: Axis::fit_linear(accs, false, y_ticks),
        y_title: "val. accuracy (%)".into(),
        right: None,
        x_title: Some("learning rate (log scale)".into()),
        lines: acc_lines,
        references: Vec::new(),
        markers: acc_markers,
    };
    let frame = PlotFrame::fit(&body, &x, &[&loss_panel, &acc_panel], &style)?;
    let (top, bottom) = body.split_vertically((f64::from(height) * LOSS_SHARE) as i32);
    let loss_rect = frame.draw(&top, &loss_panel)?;
    let acc_rect = frame.draw(&bottom, &acc_panel)?;
    area.present().map_err(draw_error)?;
    let steps = LogSteps::fit(points);
    let (lo, hi) = x.bounds();
    Ok(ChartLayout {
        plot: loss_rect,
        x: AxisRange {
            min: steps.step(lo),
            max: steps.step(hi),
            log: false,
        },
        steps_per_x: 1.0,
        y: loss_panel.y.range(),
        right: None,
        metric_panel: Some(MetricPanel {
            plot: acc_rect,
            y: acc_panel.y.range(),
        }),
        pixel_ratio: view.pixel_ratio,
    })
}

fn line(points: Vec<(f64, f64)>, ink: Ink) -> Line {
    Line {
        points,
        ink,
        right: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    fn point(stage: Stage, lr: f64, val: Option<f64>) -> GridPoint {
        GridPoint {
            stage,
            lr,
            train_loss: val.map(|v| v * 0.9),
            val_loss: val,
            val_acc: val.map(|v| 1.0 - v / 3.0),
            diverged_at: val.is_none().then_some(4),
        }
    }

    fn svg(points: &[GridPoint], best: Option<f64>) -> (String, ChartLayout) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (800, 520)).into_drawing_area();
            draw_search_chart(&root, points, best, &LrFindView::default()).expect("draws")
        };
        (out, layout)
    }

    /// The most points of any blue (coarse grid) polyline.
    fn longest_blue_line(svg: &str) -> usize {
        svg.split("<polyline")
            .skip(1)
            .filter(|e| e.contains("stroke=\"#0072B2\""))
            .filter_map(|e| e.split("points=\"").nth(1)?.split('"').next())
            .map(|p| p.split_whitespace().count())
            .max()
            .unwrap_or(0)
    }

    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n<"))
    }

    #[test]
    fn coarse_and_fine_grids_with_the_best_and_the_diverged_runs_marked() {
        let mut points: Vec<GridPoint> = [(1.0, None), (0.1, Some(0.4)), (0.01, Some(0.3))]
            .map(|(lr, v)| point(Stage::Coarse, lr, v))
            .to_vec();
        points.push(point(Stage::Fine, 0.02, Some(0.25)));
        let (out, layout) = svg(&points, Some(0.02));
        assert!(has_text(&out, "coarse grid") && has_text(&out, "fine grid"));
        assert!(has_text(&out, "diverged"), "the diverged run is labelled");
        assert!(has_text(&out, "best 0.02"));
        assert!(has_text(&out, "val. accuracy (%)"));
        let blue = "stroke=\"#0072B2\"";
        assert!(out.matches(blue).count() >= 3, "coarse lines");
        assert!(layout.metric_panel.is_some());
        // The closest gap is log10(2) decades: at least one step apart.
        let steps = LogSteps::fit(&points);
        assert!((steps.per_decade - 1.0 / 2f64.log10()).abs() < 1e-9);
        assert!((steps.step(0.02f64.log10()) - 1.0).abs() < 1e-9);
        assert!(layout.x.min < 0.0 && layout.x.max > steps.step(0.0));
    }

    #[test]
    fn a_diverged_run_breaks_the_line_instead_of_drawing_a_value() {
        let points = [
            point(Stage::Coarse, 1e-3, Some(0.5)),
            point(Stage::Coarse, 1e-2, None),
            point(Stage::Coarse, 1e-1, Some(0.6)),
        ];
        let (out, layout) = svg(&points, None);
        assert!(!layout.y.log, "close losses stay on a linear axis");
        // The legend's swatch is a two-point line; a joined curve would have three points.
        assert_eq!(
            longest_blue_line(&out),
            2,
            "no segment joins across the diverged run"
        );
        let mut fine = points;
        fine[1] = point(Stage::Coarse, 1e-2, Some(0.4));
        assert_eq!(longest_blue_line(&svg(&fine, None).0), 3);
        assert!(layout.y.max >= 0.6 && layout.y.min == 0.0);
        let mut wild = points;
        wild[2].val_loss = Some(3e4);
        assert!(
            svg(&wild, None).1.y.log,
            "a 1e4-fold range goes on a log axis"
        );
        let (empty, _) = svg(&[], None);
        assert!(has_text(&empty, "final loss"));
        assert_eq!(LogSteps::fit(&[]).per_decade, 1.0);
    }
}
