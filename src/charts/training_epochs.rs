//! The per-epoch training chart: validation loss (and the epoch's mean training loss, dashed)
//! above, validation accuracy below, sharing the epoch axis, for every run overlaid.

use super::layout::{ChartLayout, MetricPanel};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::line_plot::{Ink, Line, Plot, PlotFrame};
use super::style::draw_error;
use super::training_curves::run_legend;
use super::training_run::{fit_axis, TrainingRun, TrainingView};
use super::Axis;
use crate::train::EpochRecord;
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// Share of the height given to the loss panel.
const LOSS_SHARE: f64 = 0.56;

/// Draws the epoch records of `runs` filling `area`. The returned layout's `plot` is the loss
/// panel and its `metric_panel` the accuracy panel (in percent); x is the epoch number, and
/// `view.log_y` puts the losses on a log axis.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_epoch_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[&TrainingRun],
    view: &TrainingView,
) -> Result<ChartLayout> {
    view.validate()?;
    let style = view.style();
    area.fill(&style.colors.background).map_err(draw_error)?;
    let mut legend = run_legend(runs, view);
    if !runs.is_empty() {
        legend.push(LegendEntry {
            swatch: Swatch::Dots(style.colors.muted),
            label: "validation".into(),
        });
        legend.push(LegendEntry {
            swatch: Swatch::Dashed(style.colors.muted),
            label: "training (epoch mean)".into(),
        });
    }
    let body = draw_legend(area, &legend, &style)?;
    let (width, height) = body.dim_in_pixel();
    let epochs = runs
        .iter()
        .map(|r| r.history.epochs.len())
        .max()
        .unwrap_or(0);
    // One epoch of room on the right keeps the last record's dot off the plot's edge.
    let x_max = epochs.max(1) + 1;
    let x = Axis::linear(0.0, x_max as f64, view.x_ticks(width).min(x_max));
    let ticks = (view.y_ticks(height) / 2).max(2);

    let series = |value: fn(&EpochRecord) -> f64| -> Vec<Vec<(f64, f64)>> {
        runs.iter()
            .map(|r| {
                let records = &r.history.epochs;
                records.iter().map(|e| (e.epoch as f64, value(e))).collect()
            })
            .collect()
    };
    let (val, train, acc) = (
        series(|e| e.val_loss),
        series(|e| e.train_loss),
        series(|e| 100.0 * e.val_acc),
    );
    let mut loss_lines = Vec::new();
    let mut acc_lines = Vec::new();
    for (k, run) in runs.iter().enumerate() {
        let c = run.rgb(view.theme);
        let dotted = Ink {
            dots: true,
            ..Ink::solid(c, 2.0)
        };
        let dashed = Ink {
            dashed: true,
            ..Ink::solid(c, 1.5)
        };
        loss_lines.push(line(&train[k], dashed));
        loss_lines.push(line(&val[k], dotted));
        acc_lines.push(line(&acc[k], dotted));
    }
    let losses = val.iter().chain(&train).flatten().map(|p| p.1);
    let loss_panel = Plot {
        y: fit_axis(losses, view.log_y, ticks),
        y_title: "loss".into(),
        right: None,
        x_title: None,
        lines: loss_lines,
        references: Vec::new(),
        markers: Vec::new(),
    };
    let acc_panel = Plot {
        y: accuracy_axis(acc.iter().flatten().map(|p| p.1), ticks),
        y_title: "val. accuracy (%)".into(),
        right: None,
        x_title: Some("epochs".into()),
        lines: acc_lines,
        references: Vec::new(),
        markers: Vec::new(),
    };
    let frame = PlotFrame::fit(&body, &x, &[&loss_panel, &acc_panel], &style)?;
    let (top, bottom) = body.split_vertically((f64::from(height) * LOSS_SHARE) as i32);
    let loss_rect = frame.draw(&top, &loss_panel)?;
    let acc_rect = frame.draw(&bottom, &acc_panel)?;
    area.present().map_err(draw_error)?;
    let mut layout = view.layout(loss_rect, &x, &loss_panel.y, 1.0);
    layout.metric_panel = Some(MetricPanel {
        plot: acc_rect,
        y: acc_panel.y.range(),
    });
    Ok(layout)
}

/// A percent axis over `values` with some headroom (at least a point either side), never
/// above 100.
fn accuracy_axis(values: impl IntoIterator<Item = f64>, ticks: usize) -> Axis {
    let (lo, hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return Axis::linear(0.0, 100.0, ticks);
    }
    let pad = (0.08 * (hi - lo)).max(1.0);
    Axis::linear((lo - pad).max(0.0), (hi + pad).min(100.0), ticks)
}

fn line(points: &[(f64, f64)], ink: Ink) -> Line {
    Line {
        points: points.to_vec(),
        ink,
        right: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::training_curves::tests::{has_text, run, svg};

    #[test]
    fn loss_above_accuracy_below_sharing_epochs() {
        let (adam, sgd) = (run("Adam", 0, 3, 1e-3), run("SGD", 1, 5, 0.1));
        let runs = [&adam, &sgd];
        let (out, layout) = svg(|a| draw_epoch_chart(a, &runs, &TrainingView::default()));
        for text in [
            "Adam",
            "SGD",
            "validation",
            "training (epoch mean)",
            "loss",
            "epochs",
        ] {
            assert!(has_text(&out, text), "missing {text}");
        }
        assert!(has_text(&out, "val. accuracy (%)"));
        assert_eq!((layout.x.min, layout.x.max), (0.0, 6.0));
        let acc = layout.metric_panel.expect("an accuracy panel");
        assert_eq!(
            (acc.plot.left, acc.plot.right),
            (layout.plot.left, layout.plot.right)
        );
        assert!(acc.plot.top > layout.plot.bottom);
        assert!(acc.y.min < 82.0 && acc.y.max > 90.0 && acc.y.max <= 100.0);
        // 8 epoch records, one dot each in the loss panel and in the accuracy panel.
        assert_eq!(
            out.matches("<circle").count(),
            2 * 8 + 1,
            "dots plus legend"
        );
    }

    #[test]
    fn accuracy_axis_stays_within_percent() {
        let axis = accuracy_axis([99.9, 100.0], 4);
        assert!(axis.range().max <= 100.0 && axis.range().min < 99.9);
        assert_eq!(accuracy_axis([], 4).range().max, 100.0);
        let one = accuracy_axis([50.0], 4).range();
        assert!(one.min < 50.0 && one.max > 50.0);
    }

    #[test]
    fn no_epoch_yet_draws_empty_panels() {
        let mut r = run("fresh", 0, 1, 0.1);
        r.history.epochs.clear();
        let (_, layout) = svg(|a| draw_epoch_chart(a, &[&r], &TrainingView::default()));
        assert_eq!(layout.x.max, 2.0);
    }
}
