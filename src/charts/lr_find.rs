//! The LR range test chart: loss against learning rate on a log axis, the raw batch losses
//! faint under their bias-corrected moving average, the seeds' spread as a shaded band, the
//! points the rules skipped greyed out, every suggestion marked at once (with how far the
//! seeds' own suggestions scatter), CyclicLR's range shaded and early stops marked.

use super::axis::Axis;
use super::layout::{AxisRange, ChartLayout};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::lr_find_data::{LrFindPlot, Mark};
use super::palette::color;
use super::panel::{label_area_width, plot_rect, Chart, Panel};
use super::style::{draw_error, Style};
use super::theme::Theme;
use super::ticks::format_tick;
use crate::lrfind::SuggestionKind;
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// Opacity of the raw losses (fainter when several seeds overlap).
const RAW_ALPHA: f64 = 0.3;
const RAW_ALPHA_SEEDS: f64 = 0.14;
/// Opacity of the seeds' band, the skipped windows and CyclicLR's range.
const BAND_ALPHA: f64 = 0.2;
const SKIP_ALPHA: f64 = 0.16;
const CYCLE_ALPHA: f64 = 0.12;
/// The raw curve is cut off this far above the highest smoothed value, so that one wild batch
/// (or the blow-up after divergence) does not squash the curve the rules read.
const HEADROOM: f64 = 1.25;

/// How the chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LrFindView {
    /// Draw the raw batch losses, faint.
    pub show_raw: bool,
    /// Colours.
    pub theme: Theme,
    /// Backend pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
}

impl Default for LrFindView {
    fn default() -> Self {
        LrFindView {
            show_raw: true,
            theme: Theme::Light,
            pixel_ratio: 1.0,
            text_scale: 1.0,
        }
    }
}

impl LrFindView {
    /// Checks the scales.
    ///
    /// # Errors
    /// [`Error::Config`] for `pixel_ratio` outside `(0, 16]` or `text_scale` outside
    /// `[0.25, 8]`.
    pub fn validate(&self) -> Result<()> {
        if !(self.pixel_ratio > 0.0 && self.pixel_ratio <= 16.0) {
            return Err(Error::Config(format!(
                "pixel_ratio must be in (0, 16], got {}",
                self.pixel_ratio
            )));
        }
        if !(0.25..=8.0).contains(&self.text_scale) {
            return Err(Error::Config(format!(
                "text_scale must be in [0.25, 8], got {}",
                self.text_scale
            )));
        }
        Ok(())
    }
}

/// The palette colour of each rule (the curve is palette 0, blue).
pub fn mark_color(kind: SuggestionKind, theme: Theme) -> RGBColor {
    let index = match kind {
        SuggestionKind::Steepest => 1,
        SuggestionKind::MinDiv10 => 2,
        SuggestionKind::Valley => 3,
        SuggestionKind::CyclicBase | SuggestionKind::CyclicMax => 4,
    };
    color(index, theme)
}

/// Hover steps per decade of lr: one per planned point of an exponential sweep, so that step
/// `k` of the readout is point `k`.
pub fn steps_per_decade(plot: &LrFindPlot) -> f64 {
    let (start, end) = plot.sweep;
    let decades = (end / start).log10();
    if decades > 0.0 && plot.num_iter > 1 {
        (plot.num_iter - 1) as f64 / decades
    } else {
        1.0
    }
}

/// Draws `plot` filling `area`. The returned layout's x axis is in hover steps
/// (`(log10 lr - log10 start_lr) * steps_per_decade`), which are linear in pixels.
///
/// # Errors
/// Invalid view settings or a failing backend.
pub fn draw_lr_find_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &LrFindPlot,
    view: &LrFindView,
) -> Result<ChartLayout> {
    view.validate()?;
    let style = Style::new(view.theme, view.pixel_ratio, view.text_scale);
    area.fill(&style.colors.background).map_err(draw_error)?;
    let body = draw_legend(area, &legend(plot, view, &style), &style)?;
    let (width, height) = body.dim_in_pixel();
    let x_ticks = ((f64::from(width) / (80.0 * view.pixel_ratio)) as usize).clamp(2, 12);
    let y_ticks = ((f64::from(height) / (55.0 * view.pixel_ratio)) as usize).clamp(2, 10);
    let x = Axis::fit_log([plot.sweep.0, plot.sweep.1], x_ticks);
    let (y, top) = y_axis(plot, view, y_ticks);
    let panel = Panel {
        x: &x,
        y: &y,
        left_w: label_area_width(&body, &[&y], &style)?,
        right_w: style.px(16.0),
        style: &style,
    };
    let title = "learning rate (log scale)";
    let mut chart = panel.build(&body, "training loss", Some(title), None)?;
    shade_windows(&mut chart, plot, &y, &style)?;
    draw_curves(&mut chart, plot, view, top, &style)?;
    for mark in &plot.marks {
        draw_mark(&mut chart, mark, &y, &style)?;
    }
    draw_stops(&mut chart, plot, &y, &style)?;
    area.present().map_err(draw_error)?;
    let k = steps_per_decade(plot);
    let origin = plot.sweep.0.log10();
    let (lo, hi) = x.bounds();
    Ok(ChartLayout {
        plot: plot_rect(&chart, &x, &y),
        x: AxisRange {
            min: (lo - origin) * k,
            max: (hi - origin) * k,
            log: false,
        },
        steps_per_x: 1.0,
        y: y.range(),
        right: None,
        metric_panel: None,
        pixel_ratio: view.pixel_ratio,
    })
}

