//! Two landscapes on one figure, each under its title: the Snapshots panel's version of Huang
//! et al.'s Figure 1 (the standard schedule's path beside the cyclic run's, on one shared
//! plane and colour scale). Side by side on a wide area, one above the other on a tall one.

use super::contour::ContourLayout;
use super::landscape_chart::{draw_landscape, LandscapeChart};
use super::style::{draw_error, Style};
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// What [`draw_landscape_pair`] draws.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LandscapePair {
    /// The first picture (left, or top).
    pub left: LandscapeChart,
    /// The second picture (right, or bottom).
    pub right: LandscapeChart,
    /// The first picture's title.
    pub left_title: String,
    /// The second picture's title.
    pub right_title: String,
}

/// Where each picture's plot landed, in the whole area's pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PairLayout {
    /// The first picture.
    pub left: ContourLayout,
    /// The second picture.
    pub right: ContourLayout,
}

/// Draws both pictures of `pair`, each titled, sharing `area`.
///
/// # Errors
/// [`Error::Config`] when the two pictures do not share a theme, pixel ratio and text scale
/// (one figure has one look), or as [`draw_landscape`] for either picture.
pub fn draw_landscape_pair<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pair: &LandscapePair,
) -> Result<PairLayout> {
    let (a, b) = (&pair.left, &pair.right);
    if a.theme != b.theme || a.pixel_ratio != b.pixel_ratio || a.text_scale != b.text_scale {
        return Err(Error::Config(
            "both pictures of a pair need the same theme, pixel_ratio and text_scale".into(),
        ));
    }
    let positive = |v: f64| v.is_finite() && v > 0.0;
    if !(positive(a.pixel_ratio) && positive(a.text_scale)) {
        return Err(Error::Config(format!(
            "pixel_ratio and text_scale must be positive, got {} and {}",
            a.pixel_ratio, a.text_scale
        )));
    }
    let style = Style::new(a.theme, a.pixel_ratio, a.text_scale);
    area.fill(&style.colors.background).map_err(draw_error)?;
    let (w, h) = area.dim_in_pixel();
    let gap = style.px(16.0).max(0) as u32;
    let (first, second) = if w >= h {
        let half = w.saturating_sub(gap) / 2;
        let (l, rest) = area.split_horizontally(half);
        (l, rest.margin(0, 0, gap as i32, 0))
    } else {
        let half = h.saturating_sub(gap) / 2;
        let (t, rest) = area.split_vertically(half);
        (t, rest.margin(gap as i32, 0, 0, 0))
    };
    let left = titled(&first, &pair.left_title, a, &style)?;
    let right = titled(&second, &pair.right_title, b, &style)?;
    Ok(PairLayout { left, right })
}

/// `chart` under `title` in `cell`; the layout moved into the root's pixels.
fn titled<DB: DrawingBackend>(
    cell: &DrawingArea<DB, Shift>,
    title: &str,
    chart: &LandscapeChart,
    style: &Style,
) -> Result<ContourLayout> {
    let strip = if title.is_empty() {
        0
    } else {
        style.text_px(28.0).max(1) as u32
    };
    let (head, body) = cell.split_vertically(strip);
    if strip > 0 {
        let font = style
            .font(15.0, style.colors.foreground)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let (w, h) = head.dim_in_pixel();
        head.draw(&Text::new(
            title.to_string(),
            (w as i32 / 2, h as i32 / 2),
            font,
        ))
        .map_err(draw_error)?;
    }
    let mut layout = draw_landscape(&body, chart)?;
    // draw_landscape answers in `body`'s pixels; the readout maps the whole figure's.
    let (dx, dy) = body.get_base_pixel();
    layout.plot.left += dx;
    layout.plot.right += dx;
    layout.plot.top += dy;
    layout.plot.bottom += dy;
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::LandscapePoint;

    fn picture(shift: f64) -> LandscapeChart {
        let n = 9;
        let axis: Vec<f64> = (0..n)
            .map(|i| -1.0 + 2.0 * i as f64 / (n - 1) as f64)
            .collect();
        let values = (0..n * n)
            .map(|k| {
                let (x, y) = (axis[k % n], axis[k / n]);
                Some(0.1 + (x - shift).powi(2) + y * y)
            })
            .collect();
        LandscapeChart {
            x: axis.clone(),
            y: axis,
            values,
            path: (0..5)
                .map(|i| LandscapePoint {
                    x: 0.8 - 0.2 * i as f64,
                    y: 0.5 - 0.1 * i as f64,
                    lr: 0.1,
                    epoch_end: i == 4,
                    snapshot: None,
                })
                .collect(),
            ..Default::default()
        }
    }

    fn svg_of(pair: &LandscapePair, size: (u32, u32)) -> Result<(String, PairLayout)> {
        let mut svg = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            let layout = draw_landscape_pair(&root, pair)?;
            root.present().map_err(draw_error)?;
            layout
        };
        Ok((svg, layout))
    }

    fn pair() -> LandscapePair {
        LandscapePair {
            left: picture(0.3),
            right: picture(-0.3),
            left_title: "Standard schedule".into(),
            right_title: "Cyclic schedule".into(),
        }
    }

    #[test]
    fn side_by_side_when_wide_stacked_when_tall() {
        let (svg, wide) = svg_of(&pair(), (1000, 420)).expect("draws");
        assert!(svg.contains("Standard schedule") && svg.contains("Cyclic schedule"));
        assert!(wide.right.plot.left > wide.left.plot.right, "{wide:?}");
        let (_, tall) = svg_of(&pair(), (420, 900)).expect("draws");
        assert!(tall.right.plot.top > tall.left.plot.bottom, "{tall:?}");
    }

    #[test]
    fn refuses_pictures_that_do_not_share_a_look() {
        let mut p = pair();
        p.right.pixel_ratio = 2.0;
        assert!(svg_of(&p, (800, 400)).is_err());
        let mut p = pair();
        p.right.values.pop();
        assert!(svg_of(&p, (800, 400)).is_err());
    }
}
