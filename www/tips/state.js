// The Tips panel's state in the URL: which card is open and the two settings (never results).
//   tip=(o:warmup,q:1,s:train)
import { CARDS } from "./words.js";

export const DEFAULT_STATE = { open: null, size: "full", source: "lab" };

/** The compact link object: only what differs from the defaults. */
export function toLink(state) {
  const out = {};
  if (state.open) out.o = state.open;
  if (state.size === "quick") out.q = 1;
  if (state.source === "train") out.s = "train";
  return out;
}

/** Reads a link object; unknown or malformed parts become defaults and are listed as problems. */
export function fromLink(raw) {
  const state = { ...DEFAULT_STATE };
  const problems = [];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { state, problems: ['the "tip" part of the link is not an object'] };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === "o") {
      if (CARDS.some((c) => c.id === value)) state.open = value;
      else problems.push(`tips: there is no tip ${JSON.stringify(value) ?? "(none)"} (known: ${CARDS.map((c) => c.id).join(", ")})`);
    } else if (key === "q") {
      if (value === 1 || value === 0) state.size = value === 1 ? "quick" : "full";
      else problems.push(`tips: the quick budget flag must be 0 or 1, not ${JSON.stringify(value)}`);
    } else if (key === "s") {
      if (value === "train" || value === "lab") state.source = value;
      else problems.push(`tips: the setup must be "lab" or "train", not ${JSON.stringify(value)}`);
    } else {
      problems.push(`tips: unknown setting "${key}"`);
    }
  }
  return { state, problems };
}
