//! The confusion matrix of a classifier on the validation set: rows are true classes, columns
//! predicted ones. Correct cells are shaded blue and mistakes vermillion (Okabe-Ito), each by its
//! share of the row, so a class's typical confusion stands out whatever the class sizes.

use super::layout::PixelRect;
use super::palette::color;
use super::style::{draw_error, Style};
use super::theme::Theme;
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// Mistakes are rarer than hits: their shade is boosted so one in ten already reads strongly.
const MISTAKE_BOOST: f64 = 4.0;

/// A confusion matrix and how to draw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfusionChart {
    /// `counts[t * classes + p]`: validation images of class `t` predicted as `p`.
    pub counts: Vec<u32>,
    /// Number of classes (10 for digits).
    pub classes: usize,
    /// Colours.
    pub theme: Theme,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
}

impl Default for ConfusionChart {
    fn default() -> Self {
        ConfusionChart {
            counts: Vec::new(),
            classes: 10,
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
        }
    }
}

impl ConfusionChart {
    /// Checks the shape and scales.
    ///
    /// # Errors
    /// [`Error::Config`] unless `counts` holds `classes²` values (or none), `classes` is in
    /// `1..=100`, `pixel_ratio` in `(0, 16]` and `text_scale` in `[0.25, 8]`.
    pub fn validate(&self) -> Result<()> {
        if !(1..=100).contains(&self.classes) {
            return Err(Error::Config(format!(
                "classes must be in 1..=100, got {}",
                self.classes
            )));
        }
        let cells = self.classes * self.classes;
        if !self.counts.is_empty() && self.counts.len() != cells {
            return Err(Error::Config(format!(
                "a {0}x{0} confusion matrix needs {cells} counts, got {1}",
                self.classes,
                self.counts.len()
            )));
        }
        let scales_ok = self.pixel_ratio > 0.0
            && self.pixel_ratio <= 16.0
            && (0.25..=8.0).contains(&self.text_scale);
        if !scales_ok {
            return Err(Error::Config(format!(
                "pixel_ratio must be in (0, 16] and text_scale in [0.25, 8], got {} and {}",
                self.pixel_ratio, self.text_scale
            )));
        }
        Ok(())
    }

    fn count(&self, t: usize, p: usize) -> u32 {
        self.counts.get(t * self.classes + p).copied().unwrap_or(0)
    }
}

/// Draws the matrix filling `area` (a square grid with "true" and "predicted" labels) and
/// returns the grid's rectangle in backend pixels (cell `(t, p)` is row `t`, column `p`).
///
/// # Errors
/// Invalid settings ([`ConfusionChart::validate`]) or a failing backend.
pub fn draw_confusion_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ConfusionChart,
) -> Result<PixelRect> {
    chart.validate()?;
    let style = Style::new(chart.theme, chart.pixel_ratio, chart.text_scale);
    area.fill(&style.colors.background).map_err(draw_error)?;
    let (width, height) = area.dim_in_pixel();
    let (w, h) = (width as i32, height as i32);
    let n = chart.classes as i32;
    let margin = style.text_px(44.0);
    let side = ((w - margin - style.px(8.0)).min(h - margin - style.px(8.0)) / n).max(1);
    let grid = side * n;
    let left = margin + ((w - margin - grid) / 2 - style.px(4.0)).max(0);
    let top = style.px(6.0) + ((h - margin - grid) / 2).max(0);
    let (hit, miss) = (color(0, chart.theme), color(1, chart.theme));
    let font_px = (f64::from(side) * 0.42).min(14.0 * style.scale * style.text_scale);
    let cell_font = |ink: RGBColor| {
        FontDesc::new(FontFamily::SansSerif, font_px, FontStyle::Normal)
            .color(&ink)
            .pos(Pos::new(HPos::Center, VPos::Center))
    };
    for t in 0..chart.classes {
        let row_total: u32 = (0..chart.classes).map(|p| chart.count(t, p)).sum();
        for p in 0..chart.classes {
            let count = chart.count(t, p);
            let share = if row_total == 0 {
                0.0
            } else {
                f64::from(count) / f64::from(row_total)
            };
            let (shade, alpha) = if t == p {
                (hit, share)
            } else {
                (miss, (share * MISTAKE_BOOST).min(1.0))
            };
            let (x0, y0) = (left + p as i32 * side, top + t as i32 * side);
            let cell = [(x0, y0), (x0 + side, y0 + side)];
            area.draw(&Rectangle::new(cell, shade.mix(alpha).filled()))
                .map_err(draw_error)?;
            area.draw(&Rectangle::new(cell, style.line(style.colors.grid, 1.0)))
                .map_err(draw_error)?;
            if count > 0 && side >= style.px(14.0) {
                let ink = if alpha > 0.55 {
                    RGBColor(0xFF, 0xFF, 0xFF)
                } else {
                    style.colors.foreground
                };
                let centre = (x0 + side / 2, y0 + side / 2);
                area.draw(&Text::new(count.to_string(), centre, cell_font(ink)))
                    .map_err(draw_error)?;
            }
        }
    }
    draw_axis_labels(area, chart.classes, (left, top, side), &style)?;
    area.present().map_err(draw_error)?;
    Ok(PixelRect {
        left,
        top,
        right: left + grid,
        bottom: top + grid,
    })
}

