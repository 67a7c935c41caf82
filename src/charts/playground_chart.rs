//! The optimizer playground's main chart: a surface as filled contours with its minima marked
//! (drawn once per surface, size and theme), and the descent paths revealed up to the current
//! step on top (drawn every animation frame, on a transparent layer over the first).

use super::contour::{draw_filled_contours, ContourField, ContourLayout, ContourStyle};
use super::contour_colors::{ColorMap, ColorScale};
use super::palette::color;
use super::style::{draw_error, Style};
use super::theme::Theme;
use crate::playground::{Grid, Surface};
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// Paths with at most this many points revealed get a dot at every point.
const DOTS_UP_TO: usize = 160;

/// How the playground is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlaygroundView {
    /// Colour scheme.
    pub theme: Theme,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
    /// Colour bands equally spaced in `ln(1 + f − f_min)` instead of `f`.
    pub log: bool,
    /// Number of colour bands.
    pub levels: usize,
}

impl Default for PlaygroundView {
    fn default() -> Self {
        PlaygroundView {
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
            log: true,
            levels: 16,
        }
    }
}

impl PlaygroundView {
    /// The drawing style.
    ///
    /// # Errors
    /// [`Error::Config`] for a pixel ratio or text scale that is not positive and finite, or
    /// fewer than 2 or more than 64 bands.
    pub fn style(&self) -> Result<Style> {
        for (name, v) in [
            ("pixel_ratio", self.pixel_ratio),
            ("text_scale", self.text_scale),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::Config(format!("{name} must be positive, got {v}")));
            }
        }
        if !(2..=64).contains(&self.levels) {
            return Err(Error::Config(format!(
                "levels must be 2 to 64, got {}",
                self.levels
            )));
        }
        Ok(Style::new(self.theme, self.pixel_ratio, self.text_scale))
    }
}

/// Draws `surface` (sampled as `grid`, with `grid.log` false) as filled contours with its
/// minima marked by crosses; returns the layout that [`draw_paths`] draws on.
///
/// # Errors
/// Invalid view settings, a malformed grid, or a failing backend.
pub fn draw_surface<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    surface: Surface,
    grid: &Grid,
    view: &PlaygroundView,
) -> Result<ContourLayout> {
    let style = view.style()?;
    let field = ContourField {
        nx: grid.xs.len(),
        ny: grid.ys.len(),
        values: &grid.values,
        x: (
            grid.xs.first().copied().unwrap_or(0.0),
            grid.xs.last().copied().unwrap_or(0.0),
        ),
        y: (
            grid.ys.first().copied().unwrap_or(0.0),
            grid.ys.last().copied().unwrap_or(0.0),
        ),
    };
    let contour = ContourStyle {
        levels: view.levels,
        map: ColorMap::Viridis,
        wash: 0.45,
        scale: if view.log {
            ColorScale::Log
        } else {
            ColorScale::Linear
        },
        equal_aspect: true,
        x_title: "x".into(),
        y_title: "y".into(),
        bar_title: if view.log {
            "f − f_min (log bands)".into()
        } else {
            "f(x, y)".into()
        },
    };
    let layout = draw_filled_contours(area, &field, &contour, &style)?;
    for m in surface.minima() {
        let (x, y) = layout.to_pixel(m.x, m.y);
        let at = (x.round() as i32, y.round() as i32);
        let size = style.px(6.0);
        area.draw(&Cross::new(
            at,
            size,
            style.line(style.colors.background, 5.0),
        ))
        .map_err(draw_error)?;
        area.draw(&Cross::new(
            at,
            size,
            style.line(style.colors.foreground, 2.0),
        ))
        .map_err(draw_error)?;
    }
    Ok(layout)
}

/// One path to draw: its points and palette colour.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTrace {
    /// Positions, the start first.
    pub points: Vec<(f64, f64)>,
    /// Okabe-Ito palette index.
    pub color: usize,
    /// Whether the path ended early (diverged): its last point gets a cross once revealed.
    pub stopped: bool,
}

/// What the path layer shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PathLayer {
    /// The paths.
    pub traces: Vec<PathTrace>,
    /// Steps revealed: points `0..=step` of each path.
    pub step: usize,
    /// The common start, ringed.
    pub start: (f64, f64),
    /// A keyboard cursor for choosing a new start, if shown.
    pub cursor: Option<(f64, f64)>,
}

