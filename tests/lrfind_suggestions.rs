//! The suggestion rules through the whole pipeline (smoothing, skipping, every rule at once)
//! on synthetic range-test curves whose answers are known in closed form.

use lrlab::lrfind::{analyse, cyclic_lr_spec, one_cycle_spec, RangeTestConfig, Smoothing};
use lrlab::schedule::SchedulerConfig;

/// The default sweep: 100 lrs from 1e-7 to 10.
fn lrs() -> Vec<f64> {
    RangeTestConfig::default().lrs()
}

/// An idealised range-test curve in `u = log10(lr)`: flat at 2.3 while the lr is too small,
/// a logistic fall of 2 centred at `centre` with slope `k` per decade, and a quadratic blow-up
/// after `rise`.
fn curve(lrs: &[f64], centre: f64, k: f64, rise: f64) -> Vec<f64> {
    lrs.iter()
        .map(|lr| {
            let u = lr.log10();
            let fall = 2.0 / (1.0 + (-k * (u - centre)).exp());
            let blow = if u > rise {
                6.0 * (u - rise).powi(2)
            } else {
                0.0
            };
            2.3 - fall + blow
        })
        .collect()
}

/// Index of the sweep point nearest to `log10(lr) = u`.
fn nearest(lrs: &[f64], u: f64) -> usize {
    (0..lrs.len())
        .min_by(|&a, &b| {
            (lrs[a].log10() - u)
                .abs()
                .total_cmp(&(lrs[b].log10() - u).abs())
        })
        .unwrap()
}

fn raw() -> Smoothing {
    Smoothing {
        beta: 0.0,
        ..Smoothing::default()
    }
}

#[test]
fn every_rule_on_a_clean_curve() {
    let lrs = lrs();
    // Sweep spacing: 8 decades over 99 steps, about 0.081 decade.
    let step = 8.0 / 99.0;
    let losses = curve(&lrs, -3.0, 3.0, -1.0);
    let a = analyse(&lrs, &losses, 100, &raw());
    assert_eq!(a.kept, 10..95);
    let s = a.suggestions;

    // Steepest: the logistic's inflection at 1e-3 (the left end of the steepest segment).
    let steep = s.steepest.unwrap();
    assert!((steep.lr.log10() + 3.0).abs() <= step, "{steep:?}");

    // Minimum: the fall is flat by 1e-1 where the blow-up starts; the lowest point is the
    // last before it, and the suggestion a decade lower.
    let min = s.min_div_10.unwrap();
    assert!((lrs[min.index].log10() + 1.0).abs() <= step, "{min:?}");
    assert_eq!(min.lr, lrs[min.index] / 10.0);

    // Cyclic bounds: the logistic has covered a fraction f of its fall at
    // u = centre + ln(f / (1 - f)) / (k ln 10)... in natural-log units of the logistic:
    // u = centre + ln(f / (1 - f)) / k. The start of the kept window (u = -6.2) is already
    // 2e-5 below 2.3 but that shifts nothing at this resolution.
    let c = s.cyclic.unwrap();
    let at = |f: f64| -3.0 + (f / (1.0 - f)).ln() / 3.0;
    assert!(
        (c.base.lr.log10() - at(0.1)).abs() <= step,
        "{:?} vs {}",
        c.base,
        at(0.1)
    );
    assert!(
        (c.max.lr.log10() - at(0.9)).abs() <= step,
        "{:?} vs {}",
        c.max,
        at(0.9)
    );

    // Valley: the loss falls strictly from the start of the window to the minimum, so the
    // valley is the whole descent, `len` points long, taken by fastai to start one point
    // early; the suggestion sits at start + ⌊len/3⌋ + ⌊len/6⌋, half way along it.
    let v = s.valley.unwrap();
    let (first, last) = (10usize, min.index);
    let len = last - first + 1;
    let want = first - 1 + len / 3 + len / 6;
    assert_eq!((min.index, v.index), (74, want), "{v:?}");
}

#[test]
fn smoothing_recovers_the_answers_from_a_noisy_curve() {
    let lrs = lrs();
    let clean = curve(&lrs, -4.0, 2.0, -0.5);
    // Deterministic pseudo-noise of ±0.15 (a batch loss is that noisy).
    let noisy: Vec<f64> = clean
        .iter()
        .enumerate()
        .map(|(i, l)| l + 0.15 * ((i as f64 * 12.9898).sin() * 43758.5453).fract())
        .collect();
    let smooth = Smoothing {
        beta: 0.9,
        ..Smoothing::default()
    };
    let a = analyse(&lrs, &noisy, 100, &smooth);
    let b = analyse(&lrs, &clean, 100, &raw());
    let (ns, cs) = (a.suggestions, b.suggestions);
    // An EMA lags: with beta = 0.9 the curve is delayed by about 1/(1 - beta) - 1 = 9 points,
    // i.e. under a decade; the smoothed suggestions must land within a decade of the clean ones.
    let close = |x: f64, y: f64| (x.log10() - y.log10()).abs() <= 1.0;
    assert!(
        close(ns.steepest.unwrap().lr, cs.steepest.unwrap().lr),
        "{ns:?}\n{cs:?}"
    );
    assert!(close(ns.min_div_10.unwrap().lr, cs.min_div_10.unwrap().lr));
    assert!(close(ns.valley.unwrap().lr, cs.valley.unwrap().lr));
}

#[test]
fn a_diverged_sweep_still_suggests_from_what_it_recorded() {
    let lrs = lrs();
    let mut losses = curve(&lrs, -3.0, 3.0, -1.5);
    losses.truncate(nearest(&lrs, -0.8));
    let n = losses.len();
    let a = analyse(&lrs[..n], &losses, 100, &Smoothing::default());
    assert_eq!(a.kept, 10..n - 5);
    let s = a.suggestions;
    assert!(s.min_div_10.unwrap().index < n - 5);
    assert!(s.steepest.unwrap().lr < 1e-2);
}

#[test]
fn suggestions_become_schedules() {
    let lrs = lrs();
    let a = analyse(&lrs, &curve(&lrs, -3.0, 3.0, -1.0), 100, &raw());
    let c = a.suggestions.cyclic.unwrap();
    let spec = cyclic_lr_spec(c.base.lr, c.max.lr, 500).unwrap();
    assert!(
        matches!(&spec, SchedulerConfig::CyclicLR(x) if x.base_lr == c.base.lr && x.max_lr == c.max.lr)
    );
    let one = one_cycle_spec(c.max.lr, 1000).unwrap();
    assert!(matches!(&one, SchedulerConfig::OneCycleLR(x) if x.max_lr == c.max.lr));
}
