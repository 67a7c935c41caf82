// Numbers and settings put into words for the Train panel: pure functions, tested in Node.

const CLASSES = 10;

/** "a 7", "an 8". */
export function article(digit) {
  return digit === 8 ? "an 8" : `a ${digit}`;
}

/** `StepLR(step_size=30, gamma=0.1)`: a scheduler config the way PyTorch code reads. */
export function pythonCall(cfg) {
  const value = (v) => {
    if (v === null || v === undefined) return "None";
    if (typeof v === "boolean") return v ? "True" : "False";
    if (typeof v === "string") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => (x && typeof x === "object" ? pythonCall(x) : value(x))).join(", ")}]`;
    return String(v);
  };
  const args = Object.entries(cfg)
    .filter(([k]) => k !== "scheduler")
    .map(([k, v]) => `${k}=${value(v)}`);
  return `${cfg.scheduler}(${args.join(", ")})`;
}

/** "92.40% of 2,000 validation digits right; most often a 4 taken for a 9 (23 times)." */
export function describeConfusion(counts) {
  let total = 0;
  let right = 0;
  let worst = null;
  for (let t = 0; t < CLASSES; t += 1) {
    for (let p = 0; p < CLASSES; p += 1) {
      const n = counts[t * CLASSES + p];
      total += n;
      if (t === p) right += n;
      else if (n > 0 && (!worst || n > worst.n)) worst = { t, p, n };
    }
  }
  if (total === 0) return "no validation digits.";
  const share = `${((100 * right) / total).toFixed(2)}% of ${total.toLocaleString("en-US")} validation digits right`;
  return worst ? `${share}; most often ${article(worst.t)} taken for ${article(worst.p)} (${worst.n} times).` : `${share}.`;
}

/** "12 s", "3 min 5 s". */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}
