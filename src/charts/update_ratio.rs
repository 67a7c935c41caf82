//! The update-to-weight ratio chart: `‖ΔW‖ / ‖W‖` of each layer's weight matrix at every
//! iteration of one run, on a log axis with the cs231n rule of thumb (about 1e-3) as a
//! reference. It makes the lecture's first sentence visible: the learning rate scales the size
//! of the weight updates.

use super::layout::ChartLayout;
use super::legend::{LegendEntry, Swatch};
use super::line_plot::{Ink, Line, Plot, Reference};
use super::palette::color;
use super::training_run::{
    divergence_markers, draw_single_panel, smooth, TrainingRun, TrainingView,
};
use super::Axis;
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// The healthy update-to-weight ratio of the cs231n notes ("somewhere around 1e-3").
pub const RULE_OF_THUMB: f64 = 1e-3;

/// Draws `run`'s update ratio per layer filling `area` (raw faint, smoothed bold when
/// `view.show_raw`), colour by layer, with the 1e-3 reference line. `None` draws the empty
/// axes with the reference alone.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_update_ratio_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: Option<&TrainingRun>,
    view: &TrainingView,
) -> Result<ChartLayout> {
    let runs: Vec<&TrainingRun> = run.into_iter().collect();
    let curves: Vec<Vec<f64>> = runs
        .iter()
        .flat_map(|r| &r.history.update_ratio)
        .map(|layer| layer.iter().map(|&v| f64::from(v)).collect())
        .collect();
    let legend: Vec<LegendEntry> = runs
        .iter()
        .flat_map(|r| r.layers.iter().take(curves.len()))
        .enumerate()
        .map(|(l, name)| LegendEntry {
            swatch: Swatch::Line(color(l, view.theme)),
            label: name.clone(),
        })
        .collect();
    let (layout, _) = draw_single_panel(area, &runs, view, &legend, |_, ticks| {
        let mut lines = Vec::new();
        let mut fitted = vec![RULE_OF_THUMB];
        if let Some(r) = runs.first() {
            for (l, raw) in curves.iter().enumerate() {
                let c = color(l, view.theme);
                let smoothed = smooth(raw, view.smoothing);
                if view.show_raw && view.smoothing > 0.0 {
                    let ink = Ink {
                        alpha: 0.25,
                        ..Ink::solid(c, 1.0)
                    };
                    lines.push(Line {
                        points: r.per_iteration(raw, view.x_unit),
                        ink,
                        right: false,
                    });
                    fitted.extend_from_slice(raw);
                } else {
                    fitted.extend_from_slice(&smoothed);
                }
                lines.push(Line {
                    points: r.per_iteration(&smoothed, view.x_unit),
                    ink: Ink::solid(c, 2.0),
                    right: false,
                });
            }
        }
        Plot {
            y: Axis::fit_log(fitted, ticks),
            y_title: "update / weight  ‖ΔW‖ / ‖W‖".into(),
            right: None,
            x_title: Some(view.x_title().into()),
            lines,
            references: vec![Reference {
                value: RULE_OF_THUMB,
                label: "1e-3: cs231n rule of thumb".into(),
            }],
            markers: divergence_markers(&runs, view),
        }
    })?;
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::training_curves::tests::{has_text, run, svg};
    use crate::charts::Theme;

    #[test]
    fn one_line_per_layer_on_a_log_axis_with_the_rule_of_thumb() {
        let r = run("SGD", 4, 2, 0.1);
        let (out, layout) = svg(|a| draw_update_ratio_chart(a, Some(&r), &TrainingView::default()));
        assert!(has_text(&out, "layer 1: 784→128") && has_text(&out, "layer 2: 128→10"));
        assert!(has_text(&out, "1e-3: cs231n rule of thumb"));
        assert!(layout.y.log);
        assert!(layout.y.min < 1e-3 && layout.y.max > 2e-3, "{:?}", layout.y);
        // Layers take palette colours in order (blue, vermillion), not the run's orange.
        let blue = color(0, Theme::Light);
        let hex = format!("#{:02X}{:02X}{:02X}", blue.0, blue.1, blue.2);
        assert!(out.matches(&format!("stroke=\"{hex}\"")).count() >= 3);
    }

    #[test]
    fn without_a_run_the_reference_still_shows() {
        let (out, layout) = svg(|a| draw_update_ratio_chart(a, None, &TrainingView::default()));
        assert!(has_text(&out, "1e-3: cs231n rule of thumb"));
        assert!(layout.y.min < 1e-3 && layout.y.max > 1e-3);
    }
}
