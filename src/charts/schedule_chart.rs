//! The schedule chart's data: several named learning-rate curves (with momentum where a
//! scheduler cycles it), markers, shaded spans and ReduceLROnPlateau's validation loss.
//! [`draw_schedule_chart`](super::draw_schedule_chart) draws it on any plotters backend.

use super::theme::Theme;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// One configured schedule: `lr[k]` is `optimizer.param_groups[0]["lr"]` after `k` calls of
/// `scheduler.step()`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleSeries {
    /// Legend text.
    pub name: String,
    /// Index into the Okabe-Ito palette (wraps around).
    pub color: usize,
    /// Learning rate per step.
    pub lr: Vec<f64>,
    /// Momentum (SGD) or beta1 (Adam) per step, drawn dashed on the right axis; empty when the
    /// scheduler leaves it alone.
    pub momentum: Vec<f64>,
}

/// A labelled vertical line: a milestone, a restart, a reduction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Marker {
    /// The scheduler step it marks.
    pub step: f64,
    /// Short text drawn at the top of the line (may be empty).
    pub label: String,
    /// Palette index of the series it belongs to; `None` draws it in the muted ink.
    pub color: Option<usize>,
}

/// What a shaded span means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanKind {
    /// ReduceLROnPlateau waiting out `patience` epochs without improvement.
    #[default]
    Patience,
    /// ReduceLROnPlateau ignoring the metric for `cooldown` epochs after a reduction.
    Cooldown,
}

/// A shaded range of steps.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Span {
    /// First step.
    pub from: f64,
    /// Last step.
    pub to: f64,
    /// Patience or cooldown.
    pub kind: SpanKind,
    /// Palette index of the series it belongs to (patience spans); `None` for neutral shading.
    pub color: Option<usize>,
}

/// The metric ReduceLROnPlateau watches: `values[i]` is passed to the `i`-th
/// `scheduler.step(metric)` call, so it is drawn at step `first_step + i`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricCurve {
    /// Legend and axis text.
    pub name: String,
    /// One value per step.
    pub values: Vec<f64>,
    /// The step of `values[0]`.
    pub first_step: f64,
}

impl Default for MetricCurve {
    fn default() -> Self {
        MetricCurve {
            name: "validation loss".into(),
            values: Vec::new(),
            first_step: 1.0,
        }
    }
}

/// The unit of the x axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum XUnit {
    /// One x unit per `scheduler.step()`.
    #[default]
    Iterations,
    /// One x unit per `steps_per_epoch` steps.
    Epochs,
}

/// Everything the schedule chart shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleChart {
    /// Caption above the legend (empty: none).
    pub title: String,
    /// x axis title (empty: "iterations" or "epochs").
    pub x_label: String,
    /// y axis title.
    pub y_label: String,
    /// The curves.
    pub series: Vec<ScheduleSeries>,
    /// Vertical markers.
    pub markers: Vec<Marker>,
    /// Shaded step ranges.
    pub spans: Vec<Span>,
    /// ReduceLROnPlateau's metric, if any.
    pub metric: Option<MetricCurve>,
    /// Logarithmic learning-rate axis.
    pub log_y: bool,
    /// x axis unit.
    pub x_unit: XUnit,
    /// Scheduler steps per epoch (used when `x_unit` is epochs).
    pub steps_per_epoch: f64,
    /// Colours.
    pub theme: Theme,
    /// Backend pixels per CSS pixel (the page's devicePixelRatio; 2 for print-quality PNGs).
    pub pixel_ratio: f64,
    /// Text size relative to the defaults (12 px ticks), e.g. the page's root font size / 16,
    /// so a projected page gets a chart as legible as its text.
    pub text_scale: f64,
}

impl Default for ScheduleChart {
    fn default() -> Self {
        ScheduleChart {
            title: String::new(),
            x_label: String::new(),
            y_label: "learning rate".into(),
            series: Vec::new(),
            markers: Vec::new(),
            spans: Vec::new(),
            metric: None,
            log_y: false,
            x_unit: XUnit::Iterations,
            steps_per_epoch: 1.0,
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
        }
    }
}

