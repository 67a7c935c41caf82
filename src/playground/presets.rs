//! One-click lessons on the ill-conditioned bowl `(x² + 10y²)/2`, where plain gradient descent
//! multiplies x by `1 - lr` and y by `1 - 10 lr` at every step: the steep y direction decides
//! whether the descent is stable (`lr < 0.2`), the shallow x direction how fast it gets there.

use serde::{Deserialize, Serialize};

use super::path::PathSpec;
use super::surface::Surface;
use crate::optim::{OptimizerConfig, SGDConfig};
use crate::schedule::{SchedulerConfig, StepLRConfig};

/// The playground's presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// SGD at lr 0.005.
    TooSmall,
    /// SGD at lr 0.22.
    TooLarge,
    /// SGD at lr 2/11 ≈ 0.18.
    AboutRight,
    /// SGD at lr 0.2, halved every 20 steps by StepLR.
    LargeThenDecay,
}

impl Preset {
    /// Every preset, in the order the panel lists them.
    pub const ALL: [Preset; 4] = [
        Preset::TooSmall,
        Preset::TooLarge,
        Preset::AboutRight,
        Preset::LargeThenDecay,
    ];

    /// A label for the button.
    pub fn label(self) -> &'static str {
        match self {
            Preset::TooSmall => "lr too small",
            Preset::TooLarge => "lr too large",
            Preset::AboutRight => "lr about right",
            Preset::LargeThenDecay => "large lr, then decay",
        }
    }

    /// What the preset shows, for the panel's caption.
    pub fn explanation(self) -> &'static str {
        match self {
            Preset::TooSmall => {
                "lr = 0.005: every step shrinks x by only 0.5%, so after 100 steps the path \
                 has covered less than half of the shallow direction. Safe, but training \
                 would take forever."
            }
            Preset::TooLarge => {
                "lr = 0.22: along the steep y direction each step overshoots the valley floor \
                 and lands 1.2 times further out on the other side, so the path zig-zags ever \
                 wider and flies off the surface: the loss diverges."
            }
            Preset::AboutRight => {
                "lr = 2/11 ≈ 0.18, the best constant lr for this bowl: both directions shrink \
                 by the same factor 0.82 per step (y still flips side each step), and the \
                 path reaches the minimum in a few dozen steps."
            }
            Preset::LargeThenDecay => {
                "lr = 0.2 bounces across the valley without settling (y flips sign at full \
                 size) while racing along x; after 20 steps StepLR halves the lr to 0.1, the \
                 bouncing stops and the path settles: fast progress first, precision later."
            }
        }
    }

    /// The path to run (100 steps from the bowl's default start).
    pub fn spec(self) -> PathSpec {
        let (lr, schedule) = match self {
            Preset::TooSmall => (0.005, None),
            Preset::TooLarge => (0.22, None),
            Preset::AboutRight => (2.0 / 11.0, None),
            Preset::LargeThenDecay => (
                0.2,
                Some(SchedulerConfig::StepLR(StepLRConfig {
                    step_size: 20,
                    gamma: 0.5,
                    last_epoch: -1,
                })),
            ),
        };
        PathSpec {
            surface: Surface::Quadratic,
            start: None,
            optimizer: OptimizerConfig::SGD(SGDConfig {
                lr,
                ..SGDConfig::default()
            }),
            schedule,
            steps: 100,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{run_path, PathStop};

    fn end_loss(p: Preset) -> (f64, PathStop) {
        let path = run_path(&p.spec()).unwrap();
        (path.points.last().map_or(f64::NAN, |q| q.loss), path.stop)
    }

    #[test]
    fn each_preset_shows_what_it_says() {
        let start = Surface::Quadratic.value(-2.5, 1.5);
        let small = run_path(&Preset::TooSmall.spec()).unwrap();
        assert_eq!(small.stop, PathStop::Completed);
        let x = small.points.last().map_or(0.0, |q| q.x);
        // x shrinks by 0.995^100 ≈ 0.61: more than half of the way is still ahead.
        assert!(x < -1.25 && x > -2.5, "{x}");
        let (_, stop) = end_loss(Preset::TooLarge);
        assert!(matches!(stop, PathStop::LeftBox { .. }), "{stop:?}");
        let (right, stop) = end_loss(Preset::AboutRight);
        assert_eq!(stop, PathStop::Completed);
        assert!(right < 1e-12 * start, "{right}");
        let (decayed, stop) = end_loss(Preset::LargeThenDecay);
        assert_eq!(stop, PathStop::Completed);
        assert!(decayed < 1e-6 * start, "{decayed}");
        let constant = run_path(&PathSpec {
            schedule: None,
            ..Preset::LargeThenDecay.spec()
        })
        .unwrap();
        let bounce = constant.points.last().map_or(0.0, |q| q.y.abs());
        assert!(
            bounce > 1.0,
            "without decay lr 0.2 keeps bouncing: |y| = {bounce}"
        );
    }

    #[test]
    fn presets_have_words() {
        for p in Preset::ALL {
            assert!(p.explanation().len() > 100 && !p.label().is_empty());
        }
        let json = serde_json::to_string(&Preset::LargeThenDecay).unwrap();
        assert_eq!(json, "\"large_then_decay\"");
    }
}
