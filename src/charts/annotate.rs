//! What is drawn over a panel's mesh: shaded patience and cooldown spans, marker lines and
//! their labels, and the validation-loss curve.

use super::palette::color;
use super::panel::Chart;
use super::schedule_chart::{MetricCurve, ScheduleChart, SpanKind};
use super::style::{draw_error, Style};
use crate::Result;
use plotters::prelude::*;

/// Opacity of patience shading; cooldown uses a neutral grey at [`COOLDOWN_ALPHA`].
pub const PATIENCE_ALPHA: f64 = 0.14;
/// Opacity of cooldown shading.
pub const COOLDOWN_ALPHA: f64 = 0.22;

/// Shades every span over the full height of the panel.
///
/// # Errors
/// Only if the backend fails.
pub fn draw_spans<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    data: &ScheduleChart,
    style: &Style,
) -> Result<()> {
    let spx = data.steps_per_x();
    let (lo, hi) = y_bounds(chart);
    for span in &data.spans {
        let fill = match (span.kind, span.color) {
            (SpanKind::Cooldown, _) => style.colors.cooldown.mix(COOLDOWN_ALPHA),
            (SpanKind::Patience, Some(i)) => color(i, style.theme).mix(PATIENCE_ALPHA),
            (SpanKind::Patience, None) => style.colors.muted.mix(PATIENCE_ALPHA),
        };
        let rect = Rectangle::new([(span.from / spx, lo), (span.to / spx, hi)], fill.filled());
        chart
            .draw_series(std::iter::once(rect))
            .map_err(draw_error)?;
    }
    Ok(())
}

fn y_bounds<DB: DrawingBackend>(chart: &Chart<'_, DB>) -> (f64, f64) {
    let range = chart.y_range();
    (range.start, range.end)
}

fn marker_color(index: Option<usize>, style: &Style) -> RGBColor {
    index.map_or(style.colors.muted, |i| color(i, style.theme))
}

/// A dashed vertical line per marker.
///
/// # Errors
/// Only if the backend fails.
pub fn draw_marker_lines<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    data: &ScheduleChart,
    style: &Style,
) -> Result<()> {
    let spx = data.steps_per_x();
    let (lo, hi) = y_bounds(chart);
    for m in &data.markers {
        let x = m.step / spx;
        let line = style.line(marker_color(m.color, style), 1.0);
        let dashed =
            DashedLineSeries::new(vec![(x, lo), (x, hi)], style.px(4.0), style.px(3.0), line);
        chart.draw_series(dashed).map_err(draw_error)?;
    }
    Ok(())
}

/// Marker labels sit at the top of their line; a label that would overlap the previous one is
/// left out (the line stays), so dense restarts do not turn into a smear of text.
///
/// # Errors
/// Only if the backend fails.
pub fn draw_marker_labels<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    data: &ScheduleChart,
    style: &Style,
) -> Result<()> {
    let spx = data.steps_per_x();
    let area = chart.plotting_area().strip_coord_spec();
    let (base_x, _) = area.get_base_pixel();
    let (width, _) = area.dim_in_pixel();
    let (_, hi) = y_bounds(chart);
    let font = style.note_font();
    let mut sorted: Vec<_> = data
        .markers
        .iter()
        .filter(|m| !m.label.is_empty())
        .collect();
    sorted.sort_by(|a, b| a.step.total_cmp(&b.step));
    let mut free_from = i32::MIN;
    for m in sorted {
        let (px, _) = chart.backend_coord(&(m.step / spx, hi));
        let (text_w, _) = area
            .estimate_text_size(&m.label, &font)
            .map_err(draw_error)?;
        let (text_w, gap) = (text_w as i32, style.px(3.0));
        let mut left = px - base_x + gap;
        if left + text_w > width as i32 {
            left = px - base_x - gap - text_w;
        }
        if left < free_from || left < 0 {
            continue;
        }
        let ink = marker_color(m.color, style);
        let font = font.color(&ink);
        area.draw(&Text::new(m.label.clone(), (left, style.px(3.0)), font))
            .map_err(draw_error)?;
        free_from = left + text_w + style.px(6.0);
    }
    Ok(())
}

/// The metric as a thin line with a dot per value, on the right axis (`secondary`) or on the
/// panel's own y axis.
///
/// # Errors
/// Only if the backend fails.
pub fn draw_metric<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    metric: &MetricCurve,
    spx: f64,
    style: &Style,
    secondary: bool,
) -> Result<()> {
    let c = style.colors.metric;
    let points: Vec<(f64, f64)> = metric
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| ((metric.first_step + i as f64) / spx, *v))
        .filter(|(x, v)| x.is_finite() && v.is_finite())
        .collect();
    let line = LineSeries::new(points.clone(), style.line(c, 1.0));
    // Dots only while they stay apart; beyond that they would merge into a thick line.
    let dots = (points.len() <= 150)
        .then_some(points)
        .into_iter()
        .flatten();
    let dots = dots.map(|p| Circle::new(p, style.px(2.5), c.filled()));
    if secondary {
        chart.draw_secondary_series(line).map_err(draw_error)?;
        chart.draw_secondary_series(dots).map_err(draw_error)?;
    } else {
        chart.draw_series(line).map_err(draw_error)?;
        chart.draw_series(dots).map_err(draw_error)?;
    }
    Ok(())
}
