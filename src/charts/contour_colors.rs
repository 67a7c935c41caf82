//! How a filled-contour chart turns values into colours: a value scale (linear, or
//! logarithmic above the minimum), evenly spaced bands on that scale, a perceptually uniform
//! colour map washed towards the page background so that paths drawn on top stay readable,
//! and the labelled ticks of its colour bar.

use super::theme::Theme;
use super::ticks::format_tick;
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// How values are spread over the colour bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorScale {
    /// Bands of equal width in the value.
    #[default]
    Linear,
    /// Bands of equal width in `ln(1 + v - v_min)`: a valley whose walls rise to thousands
    /// (Rosenbrock's) gets as many bands near its floor as on its walls.
    Log,
}

/// Colour maps for filled contours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorMap {
    /// Viridis (van der Walt & Smith, matplotlib 2015): dark purple at the lowest value to
    /// yellow at the highest, perceptually uniform and readable with colour-blindness.
    #[default]
    Viridis,
    /// Light grey (high) to dark grey (low): for print, or under many coloured paths.
    Greys,
}

/// Viridis sampled at nine evenly spaced points (matplotlib's `_viridis_data`).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

impl ColorMap {
    /// The colour at `t` in `[0, 1]` (clamped: `t` is a position in the map, not input).
    pub fn at(self, t: f64) -> RGBColor {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        match self {
            ColorMap::Viridis => {
                let f = t * (VIRIDIS.len() - 1) as f64;
                let i = (f.floor() as usize).min(VIRIDIS.len() - 2);
                let w = f - i as f64;
                let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
                let mix = |x: u8, y: u8| (f64::from(x) + w * (f64::from(y) - f64::from(x))).round();
                RGBColor(
                    mix(a.0, b.0) as u8,
                    mix(a.1, b.1) as u8,
                    mix(a.2, b.2) as u8,
                )
            }
            ColorMap::Greys => {
                let v = (60.0 + t * 180.0).round() as u8;
                RGBColor(v, v, v)
            }
        }
    }
}

/// Where the bands begin. [`Bands::band`] never falls as the value grows (each of its steps
/// rounds monotonically, and the log scale's `ln_1p` is accurate to within an ulp), so
/// [`BandStarts::band`] gives the same band with a search through at most 63 doubles.
#[derive(Debug, Clone, PartialEq)]
pub struct BandStarts(Vec<f64>);

impl BandStarts {
    /// The band of `v`: how many bands after the first begin at or below it.
    pub fn band(&self, v: f64) -> usize {
        self.0.partition_point(|&start| start <= v)
    }

    /// [`BandStarts::band`] for a value likely in band `guess` (a neighbouring pixel's): two
    /// comparisons when it is.
    pub fn band_near(&self, guess: usize, v: f64) -> usize {
        let starts = &self.0;
        let above_start = guess == 0 || starts.get(guess - 1).is_some_and(|&s| s <= v);
        let below_end = starts.get(guess).is_none_or(|&s| v < s);
        if above_start && below_end {
            guess
        } else {
            self.band(v)
        }
    }
}

/// The colour scheme of one filled-contour chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    /// Number of colour bands.
    pub levels: usize,
    /// The colour map.
    pub map: ColorMap,
    /// How far each colour is mixed towards the theme's background (0 keeps the map's own).
    pub wash: f64,
    /// The value scale.
    pub scale: ColorScale,
    /// Smallest value (the bottom of the colour bar).
    pub min: f64,
    /// Largest value (the top of the colour bar).
    pub max: f64,
    /// The theme whose background the colours are washed towards.
    pub theme: Theme,
}

impl Bands {
    /// Where `v` sits on the colour bar, `0` at `min` and `1` at `max` (clamped).
    pub fn fraction(&self, v: f64) -> f64 {
        self.fraction_within(self.ends(), v)
    }

    /// The band `v` falls in, `0..levels`.
    pub fn band(&self, v: f64) -> usize {
        self.band_within(self.ends(), v)
    }

    /// Where every band but the first begins, for banding many values without transforming
    /// each (on a log scale, a pixel's band took three `ln_1p`s).
    pub fn starts(&self) -> BandStarts {
        let n = self.levels.max(1);
        BandStarts((1..n).filter_map(|k| self.first_of_band(k)).collect())
    }

