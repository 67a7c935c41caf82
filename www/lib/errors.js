// A visible banner for failures the page cannot recover from by itself (a panic inside the
// WebAssembly module, a failed load), with a reload action. Expected errors (invalid input) are
// shown next to their field instead and never reach this banner.
import { h } from "./dom.js";

let banner = null;

/** Shows `message` in the banner (creating it on first use). */
export function showFatal(message) {
  if (!banner) {
    banner = document.getElementById("app-error");
  }
  if (!banner) return;
  const reload = h("button", { type: "button", onclick: () => location.reload() }, "Reload the lab");
  banner.replaceChildren(h("p", {}, h("strong", {}, "Something went wrong. "), message), reload);
  banner.hidden = false;
}

/** A wasm trap (panic) leaves the module unusable, unlike a thrown JsError. */
export function isFatal(error) {
  return typeof WebAssembly !== "undefined" && error instanceof WebAssembly.RuntimeError;
}

/** Routes uncaught errors and rejections to the banner. */
export function installErrorBanner() {
  window.addEventListener("error", (e) => showFatal(e.message || String(e.error)));
  window.addEventListener("unhandledrejection", (e) => {
    const reason = e.reason;
    showFatal(reason && reason.message ? reason.message : String(reason));
  });
}