/// Draws the start, the paths up to `layer.step` (a haloed line, dots while they are few, the
/// current point large, a cross where a diverged path ended) and the cursor, clipped to the
/// plot of `layout`. Draws nothing else, so it can go on a transparent layer.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_paths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &ContourLayout,
    layer: &PathLayer,
    view: &PlaygroundView,
) -> Result<()> {
    let style = view.style()?;
    let rect = layout.plot;
    let inside = |(x, y): (f64, f64)| {
        x >= f64::from(rect.left)
            && x <= f64::from(rect.right)
            && y >= f64::from(rect.top)
            && y <= f64::from(rect.bottom)
    };
    let round = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    let bg = style.colors.background;
    let ring = |at: (f64, f64), r: f64, fill: RGBColor, edge: RGBColor| -> Result<()> {
        area.draw(&Circle::new(round(at), style.px(r + 2.0), edge.filled()))
            .and_then(|_| area.draw(&Circle::new(round(at), style.px(r), fill.filled())))
            .map_err(draw_error)
    };
    let start = layout.to_pixel(layer.start.0, layer.start.1);
    if inside(start) {
        ring(start, 5.0, bg, style.colors.foreground)?;
    }
    for trace in &layer.traces {
        let c = color(trace.color, style.theme);
        let shown = layer.step.min(trace.points.len().saturating_sub(1));
        let pixels: Vec<(f64, f64)> = trace.points[..trace.points.len().min(shown + 1)]
            .iter()
            .map(|&(x, y)| layout.to_pixel(x, y))
            .collect();
        for (w, ink) in [(6.0, bg.mix(0.75)), (2.5, c.to_rgba())] {
            let stroke = ink.stroke_width(style.px(w).max(1) as u32);
            for seg in pixels.windows(2) {
                if let Some((a, b)) = clip(seg[0], seg[1], rect_f(layout)) {
                    area.draw(&PathElement::new(vec![round(a), round(b)], stroke))
                        .map_err(draw_error)?;
                }
            }
        }
        if pixels.len() <= DOTS_UP_TO {
            for p in pixels.iter().filter(|p| inside(**p)) {
                area.draw(&Circle::new(round(*p), style.px(2.5), c.filled()))
                    .map_err(draw_error)?;
            }
        }
        let Some(&last) = pixels.last() else {
            continue;
        };
        let ended = trace.stopped && shown + 1 == trace.points.len();
        let shown_at = clamp_to(last, rect_f(layout));
        if ended {
            let size = style.px(8.0);
            area.draw(&Cross::new(round(shown_at), size, style.line(bg, 6.0)))
                .and_then(|_| area.draw(&Cross::new(round(shown_at), size, style.line(c, 3.0))))
                .map_err(draw_error)?;
        } else if inside(last) {
            ring(last, 5.0, c, bg)?;
        }
    }
    if let Some((x, y)) = layer.cursor {
        let at = layout.to_pixel(x, y);
        if inside(at) {
            let ink = style.line(style.colors.foreground, 1.5);
            let (px, py) = round(at);
            let arm = style.px(14.0);
            area.draw(&PathElement::new(vec![(px - arm, py), (px + arm, py)], ink))
                .and_then(|_| {
                    area.draw(&PathElement::new(vec![(px, py - arm), (px, py + arm)], ink))
                })
                .and_then(|_| area.draw(&Circle::new((px, py), style.px(8.0), ink)))
                .map_err(draw_error)?;
        }
    }
    Ok(())
}

/// Both layers at once (for SVG exports and tests).
///
/// # Errors
/// As [`draw_surface`] and [`draw_paths`].
pub fn draw_playground<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    surface: Surface,
    grid: &Grid,
    layer: &PathLayer,
    view: &PlaygroundView,
) -> Result<ContourLayout> {
    let layout = draw_surface(area, surface, grid, view)?;
    draw_paths(area, &layout, layer, view)?;
    Ok(layout)
}

type RectF = (f64, f64, f64, f64);

fn rect_f(layout: &ContourLayout) -> RectF {
    let p = layout.plot;
    (
        f64::from(p.left),
        f64::from(p.top),
        f64::from(p.right),
        f64::from(p.bottom),
    )
}

fn clamp_to((x, y): (f64, f64), (l, t, r, b): RectF) -> (f64, f64) {
    let finite = |v: f64, lo: f64| if v.is_finite() { v } else { lo };
    (finite(x, l).clamp(l, r), finite(y, t).clamp(t, b))
}