fn legend(plot: &LrFindPlot, view: &LrFindView, style: &Style) -> Vec<LegendEntry> {
    let blue = color(0, view.theme);
    let mut out = Vec::new();
    let seeds = plot.seeds.len();
    if view.show_raw && !plot.lrs.is_empty() {
        out.push(LegendEntry {
            swatch: Swatch::Patch(blue, 0.45),
            label: "each batch (faint)".into(),
        });
    }
    out.push(LegendEntry {
        swatch: Swatch::Line(blue),
        label: if seeds > 1 {
            format!("median of {seeds} seeds, smoothed")
        } else {
            "smoothed loss".into()
        },
    });
    if plot.band.is_some() {
        out.push(LegendEntry {
            swatch: Swatch::Patch(blue, BAND_ALPHA + 0.1),
            label: "seeds: min–max".into(),
        });
    }
    for mark in &plot.marks {
        out.push(LegendEntry {
            swatch: Swatch::Dots(mark_color(mark.kind, view.theme)),
            label: format!("{} {}", mark.label, format_tick(mark.lr, 0.0)),
        });
    }
    if plot.kept.start > 0 || plot.kept.end < plot.lrs.len() {
        out.push(LegendEntry {
            swatch: Swatch::Patch(style.colors.cooldown, SKIP_ALPHA + 0.1),
            label: "skipped by the rules".into(),
        });
    }
    out
}

/// A linear loss axis over the smoothed curve and band (and the raw losses up to
/// [`HEADROOM`] above them); returns it and the value above which lines are cut.
fn y_axis(plot: &LrFindPlot, view: &LrFindView, ticks: usize) -> (Axis, f64) {
    let band = plot.band.iter().flat_map(|b| b.min.iter().chain(&b.max));
    let core: Vec<f64> = plot
        .smoothed
        .iter()
        .chain(band)
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let high = core.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let top = if high.is_finite() {
        high.abs() * HEADROOM
    } else {
        f64::INFINITY
    };
    let mut values = core;
    if view.show_raw {
        let raw = plot.raw.iter().flatten().copied();
        values.extend(raw.filter(|v| v.is_finite() && *v <= top));
    }
    (Axis::fit_linear(values, false, ticks), top)
}

