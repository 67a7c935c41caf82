//! The per-iteration training charts: the training loss of every batch (raw, faint, under its
//! moving average) and the learning rate and momentum the optimizer actually applied, for any
//! number of runs overlaid in their palette colours.

use super::layout::ChartLayout;
use super::legend::{LegendEntry, Swatch};
use super::line_plot::{Ink, Line, Plot};
use super::training_run::{
    divergence_markers, draw_single_panel, fit_axis, smooth, TrainingRun, TrainingView,
};
use super::Axis;
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// Opacity of the raw per-batch curves under their smoothed version; fainter when three or
/// more runs pile their noise on top of each other.
const RAW_ALPHA: f64 = 0.28;
const RAW_ALPHA_CROWDED: f64 = 0.16;

/// Draws the training loss of every iteration of every run filling `area`: the smoothed curve
/// (see [`TrainingView::smoothing`]) bold, the raw batch losses faint beneath it, and a
/// "diverged" marker where a run stopped.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_loss_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[&TrainingRun],
    view: &TrainingView,
) -> Result<ChartLayout> {
    let style = view.style();
    let mut legend = run_legend(runs, view);
    if view.show_raw && view.smoothing > 0.0 && !runs.is_empty() {
        legend.push(LegendEntry {
            swatch: Swatch::Patch(style.colors.muted, 0.45),
            label: "each batch (faint)".into(),
        });
    }
    let curves: Vec<(Vec<f64>, Vec<f64>)> = runs
        .iter()
        .map(|r| {
            let raw: Vec<f64> = r.history.loss.iter().map(|&v| f64::from(v)).collect();
            let smoothed = smooth(&raw, view.smoothing);
            (raw, smoothed)
        })
        .collect();
    let (layout, _) = draw_single_panel(area, runs, view, &legend, |_, ticks| {
        let fitted = curves.iter().flat_map(|(raw, smoothed)| {
            if view.show_raw {
                raw.iter()
            } else {
                smoothed.iter()
            }
        });
        let mut lines = Vec::new();
        for (run, (raw, smoothed)) in runs.iter().zip(&curves) {
            let c = run.rgb(view.theme);
            if view.show_raw && view.smoothing > 0.0 {
                let alpha = if runs.len() > 2 {
                    RAW_ALPHA_CROWDED
                } else {
                    RAW_ALPHA
                };
                let ink = Ink {
                    alpha,
                    ..Ink::solid(c, 1.0)
                };
                lines.push(line(run.per_iteration(raw, view.x_unit), ink, false));
            }
            let points = run.per_iteration(smoothed, view.x_unit);
            lines.push(line(points, Ink::solid(c, 2.0), false));
        }
        Plot {
            y: fit_axis(fitted.copied(), view.log_y, ticks),
            y_title: "training loss (cross-entropy)".into(),
            right: None,
            x_title: Some(view.x_title().into()),
            lines,
            references: Vec::new(),
            markers: divergence_markers(runs, view),
        }
    })?;
    Ok(layout)
}

/// Draws the learning rate each run's optimizer applied at every iteration, and its momentum
/// (SGD, RMSprop) or beta1 (Adam, AdamW) dashed on a right axis when a run has one.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_lr_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[&TrainingRun],
    view: &TrainingView,
) -> Result<ChartLayout> {
    let style = view.style();
    let has_momentum = runs.iter().any(|r| !r.history.momentum.is_empty());
    let mut legend = run_legend(runs, view);
    if has_momentum {
        legend.push(LegendEntry {
            swatch: Swatch::Dashed(style.colors.muted),
            label: "momentum / beta1".into(),
        });
    }
    let (layout, _) = draw_single_panel(area, runs, view, &legend, |_, ticks| {
        let mut lines = Vec::new();
        for run in runs {
            let c = run.rgb(view.theme);
            let lr = run.per_iteration(&run.history.lr, view.x_unit);
            lines.push(line(lr, Ink::solid(c, 2.0), false));
            if !run.history.momentum.is_empty() {
                let ink = Ink {
                    dashed: true,
                    ..Ink::solid(c, 1.5)
                };
                let m = run.per_iteration(&run.history.momentum, view.x_unit);
                lines.push(line(m, ink, true));
            }
        }
        let lrs = runs.iter().flat_map(|r| r.history.lr.iter().copied());
        let right = has_momentum.then(|| {
            let m = runs.iter().flat_map(|r| r.history.momentum.iter().copied());
            (
                Axis::fit_linear(m, false, ticks),
                "momentum / beta1".to_string(),
            )
        });
        Plot {
            y: fit_axis(lrs, view.log_y, ticks),
            y_title: "learning rate applied".into(),
            right,
            x_title: Some(view.x_title().into()),
            lines,
            references: Vec::new(),
            markers: divergence_markers(runs, view),
        }
    })?;
    Ok(layout)
}

/// One legend entry per run, in its colour.
pub fn run_legend(runs: &[&TrainingRun], view: &TrainingView) -> Vec<LegendEntry> {
    runs.iter()
        .map(|r| LegendEntry {
            swatch: Swatch::Line(r.rgb(view.theme)),
            label: r.name.clone(),
        })
        .collect()
}

