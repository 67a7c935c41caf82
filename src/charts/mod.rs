//! Charts drawn with plotters, generic over the drawing backend: the same function draws to a
//! canvas in the page, to SVG in the CLI and in tests.

mod annotate;
mod axis;
mod confusion;
mod draw_schedule;
mod layout;
mod legend;
mod line_plot;
mod palette;
mod panel;
mod path;
mod schedule_chart;
mod style;
mod synthetic_loss;
mod theme;
mod ticks;
mod tips_bars;
mod tips_heatmap;
mod training_curves;
mod training_epochs;
mod training_run;
mod update_ratio;

pub use axis::Axis;
pub use confusion::{draw_confusion_matrix, ConfusionChart};
pub use draw_schedule::draw_schedule_chart;
pub use layout::{AxisRange, ChartLayout, MetricPanel, PixelRect, RightAxis};
pub use legend::{draw_legend, LegendEntry, Swatch};
pub use palette::{color, css_hex, PaletteColor, OKABE_ITO};
pub use schedule_chart::{
    Marker, MetricCurve, ScheduleChart, ScheduleSeries, Span, SpanKind, XUnit,
};
pub use style::Style;
pub use synthetic_loss::{synthetic_loss, SyntheticLoss};
pub use theme::{Theme, ThemeColors};
pub use ticks::{format_tick, log_ticks, nice_step, nice_ticks, short_scientific};
pub use tips_bars::{draw_tip_bars, Bar, BarMode, TipBars};
pub use tips_heatmap::{draw_tip_heatmap, viridis, TipHeatmap};
pub use training_curves::{draw_loss_chart, draw_lr_chart};
pub use training_epochs::draw_epoch_chart;
pub use training_run::{smooth, TrainingRun, TrainingView};
pub use update_ratio::{draw_update_ratio_chart, RULE_OF_THUMB};
