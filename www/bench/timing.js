// Clock helpers shared by the benchmark runs: best-of-N timing, and a yield to the event loop
// between measurements so the page can repaint its status.

/** Best (smallest) milliseconds of `runs` calls of `fn`, after one untimed call. */
export function bestMs(fn, runs = 5) {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i += 1) best = Math.min(best, timeMs(fn));
  return best;
}

/** Milliseconds of one call of `fn`. */
export function timeMs(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Lets the browser paint and handle input before the next measurement. */
export function breathe() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Fisher-Yates shuffle of 0..n-1 with a small seeded generator (mulberry32). */
export function shuffled(n, seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