/// Points as chart coordinates, broken where a value is missing or above `top`.
fn segments(lrs: &[f64], values: &[f64], top: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for (lr, v) in lrs.iter().zip(values) {
        if v.is_finite() && *v <= top && *lr > 0.0 {
            if let Some(last) = out.last_mut() {
                last.push((lr.log10(), *v));
            }
        } else if out.last().is_some_and(|s| !s.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn shade_windows<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    plot: &LrFindPlot,
    y: &Axis,
    style: &Style,
) -> Result<()> {
    let (lo, hi) = y.bounds();
    let at = |i: usize| plot.lrs.get(i).map(|lr| lr.log10());
    let n = plot.lrs.len();
    let mut rects = Vec::new();
    let skipped = style.colors.cooldown.mix(SKIP_ALPHA).filled();
    if let (true, Some(a), Some(b)) = (plot.kept.start > 0, at(0), at(plot.kept.start)) {
        rects.push(Rectangle::new([(a, lo), (b, hi)], skipped));
    }
    if plot.kept.end < n {
        if let (Some(a), Some(b)) = (at(plot.kept.end.max(1) - 1), at(n - 1)) {
            rects.push(Rectangle::new([(a, lo), (b, hi)], skipped));
        }
    }
    let cycle = |k| plot.mark(k).map(|m: &Mark| m.lr.log10());
    if let (Some(a), Some(b)) = (
        cycle(SuggestionKind::CyclicBase),
        cycle(SuggestionKind::CyclicMax),
    ) {
        let fill = mark_color(SuggestionKind::CyclicBase, style.theme).mix(CYCLE_ALPHA);
        rects.push(Rectangle::new([(a, lo), (b, hi)], fill.filled()));
    }
    chart.draw_series(rects).map_err(draw_error)?;
    Ok(())
}

fn draw_curves<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    plot: &LrFindPlot,
    view: &LrFindView,
    top: f64,
    style: &Style,
) -> Result<()> {
    let blue = color(0, view.theme);
    if let Some(band) = &plot.band {
        let fill = blue.mix(BAND_ALPHA).filled();
        let n = plot.lrs.len().min(band.min.len());
        for part in segments(&plot.lrs[..n], &band.max[..n], f64::INFINITY) {
            let (first, last) = (part[0].0, part[part.len() - 1].0);
            let lower: Vec<(f64, f64)> = plot.lrs[..n]
                .iter()
                .zip(&band.min)
                .map(|(lr, v)| (lr.log10(), *v))
                .filter(|(x, v)| *x >= first && *x <= last && v.is_finite())
                .rev()
                .collect();
            let mut outline = part.clone();
            outline.extend(lower);
            chart
                .draw_series(std::iter::once(Polygon::new(outline, fill)))
                .map_err(draw_error)?;
        }
    }
    if view.show_raw {
        let alpha = if plot.raw.len() > 1 {
            RAW_ALPHA_SEEDS
        } else {
            RAW_ALPHA
        };
        let ink = blue.mix(alpha).stroke_width(style.px(1.0).max(1) as u32);
        for losses in &plot.raw {
            for part in segments(&plot.lrs, losses, top) {
                chart
                    .draw_series(LineSeries::new(part, ink))
                    .map_err(draw_error)?;
            }
        }
    }
    let bold = style.line(blue, 2.5);
    for part in segments(&plot.lrs, &plot.smoothed, top) {
        chart
            .draw_series(LineSeries::new(part, bold))
            .map_err(draw_error)?;
    }
    Ok(())
}

/// A dashed drop line, a ring-outlined dot on the curve and, with several seeds, a bar over
/// the lrs the seeds' own curves suggest.
fn draw_mark<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    mark: &Mark,
    y: &Axis,
    style: &Style,
) -> Result<()> {
    let c = mark_color(mark.kind, style.theme);
    let x = mark.lr.log10();
    let (lo, hi) = y.bounds();
    let at = mark.loss.clamp(lo, hi);
    let drop = DashedLineSeries::new(
        vec![(x, lo), (x, at)],
        style.px(4.0),
        style.px(3.0),
        style.line(c, 1.5),
    );
    chart.draw_series(drop).map_err(draw_error)?;
    if let Some((a, b)) = mark.seeds {
        let bar = style.line(c, 2.0);
        let cap = (hi - lo) * 0.015;
        let (a, b) = (a.log10(), b.log10());
        let lines = [
            vec![(a, at), (b, at)],
            vec![(a, at - cap), (a, at + cap)],
            vec![(b, at - cap), (b, at + cap)],
        ];
        for line in lines {
            chart
                .draw_series(LineSeries::new(line, bar))
                .map_err(draw_error)?;
        }
    }
    let radius = style.px(5.5);
    let ring = Circle::new(
        (x, at),
        radius + style.px(1.5),
        style.colors.background.filled(),
    );
    let dot = Circle::new((x, at), radius, c.filled());
    chart.draw_series([ring, dot]).map_err(draw_error)?;
    Ok(())
}

