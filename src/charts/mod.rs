//! Charts drawn with plotters, generic over the drawing backend: the same function draws to a
//! canvas in the page, to SVG in the CLI and in tests.

mod annotate;
mod axis;
mod confusion;
mod contour;
mod contour_colors;
mod draw_schedule;
mod landscape_chart;
mod landscape_pair;
mod layout;
mod legend;
mod line_plot;
mod lr_find;
mod lr_find_data;
mod palette;
mod panel;
mod path;
mod playground_chart;
mod playground_lr;
mod rect_bitmap;
mod schedule_chart;
mod search_chart;
mod style;
mod synthetic_loss;
mod theme;
mod ticks;
mod tip_curves;
mod tips_bars;
mod tips_heatmap;
mod training_curves;
mod training_epochs;
mod training_run;
mod update_ratio;

pub use axis::Axis;
pub use confusion::{draw_confusion_matrix, ConfusionChart};
pub use contour::{draw_filled_contours, ContourField, ContourLayout, ContourStyle};
pub use contour_colors::{Bands, ColorMap, ColorScale};
pub use draw_schedule::draw_schedule_chart;
pub use landscape_chart::{
    draw_landscape, lr_color, lr_extent, LandscapeChart, LandscapePoint, SurfaceMetric,
};
pub use landscape_pair::{draw_landscape_pair, LandscapePair, PairLayout};
pub use layout::{AxisRange, ChartLayout, MetricPanel, PixelRect, RightAxis};
pub use legend::{draw_legend, LegendEntry, Swatch};
pub use lr_find::{draw_lr_find_chart, mark_color, steps_per_decade, LrFindView};
pub use lr_find_data::{loss_at, LrFindPlot, Mark, StopMark};
pub use palette::{color, css_hex, PaletteColor, OKABE_ITO};
pub use playground_chart::{
    draw_paths, draw_playground, draw_surface, PathLayer, PathTrace, PlaygroundView,
};
pub use playground_lr::{draw_playground_lr, LrSeries};
pub use rect_bitmap::{blit_runs, RectBitmaps};
pub use schedule_chart::{
    Marker, MetricCurve, ScheduleChart, ScheduleSeries, Span, SpanKind, XUnit,
};
pub use search_chart::{draw_search_chart, LogSteps};
pub use style::Style;
pub use synthetic_loss::{synthetic_loss, SyntheticLoss};
pub use theme::{Theme, ThemeColors};
pub use ticks::{format_tick, log_ticks, nice_step, nice_ticks, short_scientific};
pub use tip_curves::{draw_tip_curves, CurveEpoch, CurveKind, CurveRun, TipCurves};
pub use tips_bars::{draw_tip_bars, Bar, BarMode, TipBars};
pub use tips_heatmap::{draw_tip_heatmap, viridis, TipHeatmap};
pub use training_curves::{draw_loss_chart, draw_lr_chart};
pub use training_epochs::draw_epoch_chart;
pub use training_run::{smooth, TrainingRun, TrainingView};
pub use update_ratio::{draw_update_ratio_chart, RULE_OF_THUMB};
