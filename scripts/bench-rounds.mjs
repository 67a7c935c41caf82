// `make bench` measures in rounds (native, sgemm, browser, page; then again), because this kind
// of machine (a shared VM) drifts by up to 2x within minutes: a ratio whose two sides were timed
// minutes apart says more about the drift than about the code. Each side of every ratio is the
// best it reached in any round, so both sides had the same chances; every round's own ratios
// are kept in the summary too.

// Leaves that describe the workload rather than measure it: taken from the first round.
const DESCRIPTIVE = new Set(["final_loss", "points", "samples", "train_flops_per_sample", "cores"]);

/** Lower is better for times (`*_ms`), higher for rates; descriptive leaves keep round one's. */
function bestLeaf(key, values) {
  const numbers = values.filter((v) => typeof v === "number" && Number.isFinite(v));
  if (numbers.length === 0 || DESCRIPTIVE.has(key) || typeof values[0] !== "number") {
    return values.find((v) => v !== null && v !== undefined) ?? null;
  }
  return key.endsWith("_ms") ? Math.min(...numbers) : Math.max(...numbers);
}

/**
 * One object shaped like each round's, whose every measured number is the best over the rounds.
 * Objects merge key by key (a key missing from a round is skipped there); arrays and strings
 * are taken from the first round that has them.
 */
export function bestOfRounds(rounds, key = "") {
  const present = rounds.filter((r) => r !== undefined);
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (present.length > 0 && present.every(isObject)) {
    const keys = [...new Set(present.flatMap((r) => Object.keys(r)))];
    return Object.fromEntries(keys.map((k) => [k, bestOfRounds(present.map((r) => r[k]), k)]));
  }
  return bestLeaf(key, present);
}

/**
 * The page's figures over all rounds, taken the strict way: the first chart is the median of
 * every load, and the longest main-thread task is the longest seen in any round (while
 * training, and for each panel's first show at each pixel ratio).
 */
export function pageOverRounds(pages) {
  const loads = pages.flatMap((p) => p.first_chart.runs_ms).sort((a, b) => a - b);
  const worst = pages.reduce((a, b) => (b.training.longest_task_ms > a.training.longest_task_ms ? b : a));
  const out = {
    first_chart: { median_ms: Math.round(median(loads) * 100) / 100, runs_ms: loads },
    training: {
      ...worst.training,
      tasks_over_50ms: Math.max(...pages.map((p) => p.training.tasks_over_50ms)),
    },
  };
  const panels = pages.map((p) => p.panels).filter(Boolean);
  if (panels.length) out.panels = worstOfEach(panels);
  return out;
}

/** The largest number under each key of the objects in `list`, nested objects key by key. */
function worstOfEach(list) {
  const out = {};
  for (const key of Object.keys(list[0])) {
    const values = list.map((x) => x[key]).filter((v) => v !== undefined);
    out[key] = typeof values[0] === "object" ? worstOfEach(values) : Math.max(...values);
  }
  return out;
}

export function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each target's value in every round, beside the value from the best figures. */
export function withRoundValues(best, perRound) {
  return best.map((t) => ({ ...t, rounds: perRound.map((r) => r.find((x) => x.name === t.name)?.value ?? null) }));
}