impl ScheduleChart {
    /// Checks the values that would make the chart meaningless.
    ///
    /// # Errors
    /// [`Error::Config`] when `steps_per_epoch` is not a positive finite number, `pixel_ratio`
    /// is not in `(0, 16]`, `text_scale` not in `[0.25, 8]`, or a marker or span sits at a
    /// non-finite step.
    pub fn validate(&self) -> Result<()> {
        if !(self.steps_per_epoch.is_finite() && self.steps_per_epoch > 0.0) {
            return Err(Error::Config(format!(
                "steps_per_epoch must be a positive number, got {}",
                self.steps_per_epoch
            )));
        }
        if !(self.pixel_ratio > 0.0 && self.pixel_ratio <= 16.0) {
            return Err(Error::Config(format!(
                "pixel_ratio must be in (0, 16], got {}",
                self.pixel_ratio
            )));
        }
        if !(self.text_scale >= 0.25 && self.text_scale <= 8.0) {
            return Err(Error::Config(format!(
                "text_scale must be in [0.25, 8], got {}",
                self.text_scale
            )));
        }
        let steps = self.markers.iter().map(|m| m.step);
        let spans = self.spans.iter().flat_map(|s| [s.from, s.to]);
        if let Some(bad) = steps.chain(spans).find(|s| !s.is_finite()) {
            return Err(Error::Config(format!(
                "markers and spans need finite steps, got {bad}"
            )));
        }
        Ok(())
    }

    /// Scheduler steps per x unit.
    pub fn steps_per_x(&self) -> f64 {
        match self.x_unit {
            XUnit::Iterations => 1.0,
            XUnit::Epochs => self.steps_per_epoch,
        }
    }

    /// The x axis title.
    pub fn x_title(&self) -> String {
        match (self.x_label.is_empty(), self.x_unit) {
            (false, _) => self.x_label.clone(),
            (true, XUnit::Iterations) => "iterations (scheduler steps)".into(),
            (true, XUnit::Epochs) => "epochs".into(),
        }
    }

    /// The last step any curve reaches (at least 1, so an empty chart still has an x range).
    pub fn last_step(&self) -> f64 {
        let series = self
            .series
            .iter()
            .map(|s| s.lr.len().max(s.momentum.len()) as f64 - 1.0);
        let metric = self
            .metric
            .iter()
            .map(|m| m.first_step + m.values.len() as f64 - 1.0);
        series.chain(metric).fold(1.0, f64::max)
    }

    /// Whether any series has a momentum curve.
    pub fn has_momentum(&self) -> bool {
        self.series.iter().any(|s| !s.momentum.is_empty())
    }

    /// The metric curve, if it has anything to draw.
    pub fn drawable_metric(&self) -> Option<&MetricCurve> {
        self.metric
            .as_ref()
            .filter(|m| m.values.iter().any(|v| v.is_finite()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_uses_defaults_for_missing_fields() {
        let chart: ScheduleChart = serde_json::from_str(
            r#"{"series": [{"name": "StepLR", "lr": [0.1, 0.1, 0.01]}], "x_unit": "epochs"}"#,
        )
        .expect("valid json");
        assert_eq!(chart.steps_per_epoch, 1.0);
        assert_eq!(chart.y_label, "learning rate");
        assert_eq!(chart.series[0].color, 0);
        assert_eq!(chart.x_title(), "epochs");
        assert_eq!(chart.last_step(), 2.0);
    }

    #[test]
    fn rejects_meaningless_scales() {
        let mut chart = ScheduleChart {
            steps_per_epoch: 0.0,
            ..Default::default()
        };
        assert!(matches!(chart.validate(), Err(Error::Config(m)) if m.contains("steps_per_epoch")));
        chart.steps_per_epoch = 10.0;
        chart.pixel_ratio = f64::NAN;
        assert!(chart.validate().is_err());
        chart.pixel_ratio = 2.0;
        assert!(chart.validate().is_ok());
        chart.text_scale = 0.0;
        assert!(matches!(chart.validate(), Err(Error::Config(m)) if m.contains("text_scale")));
        chart.text_scale = 1.25;
        assert!(chart.validate().is_ok());
        chart.markers.push(Marker {
            step: f64::INFINITY,
            ..Default::default()
        });
        assert!(chart.validate().is_err());
    }

    #[test]
    fn epochs_divide_by_steps_per_epoch() {
        let chart = ScheduleChart {
            x_unit: XUnit::Epochs,
            steps_per_epoch: 50.0,
            ..Default::default()
        };
        assert_eq!(chart.steps_per_x(), 50.0);
        let chart = ScheduleChart {
            steps_per_epoch: 50.0,
            ..Default::default()
        };
        assert_eq!(chart.steps_per_x(), 1.0);
        assert_eq!(chart.x_title(), "iterations (scheduler steps)");
    }
}
