// Number formats of the landscape and snapshot panels' readouts and tables.

/** Four significant digits; "—" for a missing or non-finite value. */
export function fmt(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(4)));
  return v.toExponential(2).replace("e+", "e");
}

/** A fraction as a percentage with two decimals. */
export function pct(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(100 * v).toFixed(2)}%`;
}

/** Milliseconds as "340 ms" or "1.85 s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A report's rows of rows as one flat row-major array. */
export function flat(rows) {
  return rows.flat();
}