fn line(points: Vec<(f64, f64)>, ink: Ink, right: bool) -> Line {
    Line { points, ink, right }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::charts::{Theme, XUnit};
    use crate::train::{EpochRecord, History};
    use plotters::prelude::*;

    /// A run of `epochs` epochs of 50 iterations whose loss decays from 2.3 with some noise.
    pub(crate) fn run(name: &str, color: usize, epochs: usize, lr: f64) -> TrainingRun {
        let n = epochs * 50;
        let mut h = History::new(2);
        for i in 0..n {
            let noise = if i % 2 == 0 { 0.1 } else { -0.1 };
            h.loss
                .push((2.3 * (-(i as f64) / 60.0).exp() + 0.1 + noise) as f32);
            h.lr.push(lr * 0.5f64.powi((i / 50) as i32));
            h.momentum.push(0.9);
            for (l, ratio) in h.update_ratio.iter_mut().enumerate() {
                ratio.push((1e-3 * (l + 1) as f64 * (-(i as f64) / 200.0).exp()) as f32);
            }
        }
        for e in 1..=epochs {
            h.epochs.push(EpochRecord {
                epoch: e,
                train_loss: 1.0 / e as f64,
                val_loss: 1.1 / e as f64,
                val_acc: 0.8 + 0.02 * e as f64,
                lr: lr * 0.5f64.powi(e as i32 - 1),
            });
        }
        TrainingRun {
            name: name.into(),
            color,
            history: h,
            iterations_per_epoch: 50,
            layers: vec!["layer 1: 784→128".into(), "layer 2: 128→10".into()],
            diverged_at: None,
            stride: 1,
        }
    }

    pub(crate) fn svg<F>(draw: F) -> (String, ChartLayout)
    where
        F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<ChartLayout>,
    {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (800, 500)).into_drawing_area();
            draw(&root).expect("draws")
        };
        if let Ok(dir) = std::env::var("LRLAB_SVG_DUMP") {
            let _ = std::fs::write(format!("{dir}/training-{}.svg", out.len()), &out);
        }
        (out, layout)
    }

    pub(crate) fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n<"))
    }

    #[test]
    fn loss_chart_overlays_runs_raw_and_smoothed() {
        let (adam, sgd) = (run("Adam", 0, 2, 1e-3), run("SGD", 1, 3, 0.1));
        let runs = [&adam, &sgd];
        let (out, layout) = svg(|a| draw_loss_chart(a, &runs, &TrainingView::default()));
        assert!(has_text(&out, "Adam") && has_text(&out, "SGD"));
        assert!(has_text(&out, "each batch (faint)"));
        assert!(has_text(&out, "training loss (cross-entropy)"));
        // Each run: a faint raw line and a bold smoothed line, plus its legend sample.
        assert!(out.matches("stroke=\"#0072B2\"").count() >= 3);
        assert!(out.contains("opacity=\"0.28\""), "raw curves are faint");
        assert_eq!((layout.x.min, layout.x.max), (0.0, 150.0));
        assert!(layout.y.min == 0.0 && layout.y.max > 2.3);

        let plain = TrainingView {
            show_raw: false,
            x_unit: XUnit::Epochs,
            log_y: true,
            ..Default::default()
        };
        let (out, layout) = svg(|a| draw_loss_chart(a, &runs, &plain));
        assert!(!out.contains("opacity=\"0.28\""));
        assert!(!has_text(&out, "each batch (faint)"));
        assert_eq!(layout.x.max, 3.0);
        assert_eq!(layout.steps_per_x, 50.0);
        assert!(layout.y.log);
        assert!(has_text(&out, "epochs"));
    }

    #[test]
    fn a_diverged_run_is_marked_where_it_stopped() {
        let mut bad = run("lr 10", 1, 1, 10.0);
        bad.history.loss.truncate(20);
        bad.history.lr.truncate(20);
        bad.diverged_at = Some(21);
        let (out, _) = svg(|a| draw_loss_chart(a, &[&bad], &TrainingView::default()));
        assert!(has_text(&out, "diverged"));
        let crowd = [&bad, &bad, &bad];
        let (out, _) = svg(|a| draw_loss_chart(a, &crowd, &TrainingView::default()));
        assert!(out.contains("opacity=\"0.16\"") && !out.contains("opacity=\"0.28\""));
        let (out, _) = svg(|a| draw_lr_chart(a, &[&bad], &TrainingView::default()));
        assert!(has_text(&out, "diverged"));
    }

    #[test]
    fn lr_chart_puts_momentum_on_a_right_axis() {
        let sgd = run("SGD", 2, 2, 0.1);
        let runs = [&sgd];
        let (out, layout) = svg(|a| draw_lr_chart(a, &runs, &TrainingView::default()));
        assert!(has_text(&out, "learning rate applied"));
        assert!(
            out.matches("momentum / beta1").count() >= 2,
            "legend and axis"
        );
        let right = layout.right.expect("a right axis");
        assert!(right.range.min < 0.9 && right.range.max > 0.9);
        assert!(layout.y.max >= 0.1);
        let mut plain = run("Adagrad", 3, 1, 0.01);
        plain.history.momentum.clear();
        let (out, layout) = svg(|a| draw_lr_chart(a, &[&plain], &TrainingView::default()));
        assert!(layout.right.is_none() && !out.contains("momentum / beta1"));
    }

    #[test]
    fn no_runs_still_draw_axes_and_dark_theme_applies() {
        let dark = TrainingView {
            theme: Theme::Dark,
            ..Default::default()
        };
        let (out, layout) = svg(|a| draw_loss_chart(a, &[], &dark));
        assert!(out.contains("#161B22"));
        assert!(layout.plot.right > layout.plot.left);
        let mut out = String::new();
        let root = SVGBackend::with_string(&mut out, (300, 200)).into_drawing_area();
        let bad = TrainingView {
            smoothing: -0.5,
            ..Default::default()
        };
        assert!(draw_loss_chart(&root, &[], &bad).is_err());
    }
}
