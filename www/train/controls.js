// The training controls: Train, Pause/Resume, Step, Stop, the lecture's comparison preset and
// the config export; a progress bar with ETA and throughput; a banner for runs that diverged.
// Progress text updates every chunk but is not announced; epoch ends and the end of a run are
// announced once through a polite live region.
import { byId, h } from "../lib/dom.js";
import { formatDuration } from "./words.js";

export class TrainControls {
  constructor({ onTrain, onPause, onResume, onStep, onStop, onPreset, onExport }) {
    const button = (label, onclick, cls = "secondary") => h("button", { type: "button", class: cls, onclick }, label);
    this.train = button("Train", onTrain, "add");
    this.pause = button("Pause", () => (this.paused ? onResume() : onPause()));
    this.step = button("Step", onStep);
    this.step.setAttribute("title", "Run one iteration (one optimizer.step()) and pause");
    this.stop = button("Stop", onStop);
    this.preset = button("Lecture comparison", onPreset);
    this.preset.setAttribute("title", "Train the same network on the same digits with SGD (momentum 0.9): constant lr, StepLR, CosineAnnealingLR and ReduceLROnPlateau, one after another");
    this.exportButton = button("Export config (JSON)", onExport);
    this.reason = h("p", { class: "help trn-reason", "aria-live": "polite" });
    this.bar = h("progress", { id: "trn-progress", max: "1", value: "0" });
    this.text = h("p", { class: "trn-progress-text" }, "Ready to train.");
    this.live = h("p", { class: "visually-hidden", "aria-live": "polite" });
    this.banner = h("div", { class: "trn-banner", role: "alert", hidden: true });
    this.paused = false;
    this.element = h(
      "div",
      { class: "trn-controls" },
      h("div", { class: "trn-buttons", role: "group", "aria-label": "Training" }, this.train, this.pause, this.step, this.stop, this.preset, this.exportButton),
      this.reason,
      // A button, not a #fragment link: the URL fragment holds the lab's state.
      h("button", { type: "button", class: "trn-settings-link", onclick: () => focusSettings(this.element) }, "Change the settings"),
      h("div", { class: "trn-progress" }, h("label", { for: "trn-progress" }, "Training progress"), this.bar, this.text),
      this.live,
      this.banner,
    );
    this.setState("idle");
  }

  /** "idle" (no run), "running" or "paused"; `canTrain` and `why` say whether Train works. */
  setState(state, { canTrain = true, why = "" } = {}) {
    this.paused = state === "paused";
    const active = state === "running" || state === "paused";
    this.train.disabled = active || !canTrain;
    this.preset.disabled = active || !canTrain;
    this.pause.disabled = !active;
    this.pause.textContent = this.paused ? "Resume" : "Pause";
    this.stop.disabled = !active;
    this.step.disabled = !canTrain && !active;
    this.reason.textContent = !active && !canTrain ? why : "";
  }

  /** `{iteration, total, epoch, epochs, elapsedMs, samples, name}` of the run in progress. */
  showProgress({ name, iteration, total, epoch, epochs, elapsedMs, samples }) {
    this.bar.max = String(Math.max(1, total));
    this.bar.value = String(iteration);
    const pct = total ? Math.floor((100 * iteration) / total) : 0;
    let text = `${name}: epoch ${Math.min(epoch + 1, epochs)} of ${epochs}, iteration ${iteration.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} (${pct}%)`;
    if (iteration > 0 && elapsedMs > 0) {
      const left = ((total - iteration) * elapsedMs) / iteration / 1000;
      text += `, about ${formatDuration(left)} left, ${Math.round((1000 * samples) / elapsedMs).toLocaleString("en-US")} samples/s`;
    }
    this.text.textContent = text;
    this.bar.setAttribute("aria-valuetext", `${pct}%`);
  }

  /** Sets the final progress line and announces `message`. */
  finish(message, { full = true } = {}) {
    if (full) this.bar.value = this.bar.max;
    this.text.textContent = message;
    this.announce(message);
  }

  announce(message) {
    this.live.textContent = message;
  }

  /** Shows (or, with null, hides) the divergence or failure banner. */
  showBanner(title, detail) {
    if (!title) {
      this.banner.hidden = true;
      return;
    }
    const dismiss = h("button", { type: "button", class: "secondary", onclick: () => (this.banner.hidden = true) }, "Dismiss");
    this.banner.replaceChildren(h("p", {}, h("strong", {}, title), " ", detail), dismiss);
    this.banner.hidden = false;
  }
}


function focusSettings(node) {
  const form = byId(node, "trn-settings");
  form?.scrollIntoView({ block: "start" });
  form?.focus({ preventScroll: true });
}
