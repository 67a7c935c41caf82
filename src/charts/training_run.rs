//! What the training charts draw: runs (a name, a colour and the [`History`] the trainer
//! recorded) and how to view them (x in iterations or epochs, log axis, smoothing, theme).

use super::axis::Axis;
use super::layout::{ChartLayout, PixelRect, RightAxis};
use super::legend::{draw_legend, LegendEntry};
use super::line_plot::{Plot, PlotFrame, VMarker};
use super::palette::color;
use super::schedule_chart::XUnit;
use super::style::{draw_error, Style};
use super::theme::Theme;
use crate::train::History;
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor};
use serde::{Deserialize, Serialize};

/// One training run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainingRun {
    /// Legend text.
    pub name: String,
    /// Index into the Okabe-Ito palette.
    pub color: usize,
    /// Everything the trainer recorded so far.
    pub history: History,
    /// Mini-batches per epoch, to place iterations on an epoch axis.
    pub iterations_per_epoch: usize,
    /// A name per weight matrix, e.g. `"layer 1: 784→128"` (legend of the update-ratio chart).
    pub layers: Vec<String>,
    /// The iteration whose loss was not finite, when the run diverged.
    pub diverged_at: Option<usize>,
    /// Iterations per entry of the history's per-iteration series (a long run's history is
    /// thinned: see `train::Thinner`); 0 and 1 both mean every iteration.
    pub stride: usize,
}

impl TrainingRun {
    /// Where iteration `i` (1-based: the `i`-th `optimizer.step()`) sits on the x axis.
    pub fn x_of(&self, i: usize, unit: XUnit) -> f64 {
        match unit {
            XUnit::Iterations => i as f64,
            XUnit::Epochs => i as f64 / self.iterations_per_epoch.max(1) as f64,
        }
    }

    /// Iterations per history entry (at least 1).
    pub fn stride(&self) -> usize {
        self.stride.max(1)
    }

    /// The last iteration entry `k` (0-based) of a per-iteration series stands for.
    pub fn iteration_of(&self, k: usize) -> usize {
        (k + 1) * self.stride()
    }

    /// `(x, value)` for each entry of a per-iteration series, placed at the last iteration
    /// it stands for.
    pub fn per_iteration(&self, values: &[f64], unit: XUnit) -> Vec<(f64, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(k, v)| (self.x_of(self.iteration_of(k), unit), *v))
            .collect()
    }

    /// The x of the last recorded iteration, or of the one that diverged (0 before the first).
    pub fn last_x(&self, unit: XUnit) -> f64 {
        let recorded = self.history.loss.len() * self.stride();
        self.x_of(recorded.max(self.diverged_at.unwrap_or(0)), unit)
    }

    /// This run's colour.
    pub fn rgb(&self, theme: Theme) -> RGBColor {
        color(self.color, theme)
    }
}

/// How the training charts show the runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingView {
    /// Per-iteration charts against iterations or epochs.
    pub x_unit: XUnit,
    /// Logarithmic loss and learning-rate axes.
    pub log_y: bool,
    /// Weight of the exponential moving average drawn over noisy per-batch curves, in `[0, 1)`
    /// (0: no smoothing; TensorBoard's slider).
    pub smoothing: f64,
    /// Also draw the raw per-batch values, faint, under the smoothed curve.
    pub show_raw: bool,
    /// Colours.
    pub theme: Theme,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
}

impl Default for TrainingView {
    fn default() -> Self {
        TrainingView {
            x_unit: XUnit::Iterations,
            log_y: false,
            smoothing: 0.8,
            show_raw: true,
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
        }
    }
}

