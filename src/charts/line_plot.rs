//! One plot of polylines against a shared x axis, on a linear or log y axis with an
//! optional right axis, horizontal reference lines and labelled vertical markers. The training
//! charts are built from it; plots stacked with the same [`PlotFrame`] line up. The mesh and
//! label areas are the schedule chart's ([`super::panel`]).

use super::axis::Axis;
use super::layout::PixelRect;
use super::panel::{label_area_width, plot_rect, Chart, Panel as Frame};
use super::path::{drawable_runs, thin, Polyline};
use super::style::{draw_error, Style};
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Polylines with fewer points than this per 6 CSS pixels of plot width get a dot per point.
const DOT_SPACING_CSS: f64 = 6.0;

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    /// Its colour.
    pub color: RGBColor,
    /// Opacity (1 solid; raw per-batch curves are faint under their smoothed version).
    pub alpha: f64,
    /// Width in CSS pixels.
    pub width: f64,
    /// Dashed instead of solid.
    pub dashed: bool,
    /// A dot at every point while they stay apart (epoch records).
    pub dots: bool,
}

impl Ink {
    /// A solid line of `width` CSS pixels.
    pub fn solid(color: RGBColor, width: f64) -> Self {
        Ink {
            color,
            alpha: 1.0,
            width,
            dashed: false,
            dots: false,
        }
    }
}

/// A polyline in data values (x, y); y values the axis cannot show break it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The points.
    pub points: Polyline,
    /// How to draw them.
    pub ink: Ink,
    /// Measured against the right axis.
    pub right: bool,
}

/// A dashed horizontal line at a y value of the left axis, labelled at its right end.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Its y value.
    pub value: f64,
    /// Short text drawn above it.
    pub label: String,
}

/// A dashed vertical line at an x value, labelled at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct VMarker {
    /// Its x value.
    pub x: f64,
    /// Short text.
    pub label: String,
    /// Its colour.
    pub color: RGBColor,
}

/// One panel's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// Left axis.
    pub y: Axis,
    /// Left axis title.
    pub y_title: String,
    /// Right axis and its title.
    pub right: Option<(Axis, String)>,
    /// x axis title; `None` hides the x labels (a panel above another).
    pub x_title: Option<String>,
    /// The curves, drawn in order.
    pub lines: Vec<Line>,
    /// Horizontal reference lines.
    pub references: Vec<Reference>,
    /// Vertical markers.
    pub markers: Vec<VMarker>,
}

/// What stacked panels share so their plots line up: the x axis and the label areas.
#[derive(Debug, Clone, Copy)]
pub struct PlotFrame<'p> {
    /// The x axis.
    pub x: &'p Axis,
    /// Left label area in backend pixels.
    pub left_w: i32,
    /// Right label area in backend pixels.
    pub right_w: i32,
    /// Sizes and colours.
    pub style: &'p Style,
}