fn draw_axis_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    classes: usize,
    (left, top, side): (i32, i32, i32),
    style: &Style,
) -> Result<()> {
    let grid = side * classes as i32;
    let tick = |h, v| style.tick_font().pos(Pos::new(h, v));
    for k in 0..classes {
        let middle = k as i32 * side + side / 2;
        let row = (left - style.px(6.0), top + middle);
        area.draw(&Text::new(
            k.to_string(),
            row,
            tick(HPos::Right, VPos::Center),
        ))
        .map_err(draw_error)?;
        let column = (left + middle, top + grid + style.px(4.0));
        area.draw(&Text::new(
            k.to_string(),
            column,
            tick(HPos::Center, VPos::Top),
        ))
        .map_err(draw_error)?;
    }
    let label = style.label_font().pos(Pos::new(HPos::Center, VPos::Top));
    let below = (left + grid / 2, top + grid + style.text_px(22.0));
    area.draw(&Text::new("predicted", below, label.clone()))
        .map_err(draw_error)?;
    let rotated = label.transform(FontTransform::Rotate270);
    let beside = (left - style.text_px(40.0), top + grid / 2);
    area.draw(&Text::new("true class", beside, rotated))
        .map_err(draw_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(chart: &ConfusionChart, size: (u32, u32)) -> (String, PixelRect) {
        let mut out = String::new();
        let rect = {
            let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
            draw_confusion_matrix(&root, chart).expect("draws")
        };
        if let Ok(dir) = std::env::var("LRLAB_SVG_DUMP") {
            let _ = std::fs::write(format!("{dir}/confusion-{}.svg", out.len()), &out);
        }
        (out, rect)
    }

    fn mostly_right() -> ConfusionChart {
        let mut counts = vec![0; 100];
        for c in 0..10 {
            counts[c * 10 + c] = 90;
        }
        counts[4 * 10 + 9] = 10;
        ConfusionChart {
            counts,
            ..Default::default()
        }
    }

    #[test]
    fn a_square_grid_with_counts_and_labels() {
        let (out, rect) = svg(&mostly_right(), (500, 420));
        assert_eq!(rect.right - rect.left, rect.bottom - rect.top, "square");
        assert!(rect.left > 0 && rect.right <= 500 && rect.bottom <= 420);
        assert_eq!(out.matches(">\n90\n<").count(), 10, "the diagonal");
        assert_eq!(out.matches(">\n10\n<").count(), 1, "the one confusion");
        assert!(out.contains(">\npredicted\n<") && out.contains(">\ntrue class\n<"));
        // The 4→9 mistake (10% of its row, boosted to 0.4) is vermillion.
        assert!(
            out.contains("opacity=\"0.4\" fill=\"#D55E00\""),
            "mistake shade"
        );
    }

    #[test]
    fn empty_and_malformed_matrices() {
        let (out, _) = svg(&ConfusionChart::default(), (300, 300));
        assert_eq!(
            out.matches(">\n0\n<").count(),
            2,
            "only the class labels: no counts before the first epoch"
        );
        let bad = ConfusionChart {
            counts: vec![1, 2, 3],
            ..Default::default()
        };
        let mut s = String::new();
        let root = SVGBackend::with_string(&mut s, (100, 100)).into_drawing_area();
        assert!(matches!(
            draw_confusion_matrix(&root, &bad),
            Err(Error::Config(m)) if m.contains("needs 100 counts")
        ));
    }

    #[test]
    fn tiny_cells_leave_the_numbers_out() {
        let (out, _) = svg(&mostly_right(), (120, 120));
        assert_eq!(out.matches(">\n90\n<").count(), 0);
    }
}