/// The part of segment `a`–`b` inside the rectangle (Liang & Barsky, 1984), or `None`.
fn clip(a: (f64, f64), b: (f64, f64), (l, t, r, bot): RectF) -> Option<((f64, f64), (f64, f64))> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - l),
        (dx, r - a.0),
        (-dy, a.1 - t),
        (dy, bot - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let u = q / p;
            if p < 0.0 {
                lo = lo.max(u);
            } else {
                hi = hi.min(u);
            }
        }
    }
    (lo <= hi && lo.is_finite() && hi.is_finite()).then_some((
        (a.0 + lo * dx, a.1 + lo * dy),
        (a.0 + hi * dx, a.1 + hi * dy),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::css_hex;
    use crate::playground::{contour_grid, run_path, Preset};

    fn render(
        surface: Surface,
        layer: &PathLayer,
        view: &PlaygroundView,
    ) -> (String, ContourLayout) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (260, 200)).into_drawing_area();
            let grid = contour_grid(surface, &surface.view(), (31, 21), false).expect("grid");
            draw_playground(&root, surface, &grid, layer, view).expect("draws")
        };
        (out, layout)
    }

    fn trace(points: Vec<(f64, f64)>, color: usize, stopped: bool) -> PathTrace {
        PathTrace {
            points,
            color,
            stopped,
        }
    }

    #[test]
    fn clipping_keeps_the_inside_part() {
        let rect = (0.0, 0.0, 10.0, 10.0);
        assert_eq!(
            clip((1.0, 1.0), (2.0, 2.0), rect),
            Some(((1.0, 1.0), (2.0, 2.0)))
        );
        assert_eq!(
            clip((5.0, 5.0), (15.0, 5.0), rect),
            Some(((5.0, 5.0), (10.0, 5.0)))
        );
        assert_eq!(clip((-5.0, 20.0), (20.0, 20.0), rect), None);
        assert_eq!(clip((5.0, 5.0), (f64::INFINITY, 5.0), rect), None);
        assert_eq!(clamp_to((50.0, -3.0), rect), (10.0, 0.0));
    }

    #[test]
    fn paths_are_revealed_step_by_step() {
        let points: Vec<(f64, f64)> = (0..=20).map(|k| (-2.5 + 0.1 * f64::from(k), 1.0)).collect();
        let view = PlaygroundView::default();
        let blue = format!("fill=\"{}\"", css_hex(0, Theme::Light).to_uppercase());
        let layer = |step| PathLayer {
            traces: vec![trace(points.clone(), 0, false)],
            step,
            start: (-2.5, 1.0),
            cursor: None,
        };
        let (early, _) = render(Surface::Quadratic, &layer(3), &view);
        let (late, _) = render(Surface::Quadratic, &layer(20), &view);
        // Dots at the revealed points (4, then 21) plus the current point's disc.
        assert_eq!(early.matches(&blue).count(), 4 + 1);
        assert_eq!(late.matches(&blue).count(), 21 + 1);
        let (past_end, _) = render(Surface::Quadratic, &layer(500), &view);
        assert_eq!(past_end.matches(&blue).count(), 21 + 1, "step past the end");
    }

    #[test]
    fn a_diverged_path_ends_in_a_cross_at_the_edge() {
        let path = run_path(&Preset::TooLarge.spec()).expect("runs");
        let points: Vec<(f64, f64)> = path.points.iter().map(|p| (p.x, p.y)).collect();
        let n = points.len();
        let layer = PathLayer {
            traces: vec![trace(points, 1, true)],
            step: n,
            start: Surface::Quadratic.start(),
            cursor: Some((0.0, 0.0)),
        };
        let (out, layout) = render(Surface::Quadratic, &layer, &PlaygroundView::default());
        let vermillion = format!("stroke=\"{}\"", css_hex(1, Theme::Light).to_uppercase());
        // The line's segments are clipped, never drawn outside the plot.
        assert!(out.matches(&vermillion).count() >= 3);
        let p = layout.plot;
        for cap in out
            .split("<polyline")
            .skip(1)
            .filter(|c| c.contains(&vermillion))
        {
            let pts = cap
                .split("points=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("");
            for xy in pts.split_whitespace() {
                let mut it = xy.split(',').map(|v| v.parse::<i32>().unwrap_or(0));
                let (x, y) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
                assert!(
                    x >= p.left - 10 && x <= p.right + 10 && y >= p.top - 10 && y <= p.bottom + 10,
                    "{x},{y}"
                );
            }
        }
        let before = PathLayer {
            step: n - 2,
            ..layer.clone()
        };
        let (mid, _) = render(Surface::Quadratic, &before, &PlaygroundView::default());
        assert!(
            mid.matches(&vermillion).count() < out.matches(&vermillion).count(),
            "the cross appears only once the end is revealed"
        );
    }

    #[test]
    fn minima_are_crossed_and_the_view_is_checked() {
        let layer = PathLayer {
            traces: Vec::new(),
            step: 0,
            start: Surface::Himmelblau.start(),
            cursor: None,
        };
        let (out, _) = render(Surface::Himmelblau, &layer, &PlaygroundView::default());
        let fg = format!("stroke=\"{}\"", "#1B1F24");
        // Four minima, each a cross of two strokes in the foreground colour.
        assert!(
            out.matches(&fg).count() >= 8,
            "{}",
            out.matches(&fg).count()
        );
        let bad = PlaygroundView {
            pixel_ratio: 0.0,
            ..PlaygroundView::default()
        };
        let mut s = String::new();
        let root = SVGBackend::with_string(&mut s, (100, 100)).into_drawing_area();
        let grid =
            contour_grid(Surface::Beale, &Surface::Beale.view(), (5, 5), false).expect("grid");
        assert!(draw_surface(&root, Surface::Beale, &grid, &bad).is_err());
    }
}