impl TrainingView {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::Config`] for `smoothing` outside `[0, 1)`, `pixel_ratio` outside `(0, 16]` or
    /// `text_scale` outside `[0.25, 8]`.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..1.0).contains(&self.smoothing) {
            return Err(Error::Config(format!(
                "smoothing must be in [0, 1), got {}",
                self.smoothing
            )));
        }
        if !(self.pixel_ratio > 0.0 && self.pixel_ratio <= 16.0) {
            return Err(Error::Config(format!(
                "pixel_ratio must be in (0, 16], got {}",
                self.pixel_ratio
            )));
        }
        if !(0.25..=8.0).contains(&self.text_scale) {
            return Err(Error::Config(format!(
                "text_scale must be in [0.25, 8], got {}",
                self.text_scale
            )));
        }
        Ok(())
    }

    /// The resolved style.
    pub fn style(&self) -> Style {
        Style::new(self.theme, self.pixel_ratio, self.text_scale)
    }

    /// The x axis title.
    pub fn x_title(&self) -> &'static str {
        match self.x_unit {
            XUnit::Iterations => "iterations (optimizer steps)",
            XUnit::Epochs => "epochs",
        }
    }

    /// An x axis from 0 to the furthest run, with ticks for a plot `width` backend pixels wide.
    pub fn x_axis(&self, runs: &[&TrainingRun], width: u32) -> Axis {
        let last = runs
            .iter()
            .map(|r| r.last_x(self.x_unit))
            .fold(1.0, f64::max);
        Axis::linear(0.0, last, self.x_ticks(width))
    }

    /// How many x ticks fit `width` backend pixels.
    pub fn x_ticks(&self, width: u32) -> usize {
        ((f64::from(width) / (90.0 * self.pixel_ratio)) as usize).clamp(2, 12)
    }

    /// How many y ticks fit `height` backend pixels.
    pub fn y_ticks(&self, height: u32) -> usize {
        ((f64::from(height) / (55.0 * self.pixel_ratio)) as usize).clamp(2, 10)
    }

    /// Iterations per x unit for the hover readout: 1, or the finest run's iterations per epoch.
    pub fn steps_per_x(&self, runs: &[&TrainingRun]) -> f64 {
        match self.x_unit {
            XUnit::Iterations => 1.0,
            XUnit::Epochs => runs
                .iter()
                .map(|r| r.iterations_per_epoch.max(1) as f64)
                .fold(1.0, f64::max),
        }
    }

    /// A layout for a plot at `plot` with axes `x` and `y`.
    pub fn layout(&self, plot: PixelRect, x: &Axis, y: &Axis, steps_per_x: f64) -> ChartLayout {
        ChartLayout {
            plot,
            x: x.range(),
            steps_per_x,
            y: y.range(),
            right: None,
            metric_panel: None,
            pixel_ratio: self.pixel_ratio,
        }
    }
}

/// The debiased exponential moving average TensorBoard draws: `s = w s + (1 - w) x`, divided by
/// `1 - w^n` so the start is not pulled towards 0. Non-finite values are passed through and
/// left out of the average.
pub fn smooth(values: &[f64], weight: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(values.len());
    let (mut acc, mut n) = (0.0, 0i32);
    for &v in values {
        if !v.is_finite() || weight <= 0.0 {
            out.push(v);
            continue;
        }
        acc = weight * acc + (1.0 - weight) * v;
        n += 1;
        out.push(acc / (1.0 - weight.powi(n)));
    }
    out
}

/// The values a linear or log axis is fitted to: raw values when they are drawn too.
pub fn fit_axis(values: impl IntoIterator<Item = f64>, log: bool, ticks: usize) -> Axis {
    if log {
        Axis::fit_log(values, ticks)
    } else {
        Axis::fit_linear(values, true, ticks)
    }
}

/// Fills `area` with the background, draws `legend` at the top and one panel below it: the
/// panel is made by `make(x_axis, y_ticks)` once the room left for it is known.
///
/// # Errors
/// Invalid view settings ([`TrainingView::validate`]) or a failing backend.
pub fn draw_single_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[&TrainingRun],
    view: &TrainingView,
    legend: &[LegendEntry],
    make: impl FnOnce(&Axis, usize) -> Plot,
) -> Result<(ChartLayout, Plot)> {
    view.validate()?;
    let style = view.style();
    area.fill(&style.colors.background).map_err(draw_error)?;
    let body = draw_legend(area, legend, &style)?;
    let (width, height) = body.dim_in_pixel();
    let x = view.x_axis(runs, width);
    let panel = make(&x, view.y_ticks(height));
    let frame = PlotFrame::fit(&body, &x, &[&panel], &style)?;
    let plot = frame.draw(&body, &panel)?;
    area.present().map_err(draw_error)?;
    let mut layout = view.layout(plot, &x, &panel.y, view.steps_per_x(runs));
    layout.right = panel.right.as_ref().map(|(axis, _)| RightAxis {
        quantity: "momentum".into(),
        range: axis.range(),
    });
    Ok((layout, panel))
}

/// Dashed vertical "diverged" markers at the iteration where each diverged run stopped.
pub fn divergence_markers(runs: &[&TrainingRun], view: &TrainingView) -> Vec<VMarker> {
    runs.iter()
        .filter_map(|r| {
            r.diverged_at.map(|i| VMarker {
                x: r.x_of(i, view.x_unit),
                label: "diverged".into(),
                color: r.rgb(view.theme),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothing_is_a_debiased_ema() {
        assert_eq!(smooth(&[1.0, 1.0, 1.0], 0.9), vec![1.0, 1.0, 1.0]);
        let s = smooth(&[2.0, 0.0], 0.5);
        assert_eq!(s[0], 2.0, "debiasing keeps the first value");
        assert!((s[1] - (0.5 * 2.0 * 0.5) / 0.75).abs() < 1e-12);
        assert_eq!(smooth(&[3.0, 4.0], 0.0), vec![3.0, 4.0]);
        let nan = smooth(&[1.0, f64::NAN, 1.0], 0.9);
        assert!(nan[1].is_nan() && nan[2] == 1.0);
    }

    #[test]
    fn iterations_map_to_epochs() {
        let run = TrainingRun {
            iterations_per_epoch: 4,
            ..Default::default()
        };
        assert_eq!(run.x_of(6, XUnit::Epochs), 1.5);
        assert_eq!(run.x_of(6, XUnit::Iterations), 6.0);
        let thinned = TrainingRun {
            stride: 4,
            ..run.clone()
        };
        assert_eq!(
            thinned.per_iteration(&[0.5, 0.25], XUnit::Iterations),
            vec![(4.0, 0.5), (8.0, 0.25)]
        );
        assert_eq!(
            run.per_iteration(&[0.5, 0.25], XUnit::Epochs),
            vec![(0.25, 0.5), (0.5, 0.25)]
        );
    }

    #[test]
    fn view_settings_are_checked() {
        let view: TrainingView = serde_json::from_str(r#"{"x_unit": "epochs"}"#).expect("json");
        assert_eq!(view.smoothing, 0.8);
        assert!(view.validate().is_ok());
        for bad in [
            TrainingView {
                smoothing: 1.0,
                ..view
            },
            TrainingView {
                pixel_ratio: 0.0,
                ..view
            },
            TrainingView {
                text_scale: 100.0,
                ..view
            },
        ] {
            assert!(matches!(bad.validate(), Err(Error::Config(_))));
        }
    }

    #[test]
    fn steps_per_x_follows_the_finest_run() {
        let owned = [4, 10].map(|ipe| TrainingRun {
            iterations_per_epoch: ipe,
            ..Default::default()
        });
        let runs = [&owned[0], &owned[1]];
        let view = TrainingView {
            x_unit: XUnit::Epochs,
            ..Default::default()
        };
        assert_eq!(view.steps_per_x(&runs), 10.0);
        assert_eq!(TrainingView::default().steps_per_x(&runs), 1.0);
    }
}
