//! The plot frame shared by the main chart and the validation-loss strip: label areas sized
//! to the tick labels, the mesh, a right axis, and the plot rectangle JavaScript maps the
//! mouse with.

use super::axis::Axis;
use super::layout::PixelRect;
use super::style::{draw_error, Style};
use crate::Result;
use plotters::chart::DualCoordChartContext;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Both panels' coordinates: x and a y axis of [`Axis`].
pub type Coords = Cartesian2d<Axis, Axis>;
/// A chart with a right-hand (secondary) axis; unused right axes are simply not drawn.
pub type Chart<'a, DB> = DualCoordChartContext<'a, DB, Coords, Coords>;

/// The shared geometry of the main plot and the metric strip, so their plots line up.
#[derive(Clone, Copy)]
pub struct Panel<'p> {
    /// The shared x axis.
    pub x: &'p Axis,
    /// This panel's y axis.
    pub y: &'p Axis,
    /// Width of the left label area (the same for both panels so the plots line up).
    pub left_w: i32,
    /// Width of the right label area.
    pub right_w: i32,
    /// Sizes and colours.
    pub style: &'p Style,
}

impl Panel<'_> {
    /// Lays out the panel in `area`, draws its mesh and axes, and returns the chart to draw
    /// data on. `x_title: None` leaves out the x tick labels (the strip below carries them).
    ///
    /// # Errors
    /// Only if the backend fails.
    pub fn build<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        y_title: &str,
        x_title: Option<&str>,
        right: Option<(&str, &Axis)>,
    ) -> Result<Chart<'a, DB>> {
        let style = self.style;
        let bottom = if x_title.is_some() {
            style.text_px(46.0)
        } else {
            style.px(8.0)
        };
        let right_axis = right.map_or_else(|| Axis::linear(0.0, 1.0, 2), |(_, a)| a.clone());
        let mut chart = ChartBuilder::on(area)
            .margin_top(style.px(6.0))
            .x_label_area_size(bottom)
            .y_label_area_size(self.left_w)
            .right_y_label_area_size(self.right_w)
            .build_cartesian_2d(self.x.clone(), self.y.clone())
            .map_err(draw_error)?
            .set_secondary_coord(self.x.clone(), right_axis);
        let show_x = x_title.is_some();
        let x_fmt = |v: &f64| {
            if show_x {
                self.x.label(*v)
            } else {
                String::new()
            }
        };
        let y_fmt = |t: &f64| self.y.label(*t);
        let mut mesh = chart.configure_mesh();
        mesh.bold_line_style(style.line(style.colors.grid, 1.0))
            .light_line_style(style.line(style.colors.grid_minor, 1.0))
            .axis_style(style.line(style.colors.muted, 1.0))
            .label_style(style.tick_font())
            .axis_desc_style(style.label_font())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .set_all_tick_mark_size(style.px(4.0))
            .y_desc(y_title);
        if let Some(title) = x_title {
            mesh.x_desc(title);
        }
        mesh.draw().map_err(draw_error)?;
        if let Some((title, axis)) = right {
            let fmt = |t: &f64| axis.label(*t);
            chart
                .configure_secondary_axes()
                .axis_style(style.line(style.colors.muted, 1.0))
                .label_style(style.tick_font())
                .axis_desc_style(style.label_font())
                .y_label_formatter(&fmt)
                .set_all_tick_mark_size(style.px(4.0))
                .y_desc(title)
                .draw()
                .map_err(draw_error)?;
        }
        Ok(chart)
    }
}

/// Room for the widest tick label, the tick marks and a rotated axis title.
///
/// # Errors
/// Only if the backend fails.
pub fn label_area_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axes: &[&Axis],
    style: &Style,
) -> Result<i32> {
    let font = style.tick_font();
    let mut widest = 0;
    for label in axes.iter().flat_map(|a| a.labels()) {
        widest = widest.max(
            area.estimate_text_size(&label, &font)
                .map_err(draw_error)?
                .0 as i32,
        );
    }
    Ok(widest + style.px(4.0 + 8.0 + 8.0) + style.text_px(18.0))
}

/// The data rectangle of `chart`: where x's and y's bounds land in backend pixels.
pub fn plot_rect<DB: DrawingBackend>(chart: &Chart<'_, DB>, x: &Axis, y: &Axis) -> PixelRect {
    let ((x_lo, x_hi), (y_lo, y_hi)) = (x.bounds(), y.bounds());
    let (left, top) = chart.backend_coord(&(x_lo, y_hi));
    let (right, bottom) = chart.backend_coord(&(x_hi, y_lo));
    PixelRect {
        left,
        top,
        right,
        bottom,
    }
}