    /// The smallest double whose band is at least `k`, by bisection over the doubles in order;
    /// `None` when no double reaches band `k`.
    fn first_of_band(&self, k: usize) -> Option<f64> {
        // The doubles as unsigned integers in the same order (`f64::total_cmp`'s).
        let key = |x: f64| {
            let b = x.to_bits();
            if b >> 63 == 1 {
                !b
            } else {
                b | 1 << 63
            }
        };
        let double = |k: u64| f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k });
        let ends = self.ends();
        let (mut lo, mut hi) = (key(-f64::MAX), key(f64::MAX));
        if self.band_within(ends, f64::MAX) < k {
            return None;
        }
        while lo < hi {
            // Below the middle, so that `hi = mid` always narrows the range.
            let mid = lo + (hi - lo) / 2;
            if self.band_within(ends, double(mid)) >= k {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(double(lo))
    }

    /// The bar's ends on the transformed scale.
    fn ends(&self) -> (f64, f64) {
        (self.transform(self.min), self.transform(self.max))
    }

    fn fraction_within(&self, (lo, hi): (f64, f64), v: f64) -> f64 {
        if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
            return 0.0;
        }
        ((self.transform(v) - lo) / (hi - lo)).clamp(0.0, 1.0)
    }

    fn band_within(&self, ends: (f64, f64), v: f64) -> usize {
        let n = self.levels.max(1);
        ((self.fraction_within(ends, v) * n as f64) as usize).min(n - 1)
    }

    /// The colour of band `k`: the map at the band's middle, washed.
    pub fn color(&self, k: usize) -> RGBColor {
        let n = self.levels.max(1);
        let c = self.map.at((k as f64 + 0.5) / n as f64);
        let bg = self.theme.colors().background;
        let w = self.wash.clamp(0.0, 1.0);
        let mix = |a: u8, b: u8| (f64::from(a) * (1.0 - w) + f64::from(b) * w).round() as u8;
        RGBColor(mix(c.0, bg.0), mix(c.1, bg.1), mix(c.2, bg.2))
    }

    /// The value at colour-bar fraction `f` (the inverse of [`Bands::fraction`]).
    pub fn value_at(&self, f: f64) -> f64 {
        let (lo, hi) = (self.transform(self.min), self.transform(self.max));
        let t = lo + f * (hi - lo);
        match self.scale {
            ColorScale::Linear => t,
            ColorScale::Log => self.min + t.exp_m1(),
        }
    }

    /// Labelled ticks of the colour bar as `(fraction, label)`, at least `min_gap` apart
    /// (in fractions of the bar). Linear: 1-2-5 steps of the value. Log: the minimum, then
    /// `v_min + d` for d = 1, 2, 5 × 10^k, labelled with `d` (the bar reads "above the minimum").
    pub fn ticks(&self, min_gap: f64) -> Vec<(f64, String)> {
        let mut out: Vec<(f64, String)> = Vec::new();
        let mut push = |f: f64, label: String| {
            if (0.0..=1.0).contains(&f) && out.last().is_none_or(|(p, _)| f - p >= min_gap) {
                out.push((f, label));
            }
        };
        match self.scale {
            ColorScale::Linear => {
                let max_ticks = (1.0 / min_gap.max(0.02)).floor() as usize;
                let ticks = super::ticks::nice_ticks(self.min, self.max, max_ticks.max(2));
                let step = match ticks.as_slice() {
                    [a, b, ..] => b - a,
                    _ => self.max - self.min,
                };
                for v in ticks {
                    push(self.fraction(v), format_tick(v, step));
                }
            }
            ColorScale::Log => {
                push(0.0, "0".into());
                let span = self.max - self.min;
                if span > 0.0 && span.is_finite() {
                    let top = span.log10().floor() as i32;
                    for e in (top - 6)..=top {
                        for m in [1.0, 2.0, 5.0] {
                            let d = m * 10f64.powi(e);
                            if d <= span {
                                push(self.fraction(self.min + d), format_tick(d, 0.0));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn transform(&self, v: f64) -> f64 {
        match self.scale {
            ColorScale::Linear => v,
            ColorScale::Log => (v - self.min).max(0.0).ln_1p(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(scale: ColorScale, min: f64, max: f64) -> Bands {
        Bands {
            levels: 10,
            map: ColorMap::Viridis,
            wash: 0.0,
            scale,
            min,
            max,
            theme: Theme::Light,
        }
    }

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(ColorMap::Viridis.at(0.0), RGBColor(68, 1, 84));
        assert_eq!(ColorMap::Viridis.at(1.0), RGBColor(253, 231, 37));
        assert_eq!(ColorMap::Viridis.at(0.5), RGBColor(33, 144, 141));
        assert_eq!(ColorMap::Viridis.at(f64::NAN), ColorMap::Viridis.at(0.0));
        assert!(ColorMap::Greys.at(0.0).0 < ColorMap::Greys.at(1.0).0);
    }

    #[test]
    fn linear_bands_split_the_range_evenly() {
        let b = bands(ColorScale::Linear, 0.0, 100.0);
        assert_eq!(b.band(0.0), 0);
        assert_eq!(b.band(9.99), 0);
        assert_eq!(b.band(10.0), 1);
        assert_eq!(b.band(100.0), 9);
        assert_eq!(b.band(1e9), 9, "values past the top take the top band");
        assert_eq!(b.value_at(0.5), 50.0);
        let labels: Vec<String> = b.ticks(0.1).into_iter().map(|t| t.1).collect();
        assert_eq!(labels.first().map(String::as_str), Some("0"));
        assert_eq!(labels.last().map(String::as_str), Some("100"));
    }

    #[test]
    fn log_bands_give_the_floor_as_many_bands_as_the_walls() {
        let b = bands(ColorScale::Log, 0.0, 2500.0);
        // ln(1 + v) reaches half of ln(2501) at v = 49: half the bands lie below 2% of the range.
        assert_eq!(b.band(48.0), 4);
        assert_eq!(b.band(50.0), 5);
        assert!((b.value_at(b.fraction(123.0)) - 123.0).abs() < 1e-9);
        let ticks = b.ticks(0.08);
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels.first(), Some(&"0"));
        assert!(
            labels.contains(&"1") && labels.contains(&"1000"),
            "{labels:?}"
        );
        assert!(
            ticks.windows(2).all(|w| w[1].0 - w[0].0 >= 0.08),
            "{ticks:?}"
        );
        let shifted = bands(ColorScale::Log, -2.0, 8.0);
        assert_eq!(shifted.fraction(-2.0), 0.0);
        assert_eq!(shifted.fraction(8.0), 1.0);
    }

    #[test]
    fn the_band_starts_give_every_value_its_band() {
        for b in [
            bands(ColorScale::Log, 0.0, 2500.0),
            bands(ColorScale::Log, -2.0, 8.0),
            bands(ColorScale::Linear, -3.0, 7.0),
            bands(ColorScale::Linear, 1.0, 1.0),
        ] {
            let starts = b.starts();
            for k in 0..=4000 {
                let v = b.min - 1.0 + (b.max - b.min + 2.0) * f64::from(k) / 4000.0;
                assert_eq!(starts.band(v), b.band(v), "{b:?} at {v}");
            }
            for guess in 0..=b.levels {
                for k in 0..=400 {
                    let v = b.min - 1.0 + (b.max - b.min + 2.0) * f64::from(k) / 400.0;
                    assert_eq!(starts.band_near(guess, v), b.band(v), "{b:?} at {v}");
                }
            }
            for (k, &start) in starts.0.iter().enumerate() {
                assert_eq!(
                    (b.band(start.next_down()), b.band(start)),
                    (k, k + 1),
                    "{b:?}"
                );
            }
            for v in [
                f64::NEG_INFINITY,
                -f64::MAX,
                -0.0,
                0.0,
                f64::MAX,
                f64::INFINITY,
                f64::NAN,
            ] {
                assert_eq!(starts.band(v), b.band(v), "{b:?} at {v}");
            }
        }
    }

    #[test]
    fn wash_mixes_towards_the_background() {
        let mut b = bands(ColorScale::Linear, 0.0, 1.0);
        let plain = b.color(0);
        b.wash = 1.0;
        assert_eq!(b.color(0), RGBColor(255, 255, 255));
        b.theme = Theme::Dark;
        assert_eq!(b.color(0), Theme::Dark.colors().background);
        b.wash = 0.5;
        assert!(b.color(0) != plain);
        let flat = bands(ColorScale::Linear, 3.0, 3.0);
        assert_eq!(flat.band(3.0), 0, "an empty range is one band");
    }
}
