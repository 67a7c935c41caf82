//! A legend band above the plot: entries flow into as many centred rows as the width needs, so
//! the legend never hides a curve and still fits a phone.

use super::style::{draw_error, Style};
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

/// How an entry's sample is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A solid line (a learning-rate curve).
    Line(RGBColor),
    /// A dashed line (a momentum curve).
    Dashed(RGBColor),
    /// A line with dots (the validation loss).
    Dots(RGBColor),
    /// A filled block with the given opacity (a shaded span).
    Patch(RGBColor, f64),
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// What the entry shows.
    pub swatch: Swatch,
    /// Its text.
    pub label: String,
}

/// Draws `entries` at the top of `area` and returns the area below the legend.
///
/// # Errors
/// Only if the backend fails.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    style: &Style,
) -> Result<DrawingArea<DB, Shift>> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let font = style.label_font();
    let (width, _) = area.dim_in_pixel();
    let (swatch_w, gap, spacing, row_h) = (
        style.px(24.0),
        style.px(6.0),
        style.px(18.0),
        style.text_px(20.0),
    );
    let mut sized = Vec::with_capacity(entries.len());
    for entry in entries {
        let (text_w, _) = area
            .estimate_text_size(&entry.label, &font)
            .map_err(draw_error)?;
        sized.push((entry, swatch_w + gap + text_w as i32));
    }
    let rows = flow(
        &sized.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        width as i32 - 2 * gap,
        spacing,
    );
    let top = style.px(4.0);
    for (r, row) in rows.iter().enumerate() {
        let row_w: i32 =
            row.iter().map(|i| sized[*i].1).sum::<i32>() + spacing * (row.len() as i32 - 1);
        let mut x = (width as i32 - row_w).max(0) / 2;
        let y = top + r as i32 * row_h;
        for i in row {
            let (entry, w) = sized[*i];
            draw_swatch(area, entry.swatch, (x, y + row_h / 2), swatch_w, style)?;
            area.draw(&Text::new(
                entry.label.clone(),
                (x + swatch_w + gap, y + style.text_px(3.0)),
                font.clone(),
            ))
            .map_err(draw_error)?;
            x += w + spacing;
        }
    }
    let used = top + rows.len() as i32 * row_h + style.px(4.0);
    Ok(area.split_vertically(used).1)
}

/// Greedy line breaking: indices of the items on each row.
fn flow(widths: &[i32], max_width: i32, spacing: i32) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (i, w) in widths.iter().enumerate() {
        match rows.last_mut() {
            Some(row) if used + spacing + w <= max_width => {
                row.push(i);
                used += spacing + w;
            }
            _ => {
                rows.push(vec![i]);
                used = *w;
            }
        }
    }
    rows
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    (x, y): (i32, i32),
    w: i32,
    style: &Style,
) -> Result<()> {
    let line = |c: RGBColor| style.line(c, 2.0);
    match swatch {
        Swatch::Line(c) => area.draw(&PathElement::new(vec![(x, y), (x + w, y)], line(c))),
        Swatch::Dashed(c) => {
            let third = w / 3;
            area.draw(&PathElement::new(vec![(x, y), (x + third, y)], line(c)))
                .and_then(|_| {
                    area.draw(&PathElement::new(
                        vec![(x + 2 * third, y), (x + w, y)],
                        line(c),
                    ))
                })
        }
        Swatch::Dots(c) => area
            .draw(&PathElement::new(
                vec![(x, y), (x + w, y)],
                style.line(c, 1.0),
            ))
            .and_then(|_| area.draw(&Circle::new((x + w / 2, y), style.px(3.0), c.filled()))),
        Swatch::Patch(c, alpha) => {
            let h = style.px(6.0);
            area.draw(&Rectangle::new(
                [(x, y - h), (x + w, y + h)],
                c.mix(alpha).filled(),
            ))
        }
    }
    .map_err(draw_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_wraps_when_the_row_is_full() {
        assert_eq!(flow(&[40, 40, 40], 200, 10), vec![vec![0, 1, 2]]);
        assert_eq!(flow(&[40, 40, 40], 100, 10), vec![vec![0, 1], vec![2]]);
        // An entry wider than the row still gets a row of its own.
        assert_eq!(flow(&[300, 40], 100, 10), vec![vec![0], vec![1]]);
        assert!(flow(&[], 100, 10).is_empty());
    }
}
