//! What a drawn chart tells JavaScript so it can map the mouse back to data: pixel rectangles
//! and the value ranges they span.

use serde::{Deserialize, Serialize};

/// A rectangle in the backend's pixels (canvas pixels, i.e. CSS pixels times the pixel ratio).
/// Data coordinate `lo` maps to `left`/`bottom` and `hi` to `right`/`top`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PixelRect {
    /// x of the axis minimum.
    pub left: i32,
    /// y of the axis maximum.
    pub top: i32,
    /// x of the axis maximum.
    pub right: i32,
    /// y of the axis minimum.
    pub bottom: i32,
}

impl PixelRect {
    /// Whether the pixel `(x, y)` lies inside (edges included).
    pub fn contains(&self, x: i32, y: i32) -> bool {
        (self.left..=self.right).contains(&x) && (self.top..=self.bottom).contains(&y)
    }
}

/// The values an axis spans. On a log axis pixels are linear in `log10(value)`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct AxisRange {
    /// Value at the left or bottom edge.
    pub min: f64,
    /// Value at the right or top edge.
    pub max: f64,
    /// Whether the axis is logarithmic.
    pub log: bool,
}

/// The right-hand axis: momentum (or Adam's beta1) when a schedule cycles it, otherwise the
/// validation loss that drives ReduceLROnPlateau.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RightAxis {
    /// `"momentum"` or `"metric"`.
    pub quantity: String,
    /// Its range.
    pub range: AxisRange,
}

/// The lower strip holding the validation loss when the right axis is taken by momentum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricPanel {
    /// Its plot rectangle.
    pub plot: PixelRect,
    /// Its y axis.
    pub y: AxisRange,
}

/// Where [`draw_schedule_chart`](super::draw_schedule_chart) put things.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartLayout {
    /// The main plot's rectangle (learning rate against x).
    pub plot: PixelRect,
    /// The x axis, in the chart's x unit (iterations or epochs).
    pub x: AxisRange,
    /// Scheduler steps per x unit: step = x * steps_per_x.
    pub steps_per_x: f64,
    /// The learning-rate axis.
    pub y: AxisRange,
    /// The right axis, if one was drawn.
    pub right: Option<RightAxis>,
    /// The validation-loss strip, if drawn separately.
    pub metric_panel: Option<MetricPanel>,
    /// The backend pixels per CSS pixel the chart was drawn for.
    pub pixel_ratio: f64,
}
