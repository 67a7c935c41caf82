// The lab's last state kept in this browser (localStorage), so closing the tab and opening the
// lab again without a link brings back the same settings. A link always wins over the saved
// state. Storage may be disabled or full (private modes, quotas): then nothing is saved and the
// lab works as before.
import { MAX_HASH_LENGTH } from "./hash-state.js";

const KEY = "lrlab:last-state";

/** The saved hash (without "#"), or null. */
export function loadSavedState() {
  try {
    const text = localStorage.getItem(KEY);
    return typeof text === "string" && text.length <= MAX_HASH_LENGTH && text.includes("=") ? text : null;
  } catch {
    return null;
  }
}

/** Saves `hash` (without "#"); quietly does nothing when storage is unavailable. */
export function saveState(hash) {
  try {
    localStorage.setItem(KEY, hash);
  } catch {
    // Storage disabled or full: the URL hash still holds the state.
  }
}

/** Forgets the saved state. */
export function forgetSavedState() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing was saved.
  }
}