fn draw_stops<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    plot: &LrFindPlot,
    y: &Axis,
    style: &Style,
) -> Result<()> {
    let (lo, hi) = y.bounds();
    let ink = style.line(style.colors.foreground, 1.5);
    let mut labelled = false;
    for stop in &plot.stops {
        let x = stop.lr.log10();
        let line = DashedLineSeries::new(vec![(x, lo), (x, hi)], style.px(6.0), style.px(3.0), ink);
        chart.draw_series(line).map_err(draw_error)?;
        if labelled {
            continue;
        }
        labelled = true;
        let text = if stop.kind == "diverged" {
            "stopped: diverging"
        } else {
            "stopped: loss not finite"
        };
        let font = style
            .note_font()
            .color(&style.colors.foreground)
            .pos(Pos::new(HPos::Right, VPos::Top));
        let (px, py) = chart.backend_coord(&(x, hi));
        let area = chart.plotting_area().strip_coord_spec();
        let (bx, by) = area.get_base_pixel();
        let gap = style.px(4.0);
        area.draw(&Text::new(text, (px - bx - gap, py - by + gap), font))
            .map_err(draw_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::lr_find_data::tests::{config, run};
    use crate::lrfind::{Smoothing, StopReason};

    fn svg(plot: &LrFindPlot, view: &LrFindView) -> (String, ChartLayout) {
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (800, 500)).into_drawing_area();
            draw_lr_find_chart(&root, plot, view).expect("draws")
        };
        (out, layout)
    }

    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n<"))
    }

    #[test]
    fn one_run_draws_raw_smoothed_every_suggestion_and_the_skipped_windows() {
        let plot =
            LrFindPlot::from_runs(&config(81), &[run(0, 81, 0.0, None)], &Smoothing::default());
        let (out, layout) = svg(&plot, &LrFindView::default());
        assert!(has_text(&out, "smoothed loss") && has_text(&out, "each batch (faint)"));
        assert!(has_text(&out, "learning rate (log scale)"));
        for kind in SuggestionKind::ALL {
            let m = plot.mark(kind).expect("found");
            let label = format!("{} {}", m.label, format_tick(m.lr, 0.0));
            assert!(has_text(&out, &label), "{label}");
        }
        assert!(has_text(&out, "skipped by the rules"));
        assert!(out.contains("opacity=\"0.3\""), "raw losses are faint");
        assert!(!has_text(&out, "seeds: min–max"));
        // 80 steps over 5 decades: the hover steps are the points.
        assert!((steps_per_decade(&plot) - 16.0).abs() < 1e-12);
        assert!(layout.x.min < 0.0 && layout.x.max > 80.0 && !layout.x.log);
        assert!(layout.plot.left < layout.plot.right);
        assert!(layout.y.min < 0.5 && layout.y.max > 2.3);
    }

    #[test]
    fn seeds_draw_a_band_and_a_stop_is_labelled() {
        let stop = StopReason::Diverged {
            iteration: 70,
            lr: 0.3,
            smoothed: 3.0,
            best: 0.5,
        };
        let mut short = run(2, 81, 0.3, Some(stop));
        short.lrs.truncate(70);
        short.losses.truncate(70);
        let runs = [run(0, 81, 0.0, None), run(1, 81, 0.1, None), short];
        let plot = LrFindPlot::from_runs(&config(81), &runs, &Smoothing::default());
        let view = LrFindView {
            show_raw: false,
            theme: Theme::Dark,
            ..LrFindView::default()
        };
        let (out, _) = svg(&plot, &view);
        assert!(has_text(&out, "median of 3 seeds, smoothed"));
        assert!(has_text(&out, "seeds: min–max"));
        assert!(has_text(&out, "stopped: diverging"));
        assert!(out.contains("<polygon"), "the band is a filled outline");
        assert!(!has_text(&out, "each batch (faint)"));
        assert!(out.contains("#161B22"), "dark background");
    }

    #[test]
    fn an_empty_plot_still_draws_axes_and_bad_scales_are_refused() {
        let plot = LrFindPlot::from_runs(&config(100), &[], &Smoothing::default());
        let (out, layout) = svg(&plot, &LrFindView::default());
        assert!(has_text(&out, "training loss"));
        assert!(layout.plot.right > layout.plot.left);
        let mut s = String::new();
        let root = SVGBackend::with_string(&mut s, (300, 200)).into_drawing_area();
        let bad = LrFindView {
            pixel_ratio: 0.0,
            ..LrFindView::default()
        };
        assert!(draw_lr_find_chart(&root, &plot, &bad).is_err());
    }

    #[test]
    fn wild_raw_batches_are_cut_off_not_allowed_to_squash_the_curve() {
        let mut wild = run(0, 81, 0.0, None);
        wild.losses[40] = 50.0;
        let plot = LrFindPlot::from_runs(&config(81), &[wild], &Smoothing::default());
        let (_, layout) = svg(&plot, &LrFindView::default());
        let high = plot.smoothed.iter().copied().fold(0.0, f64::max);
        assert!(high < 10.0, "the average damps the batch");
        assert!(layout.y.max <= high * HEADROOM * 1.1, "{:?}", layout.y);
        let hidden = LrFindView {
            show_raw: false,
            ..LrFindView::default()
        };
        assert!(svg(&plot, &hidden).1.y.max <= layout.y.max);
    }
}