impl<'p> PlotFrame<'p> {
    /// A frame wide enough for the tick labels of every panel in `panels`.
    ///
    /// # Errors
    /// Only if the backend cannot measure text.
    pub fn fit<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        x: &'p Axis,
        panels: &[&Plot],
        style: &'p Style,
    ) -> Result<Self> {
        let left: Vec<&Axis> = panels.iter().map(|p| &p.y).collect();
        let right: Vec<&Axis> = panels
            .iter()
            .filter_map(|p| p.right.as_ref().map(|r| &r.0))
            .collect();
        let left_w = label_area_width(area, &left, style)?;
        let right_w = if right.is_empty() {
            style.px(16.0)
        } else {
            label_area_width(area, &right, style)?
        };
        Ok(PlotFrame {
            x,
            left_w,
            right_w,
            style,
        })
    }

    /// Draws `panel` filling `area`; returns its plot rectangle in backend pixels.
    ///
    /// # Errors
    /// Only if the backend fails.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        panel: &Plot,
    ) -> Result<PixelRect> {
        let style = self.style;
        let frame = Frame {
            x: self.x,
            y: &panel.y,
            left_w: self.left_w,
            right_w: self.right_w,
            style,
        };
        let right = panel.right.as_ref().map(|(a, t)| (t.as_str(), a));
        let mut chart = frame.build(area, &panel.y_title, panel.x_title.as_deref(), right)?;
        let (width, _) = chart.plotting_area().dim_in_pixel();
        let max_points = 4 * width as usize;
        let dot_limit = (f64::from(width) / (DOT_SPACING_CSS * style.scale)) as usize;
        let (lo, hi) = (self.x.bounds().0, self.x.bounds().1);
        for r in &panel.references {
            let Some(t) = panel.y.coord(r.value) else {
                continue;
            };
            let ink = style.line(style.colors.muted, 1.0);
            let dashed =
                DashedLineSeries::new(vec![(lo, t), (hi, t)], style.px(6.0), style.px(4.0), ink);
            chart.draw_series(dashed).map_err(draw_error)?;
        }
        let (y_lo, y_hi) = panel.y.bounds();
        for m in &panel.markers {
            let ink = style.line(m.color, 1.5);
            let line = vec![(m.x, y_lo), (m.x, y_hi)];
            let dashed = DashedLineSeries::new(line, style.px(4.0), style.px(3.0), ink);
            chart.draw_series(dashed).map_err(draw_error)?;
        }
        for line in &panel.lines {
            let axis = match (&panel.right, line.right) {
                (Some((axis, _)), true) => axis,
                _ => &panel.y,
            };
            let ink = line.ink;
            let shape = ink
                .color
                .mix(ink.alpha)
                .stroke_width(((ink.width * style.scale).round() as u32).max(1));
            for run in drawable_runs(&line.points, axis) {
                let dots: Vec<(f64, f64)> = if ink.dots && run.len() <= dot_limit {
                    run.clone()
                } else {
                    Vec::new()
                };
                let run = thin(run, max_points);
                let radius = style.px(2.0 + ink.width);
                let circles = dots
                    .into_iter()
                    .map(|p| Circle::new(p, radius, ink.color.mix(ink.alpha).filled()));
                if ink.dashed {
                    let series = DashedLineSeries::new(run, style.px(6.0), style.px(4.0), shape);
                    if line.right {
                        chart.draw_secondary_series(series).map_err(draw_error)?;
                    } else {
                        chart.draw_series(series).map_err(draw_error)?;
                    }
                } else if line.right {
                    chart
                        .draw_secondary_series(LineSeries::new(run, shape))
                        .map_err(draw_error)?;
                } else {
                    chart
                        .draw_series(LineSeries::new(run, shape))
                        .map_err(draw_error)?;
                }
                if line.right {
                    chart.draw_secondary_series(circles).map_err(draw_error)?;
                } else {
                    chart.draw_series(circles).map_err(draw_error)?;
                }
            }
        }
        draw_labels(&chart, panel, style)?;
        Ok(plot_rect(&chart, self.x, &panel.y))
    }
}

