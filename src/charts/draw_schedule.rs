//! Drawing a [`ScheduleChart`]: title, legend, the learning-rate plot with momentum or the
//! validation loss on a right axis, and (when both are present) a validation-loss strip below
//! sharing the x axis.

use super::annotate::{
    draw_marker_labels, draw_marker_lines, draw_metric, draw_spans, COOLDOWN_ALPHA, PATIENCE_ALPHA,
};
use super::axis::Axis;
use super::layout::{ChartLayout, MetricPanel, RightAxis};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::palette::color;
use super::panel::{label_area_width, plot_rect, Panel};
use super::path::{drawable_runs, staircase, thin};
use super::schedule_chart::{ScheduleChart, SpanKind};
use super::style::{draw_error, Style};
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Draws `data` filling `area` and returns where the plot landed, for the hover readout.
///
/// The learning rate is drawn as a staircase (it holds from one `scheduler.step()` to the
/// next); on a log axis, zero learning rates break the line rather than bending it to the
/// bottom edge.
///
/// # Errors
/// [`crate::Error::Config`] for invalid chart settings (see [`ScheduleChart::validate`]),
/// [`crate::Error::Io`] if the backend fails.
pub fn draw_schedule_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ScheduleChart,
) -> Result<ChartLayout> {
    data.validate()?;
    let style = Style::new(data.theme, data.pixel_ratio, data.text_scale);
    area.fill(&style.colors.background).map_err(draw_error)?;
    let body = draw_title(area, &data.title, &style)?;
    let body = draw_legend(&body, &legend_entries(data, &style), &style)?;

    let (width, height) = body.dim_in_pixel();
    let x_ticks = ((f64::from(width) / (90.0 * style.scale)) as usize).clamp(2, 12);
    let y_ticks = ((f64::from(height) / (55.0 * style.scale)) as usize).clamp(2, 10);
    let spx = data.steps_per_x();
    let x = Axis::linear(0.0, data.last_step() / spx, x_ticks);
    let lr = data.series.iter().flat_map(|s| s.lr.iter().copied());
    let y = if data.log_y {
        Axis::fit_log(lr, y_ticks)
    } else {
        Axis::fit_linear(lr, true, y_ticks)
    };
    let momentum = data.has_momentum().then(|| {
        Axis::fit_linear(
            data.series.iter().flat_map(|s| s.momentum.iter().copied()),
            false,
            y_ticks,
        )
    });
    let metric = data.drawable_metric();
    let split = momentum.is_some() && metric.is_some();
    let metric_ticks = if split { (y_ticks / 2).max(2) } else { y_ticks };
    let metric_axis =
        metric.map(|m| Axis::fit_linear(m.values.iter().copied(), false, metric_ticks));
    let right = match (&momentum, &metric, &metric_axis) {
        (Some(axis), _, _) => Some(("momentum", "momentum / beta1".to_string(), axis)),
        (None, Some(m), Some(axis)) => Some(("metric", m.name.clone(), axis)),
        _ => None,
    };

    let mut left_axes = vec![&y];
    if split {
        left_axes.extend(metric_axis.as_ref());
    }
    let left_w = label_area_width(&body, &left_axes, &style)?;
    let right_w = match &right {
        Some((_, _, axis)) => label_area_width(&body, &[axis], &style)?,
        None => style.px(16.0),
    };
    let (main_area, strip_area) = if split {
        let (top, bottom) = body.split_vertically((f64::from(height) * 0.64) as i32);
        (top, Some(bottom))
    } else {
        (body, None)
    };

    let x_title = data.x_title();
    let panel = Panel {
        x: &x,
        y: &y,
        left_w,
        right_w,
        style: &style,
    };
    let right_spec = right
        .as_ref()
        .map(|(_, title, axis)| (title.as_str(), *axis));
    let mut main = panel.build(
        &main_area,
        &data.y_label,
        (!split).then_some(x_title.as_str()),
        right_spec,
    )?;
    draw_spans(&mut main, data, &style)?;
    draw_marker_lines(&mut main, data, &style)?;
    if let (Some(m), false) = (metric, split) {
        draw_metric(&mut main, m, spx, &style, true)?;
    }
    let max_points = 4 * width as usize;
    for s in &data.series {
        let c = color(s.color, style.theme);
        let points = staircase(&s.lr, |k| k as f64 / spx);
        for run in drawable_runs(&points, &y) {
            main.draw_series(LineSeries::new(thin(run, max_points), style.line(c, 2.0)))
                .map_err(draw_error)?;
        }
        if let Some(axis) = &momentum {
            let points = staircase(&s.momentum, |k| k as f64 / spx);
            for run in drawable_runs(&points, axis) {
                let dashed = DashedLineSeries::new(
                    thin(run, max_points),
                    style.px(6.0),
                    style.px(4.0),
                    style.line(c, 1.5),
                );
                main.draw_secondary_series(dashed).map_err(draw_error)?;
            }
        }
    }
    draw_marker_labels(&main, data, &style)?;

    let mut layout = ChartLayout {
        plot: plot_rect(&main, &x, &y),
        x: x.range(),
        steps_per_x: spx,
        y: y.range(),
        right: right.as_ref().map(|(q, _, axis)| RightAxis {
            quantity: (*q).into(),
            range: axis.range(),
        }),
        metric_panel: None,
        pixel_ratio: data.pixel_ratio,
    };
    if let (Some(strip_area), Some(m), Some(axis)) = (strip_area, metric, &metric_axis) {
        let strip_panel = Panel { y: axis, ..panel };
        let mut strip = strip_panel.build(&strip_area, &m.name, Some(&x_title), None)?;
        draw_spans(&mut strip, data, &style)?;
        draw_marker_lines(&mut strip, data, &style)?;
        draw_metric(&mut strip, m, spx, &style, false)?;
        layout.metric_panel = Some(MetricPanel {
            plot: plot_rect(&strip, &x, axis),
            y: axis.range(),
        });
    }
    area.present().map_err(draw_error)?;
    Ok(layout)
}

fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    style: &Style,
) -> Result<DrawingArea<DB, Shift>> {
    if title.is_empty() {
        return Ok(area.clone());
    }
    let font = style
        .font(16.0, style.colors.foreground)
        .pos(Pos::new(HPos::Center, VPos::Top));
    let (width, _) = area.dim_in_pixel();
    area.draw(&Text::new(
        title.to_string(),
        (width as i32 / 2, style.px(6.0)),
        font,
    ))
    .map_err(draw_error)?;
    Ok(area.split_vertically(style.text_px(30.0)).1)
}

fn legend_entries(data: &ScheduleChart, style: &Style) -> Vec<LegendEntry> {
    let mut entries = Vec::new();
    for s in &data.series {
        let c = color(s.color, style.theme);
        entries.push(LegendEntry {
            swatch: Swatch::Line(c),
            label: s.name.clone(),
        });
        if !s.momentum.is_empty() {
            entries.push(LegendEntry {
                swatch: Swatch::Dashed(c),
                label: format!("{} momentum", s.name),
            });
        }
    }
    if let Some(m) = data.drawable_metric() {
        entries.push(LegendEntry {
            swatch: Swatch::Dots(style.colors.metric),
            label: m.name.clone(),
        });
    }
    let has = |kind| data.spans.iter().any(|s| s.kind == kind);
    if has(SpanKind::Patience) {
        let c = data
            .spans
            .iter()
            .find_map(|s| s.color)
            .map_or(style.colors.muted, |i| color(i, style.theme));
        entries.push(LegendEntry {
            swatch: Swatch::Patch(c, PATIENCE_ALPHA * 2.0),
            label: "patience".into(),
        });
    }
    if has(SpanKind::Cooldown) {
        let swatch = Swatch::Patch(style.colors.cooldown, COOLDOWN_ALPHA * 1.5);
        entries.push(LegendEntry {
            swatch,
            label: "cooldown".into(),
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::schedule_chart::{Marker, MetricCurve, ScheduleSeries, Span, XUnit};
    use crate::charts::Theme;
    use crate::Error;

    fn svg(chart: &ScheduleChart) -> (String, ChartLayout) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (800, 500)).into_drawing_area();
            draw_schedule_chart(&root, chart).expect("draws")
        };
        if let Ok(dir) = std::env::var("LRLAB_SVG_DUMP") {
            let name = chart.title.replace(' ', "_");
            let _ = std::fs::write(format!("{dir}/{name}-{}.svg", out.len()), &out);
        }
        (out, layout)
    }

    fn step_lr(n: usize) -> Vec<f64> {
        (0..=n)
            .map(|k| 0.1 * 0.1f64.powi((k / 30) as i32))
            .collect()
    }

    fn two_schedules() -> ScheduleChart {
        let cyclic: Vec<f64> = (0..=100)
            .map(|k| 0.01 + 0.09 * (1.0 - ((k % 20) as f64 / 10.0 - 1.0).abs()))
            .collect();
        let momentum: Vec<f64> = cyclic
            .iter()
            .map(|lr| 0.95 - (lr - 0.01) / 0.09 * 0.1)
            .collect();
        ScheduleChart {
            title: "Two schedules".into(),
            series: vec![
                ScheduleSeries {
                    name: "StepLR".into(),
                    color: 0,
                    lr: step_lr(100),
                    momentum: vec![],
                },
                ScheduleSeries {
                    name: "CyclicLR".into(),
                    color: 1,
                    lr: cyclic,
                    momentum,
                },
            ],
            markers: vec![
                Marker {
                    step: 30.0,
                    label: "milestone".into(),
                    color: Some(0),
                },
                Marker {
                    step: 60.0,
                    label: "milestone".into(),
                    color: Some(0),
                },
            ],
            ..Default::default()
        }
    }

    /// plotters' SVG puts each text on a line of its own.
    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n<"))
    }

    fn max_font_size(svg: &str) -> f64 {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse::<f64>().ok())
            .fold(0.0, f64::max)
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn draws_every_series_in_its_palette_colour() {
        let (out, layout) = svg(&two_schedules());
        assert!(out.contains("Two schedules"));
        assert!(has_text(&out, "StepLR") && has_text(&out, "CyclicLR momentum"));
        // Each curve is one polyline in its colour; the legend adds one more sample line each.
        assert!(count(&out, "stroke=\"#0072B2\"") >= 2, "blue StepLR");
        assert!(
            count(&out, "stroke=\"#D55E00\"") >= 2,
            "vermillion CyclicLR"
        );
        assert_eq!(count(&out, "\nmilestone\n"), 2);
        let right = layout.right.expect("momentum axis");
        assert_eq!(right.quantity, "momentum");
        assert!(right.range.min < 0.85 && right.range.max > 0.95);
        assert!(out.contains("momentum / beta1"));
    }

    #[test]
    fn layout_maps_steps_to_pixels() {
        let (_, layout) = svg(&two_schedules());
        let p = layout.plot;
        assert!(0 < p.left && p.left < p.right && p.right < 800, "{p:?}");
        assert!(0 < p.top && p.top < p.bottom && p.bottom < 500, "{p:?}");
        assert_eq!(layout.x.min, 0.0);
        assert_eq!(layout.x.max, 100.0);
        assert_eq!(layout.y.min, 0.0);
        assert!(layout.y.max >= 0.1 && !layout.y.log);
        assert_eq!(layout.steps_per_x, 1.0);
        assert!(layout.metric_panel.is_none());
    }

    #[test]
    fn log_axis_labels_decades() {
        let chart = ScheduleChart {
            log_y: true,
            series: vec![ScheduleSeries {
                name: "StepLR".into(),
                lr: step_lr(100),
                ..Default::default()
            }],
            ..Default::default()
        };
        let (out, layout) = svg(&chart);
        for label in ["1e-4", "1e-3", "0.01", "0.1"] {
            assert!(has_text(&out, label), "missing {label}");
        }
        assert!(layout.y.log && layout.y.min < 1e-4 && layout.y.max > 0.1);
        let linear = svg(&ScheduleChart {
            log_y: false,
            ..chart
        })
        .0;
        assert!(!has_text(&linear, "1e-4"));
    }

    #[test]
    fn epochs_divide_the_x_axis() {
        let chart = ScheduleChart {
            x_unit: XUnit::Epochs,
            steps_per_epoch: 10.0,
            ..two_schedules()
        };
        let (out, layout) = svg(&chart);
        assert_eq!(layout.x.max, 10.0);
        assert_eq!(layout.steps_per_x, 10.0);
        assert!(has_text(&out, "epochs"));
    }

    #[test]
    fn plateau_metric_takes_the_right_axis_or_a_strip() {
        let metric = MetricCurve {
            values: (0..100).map(|i| 2.0 / (1.0 + i as f64)).collect(),
            ..Default::default()
        };
        let plateau = ScheduleChart {
            series: vec![ScheduleSeries {
                name: "ReduceLROnPlateau".into(),
                lr: step_lr(100),
                ..Default::default()
            }],
            metric: Some(metric.clone()),
            spans: vec![
                Span {
                    from: 19.0,
                    to: 30.0,
                    kind: SpanKind::Patience,
                    color: Some(0),
                },
                Span {
                    from: 30.0,
                    to: 35.0,
                    kind: SpanKind::Cooldown,
                    color: None,
                },
            ],
            ..Default::default()
        };
        let (out, layout) = svg(&plateau);
        assert_eq!(
            layout.right.as_ref().map(|r| r.quantity.as_str()),
            Some("metric")
        );
        assert!(
            has_text(&out, "validation loss")
                && has_text(&out, "patience")
                && has_text(&out, "cooldown")
        );
        assert!(count(&out, "<circle") >= 100, "one dot per validation loss");

        let mut both = two_schedules();
        both.metric = Some(metric);
        let (_, layout) = svg(&both);
        assert_eq!(layout.right.map(|r| r.quantity), Some("momentum".into()));
        let strip = layout.metric_panel.expect("strip");
        assert_eq!(
            (strip.plot.left, strip.plot.right),
            (layout.plot.left, layout.plot.right)
        );
        assert!(strip.plot.top > layout.plot.bottom);
    }

    #[test]
    fn empty_and_dark_charts_draw() {
        let (out, layout) = svg(&ScheduleChart {
            theme: Theme::Dark,
            ..Default::default()
        });
        assert!(out.contains("#161B22"), "dark background");
        assert!(layout.plot.right > layout.plot.left);
    }

    #[test]
    fn invalid_settings_are_errors() {
        let mut out = String::new();
        let root = SVGBackend::with_string(&mut out, (400, 300)).into_drawing_area();
        let bad = ScheduleChart {
            steps_per_epoch: -1.0,
            ..Default::default()
        };
        assert!(matches!(
            draw_schedule_chart(&root, &bad),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn pixel_ratio_scales_the_drawing() {
        let mut small = String::new();
        let mut large = String::new();
        let one = {
            let root = SVGBackend::with_string(&mut small, (400, 300)).into_drawing_area();
            draw_schedule_chart(&root, &two_schedules()).expect("draws")
        };
        let two = {
            let root = SVGBackend::with_string(&mut large, (800, 600)).into_drawing_area();
            draw_schedule_chart(
                &root,
                &ScheduleChart {
                    pixel_ratio: 2.0,
                    ..two_schedules()
                },
            )
            .expect("draws")
        };
        // Same picture at twice the pixels: the plot rectangle doubles (to a few pixels).
        assert!(
            (two.plot.left - 2 * one.plot.left).abs() <= 4,
            "{one:?} {two:?}"
        );
        assert!(
            (two.plot.bottom - 2 * one.plot.bottom).abs() <= 4,
            "{one:?} {two:?}"
        );
        let (one_px, two_px) = (max_font_size(&small), max_font_size(&large));
        assert!(
            one_px > 0.0 && (two_px / one_px - 2.0).abs() < 1e-9,
            "{one_px} {two_px}"
        );
    }
}
