// Run and Cancel buttons with a progress bar and a status line, shared by the range test and
// the search; the end of a job is announced once through a polite live region.
import { h, uid } from "../lib/dom.js";

export class JobControls {
  /** `exports`: the experiment's export buttons and note (lib/experiment-export.js), if any. */
  constructor({ runLabel, progressLabel, idle, onRun, onCancel, exports }) {
    const barId = uid("lrf-progress");
    this.run = h("button", { type: "button", class: "add", onclick: onRun }, runLabel);
    this.cancel = h("button", { type: "button", class: "secondary", onclick: onCancel, disabled: true }, "Cancel");
    this.reason = h("p", { class: "help trn-reason", "aria-live": "polite" });
    this.bar = h("progress", { id: barId, max: "1", value: "0" });
    this.text = h("p", { class: "trn-progress-text" }, idle);
    this.live = h("p", { class: "visually-hidden", "aria-live": "polite" });
    this.element = h(
      "div",
      { class: "lrf-controls" },
      h("div", { class: "trn-buttons" }, this.run, this.cancel, ...(exports?.buttons ?? [])),
      exports?.note ?? null,
      this.reason,
      h("div", { class: "trn-progress" }, h("label", { for: barId }, progressLabel), this.bar, this.text),
      this.live,
    );
  }

  /** Running or not; `why` says why Run is disabled (empty when it is not). */
  setRunning(running, why = "") {
    this.run.disabled = running || Boolean(why);
    this.cancel.disabled = !running;
    this.reason.textContent = running ? "" : why;
  }

  show(done, total, text) {
    this.bar.max = String(Math.max(1, total));
    this.bar.value = String(Math.min(done, total));
    this.text.textContent = text;
  }

  /** Ends a job: the status line and one announcement. */
  finish(text) {
    this.text.textContent = text;
    this.live.textContent = text;
  }
}