/// Reference labels sit just above their line at the right end; marker labels at the top of
/// their line (left of it when they would leave the plot).
fn draw_labels<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    panel: &Plot,
    style: &Style,
) -> Result<()> {
    let area = chart.plotting_area().strip_coord_spec();
    let (base_x, base_y) = area.get_base_pixel();
    let (width, _) = area.dim_in_pixel();
    let range = chart.x_range();
    let (x_lo, x_hi) = (range.start, range.end);
    let gap = style.px(3.0);
    for r in &panel.references {
        let Some(t) = panel.y.coord(r.value) else {
            continue;
        };
        let (px, py) = chart.backend_coord(&(x_hi, t));
        let font = style.note_font().pos(Pos::new(HPos::Right, VPos::Bottom));
        area.draw(&Text::new(
            r.label.clone(),
            (px - base_x - gap, py - base_y - gap),
            font,
        ))
        .map_err(draw_error)?;
    }
    let (_, y_hi) = panel.y.bounds();
    let font = style.note_font();
    for m in &panel.markers {
        if !(x_lo..=x_hi).contains(&m.x) || m.label.is_empty() {
            continue;
        }
        let (px, _) = chart.backend_coord(&(m.x, y_hi));
        let (text_w, _) = area
            .estimate_text_size(&m.label, &font)
            .map_err(draw_error)?;
        let mut left = px - base_x + gap;
        if left + text_w as i32 > width as i32 {
            left = px - base_x - gap - text_w as i32;
        }
        let ink = font.color(&m.color);
        area.draw(&Text::new(m.label.clone(), (left, gap), ink))
            .map_err(draw_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::Theme;

    fn svg(panel: &Plot) -> (String, PixelRect) {
        let mut out = String::new();
        let rect = {
            let root = SVGBackend::with_string(&mut out, (600, 400)).into_drawing_area();
            let style = Style::new(Theme::Light, 1.0, 1.0);
            let x = Axis::linear(0.0, 10.0, 5);
            let frame = PlotFrame::fit(&root, &x, &[panel], &style).expect("fits");
            frame.draw(&root, panel).expect("draws")
        };
        (out, rect)
    }

    fn panel(lines: Vec<Line>) -> Plot {
        Plot {
            y: Axis::fit_log([1e-4, 1e-2], 6),
            y_title: "ratio".into(),
            right: None,
            x_title: Some("iterations".into()),
            lines,
            references: vec![Reference {
                value: 1e-3,
                label: "1e-3".into(),
            }],
            markers: vec![VMarker {
                x: 4.0,
                label: "diverged".into(),
                color: RGBColor(0xD5, 0x5E, 0x00),
            }],
        }
    }

    #[test]
    fn draws_lines_references_and_markers() {
        let blue = RGBColor(0x00, 0x72, 0xB2);
        let line = Line {
            points: (0..=10).map(|i| (f64::from(i), 1e-3 * 1.5)).collect(),
            ink: Ink {
                dots: true,
                ..Ink::solid(blue, 2.0)
            },
            right: false,
        };
        let (out, rect) = svg(&panel(vec![line]));
        assert!(out.contains("stroke=\"#0072B2\""), "the line in its colour");
        assert_eq!(out.matches("<circle").count(), 11, "one dot per point");
        assert!(out.contains(">\ndiverged\n<") && out.contains(">\n1e-3\n<"));
        assert!(
            out.contains("stroke=\"#D55E00\""),
            "the marker in its colour"
        );
        assert!(rect.left > 0 && rect.right < 600 && rect.top < rect.bottom);
    }

    #[test]
    fn values_a_log_axis_cannot_show_break_the_line() {
        let points = vec![
            (0.0, 1e-3),
            (1.0, 2e-3),
            (2.0, 0.0),
            (3.0, 1e-3),
            (4.0, 2e-3),
        ];
        let line = Line {
            points,
            ink: Ink::solid(RGBColor(0, 0x9E, 0x73), 1.0),
            right: false,
        };
        let (out, _) = svg(&panel(vec![line]));
        assert_eq!(out.matches("stroke=\"#009E73\"").count(), 2, "two runs");
    }

    #[test]
    fn a_right_axis_gets_its_own_labels() {
        let mut p = panel(vec![Line {
            points: vec![(0.0, 0.9), (10.0, 0.8)],
            ink: Ink {
                dashed: true,
                ..Ink::solid(RGBColor(0, 0, 0), 1.0)
            },
            right: true,
        }]);
        p.right = Some((Axis::fit_linear([0.8, 0.9], false, 4), "momentum".into()));
        let (out, _) = svg(&p);
        assert!(out.contains(">\nmomentum\n<"));
        assert!(out.contains(">\n0.85\n<") || out.contains(">\n0.9\n<"));
    }
}
