// The Tips panel's words: the lecture's own (quoted from its last slide, "Some Tips & Notes!"),
// the short names the charts use, and how each tip's runs are coloured.

/** The cards in the lecture's order; `tip` is the core's name (null: the LR Finder's search). */
export const CARDS = [
  {
    id: "adam",
    tip: "adam_vs_sgd",
    quote: ["Start with a baseline (usually using Adam), if time permits explore whether improvements can be achieved"],
    why: "Adam scales each weight's step by a running estimate of its gradient's size, so one lr (its default 1e-3) works across layers and problems: a baseline that costs one run. SGD with momentum takes the raw gradient, so its good lr depends on the problem and must be searched; when found, it often generalises as well or better. The question the tip asks is whether that search pays off.",
    short: ["Adam", "tuned SGD"],
  },
  {
    id: "search",
    tip: null,
    quote: [
      "Typical learning rates for standardized input (between 0 and 1): from 1e-6 to 1",
      "Searching for the optimal learning rate: start with a wide range (e.g. logarithmic scale: 0.1, 1e-2, 1e-3, ..., 1e-6) and then make it fine-grained",
    ],
    why: "A good lr can sit anywhere in six decades, and what matters is its order of magnitude: 0.01 and 0.02 behave alike, 0.01 and 0.1 do not. So the first grid is logarithmic, one short run per decade, which finds the right decade in a handful of runs; only then is a finer grid worth its cost, around the best decade. The LR Finder panel runs exactly this search (and the LR range test, which scans the decades in a single run).",
    short: [],
  },
  {
    id: "decay",
    tip: "decay_after_constant",
    quote: ["LR-decay is a second order parameter search (pick a good learning rate with no decay, see if you need decay)"],
    why: "Decay changes the lr late in training, when the weights are near a minimum and a smaller step stops them bouncing across it. Its effect is second order: it refines whatever lr it starts from. Searched together with the lr, its effect is confounded with the lr's; searched after, on the best constant lr, it shows exactly what it adds.",
    short: ["constant", "StepLR", "cosine"],
  },
  {
    id: "batch",
    tip: "batch_size_grid",
    quote: ["Smaller batch-sizes are better suited to smaller learning rates"],
    why: "A mini-batch gradient is a noisy estimate of the full one, and its noise shrinks as the batch grows. A small batch takes many noisy steps per epoch, so it needs a small lr to keep the noise from throwing the weights around; a large batch takes few, accurate steps and can afford (and needs) a larger one. The best lr therefore grows with the batch size.",
    short: [],
  },
  {
    id: "warmup",
    tip: "warmup",
    quote: ["Learning rate warm-up: mitigate the effect of \u2018early-overfitting\u2019"],
    why: "At the start the weights are random and Adam's running averages rest on a few gradients, so its first steps are large and badly aimed; at a high lr they can push the network into a poor region it then has to climb out of (the \u201cearly over-fitting\u201d of the slide). A warm-up starts the lr small and raises it linearly, so the first steps are gentle until the gradient statistics are reliable.",
    short: ["no warm-up", "warm-up"],
  },
];

/** Digits per epoch of the quick budget (a quarter of the lab's 8,000), and validation digits. */
export const QUICK_DATA = { train_size: 2000, val_size: 1000 };

/** Training samples per second assumed before this computer has run anything: headless Chromium ran the full-budget tips at 3,000 (Adam vs SGD, batch 32) to 5,200 (the heatmap, larger batches) on a busy 2-core machine. */
export const ASSUMED_SAMPLES_PER_S = 4000;

/** `n` with thousands separators. */
export function count(n) {
  return Math.round(n).toLocaleString("en-US");
}

/** A duration in words: "about 40 s", "about 3 min". */
export function duration(seconds) {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  return `about ${Math.round(seconds / 60)} min`;
}
