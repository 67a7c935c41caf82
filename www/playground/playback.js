// Play, pause, step and speed for the playground's paths: a requestAnimationFrame loop that
// reveals `speed` steps per second, a step slider to scrub, and a counter. The counter is
// announced when playback stops or a step is taken by hand, not at every frame.
import { h } from "../lib/dom.js";
import { SPEEDS } from "./state.js";

export class Playback {
  /** `onStep(step)` whenever the revealed step changes; `onSpeed(speed)` when it is changed. */
  constructor({ onStep, onSpeed }) {
    this.onStep = onStep;
    this.onSpeed = onSpeed;
    this.step = 0;
    this.last = 0;
    this.speed = 20;
    this.playing = false;
    this.frame = null;
    this.playButton = h("button", { type: "button", class: "add pg-play", onclick: () => this.toggle() }, "Play");
    this.stepButton = h("button", { type: "button", class: "secondary", onclick: () => this.by(1) }, "Step");
    this.backButton = h("button", { type: "button", class: "secondary", onclick: () => this.by(-1) }, "Step back");
    this.restartButton = h("button", { type: "button", class: "secondary", onclick: () => this.go(0) }, "Restart");
    this.endButton = h("button", { type: "button", class: "secondary", onclick: () => this.go(this.last) }, "Show all");
    this.speedSelect = h(
      "select",
      { id: "pg-speed", onchange: (e) => this.setSpeed(Number(e.target.value), true) },
      SPEEDS.map((s) => h("option", { value: String(s) }, `${s} steps/s`)),
    );
    this.slider = h("input", { type: "range", id: "pg-step", min: "0", max: "0", step: "1", value: "0", oninput: (e) => this.go(Number(e.target.value)) });
    this.counter = h("p", { class: "pg-counter", "aria-live": "polite" });
    this.element = h(
      "div",
      { class: "pg-playback", role: "group", "aria-label": "Playback" },
      h("div", { class: "pg-buttons" }, this.playButton, this.backButton, this.stepButton, this.restartButton, this.endButton),
      h("div", { class: "pg-sliders" }, h("label", { for: "pg-step" }, "Step"), this.slider, h("label", { for: "pg-speed" }, "Speed"), this.speedSelect),
      this.counter,
    );
  }

  /** The paths now end at step `last`; shows `step`. */
  reset(last, step) {
    this.last = last;
    this.slider.max = String(last);
    this.go(step);
  }

  setSpeed(speed, user = false) {
    this.speed = speed;
    this.speedSelect.value = String(speed);
    if (user) this.onSpeed(speed);
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  play() {
    if (this.step >= this.last) this.go(0);
    this.playing = true;
    this.playButton.textContent = "Pause";
    this.counter.setAttribute("aria-live", "off");
    let previous = performance.now();
    let carry = 0;
    const tick = (now) => {
      if (!this.playing) return;
      carry += ((now - previous) / 1000) * this.speed;
      previous = now;
      const whole = Math.floor(carry);
      if (whole > 0) {
        carry -= whole;
        this.show(Math.min(this.last, this.step + whole));
      }
      if (this.step >= this.last) this.pause();
      else this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  pause() {
    this.playing = false;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.playButton.textContent = "Play";
    this.counter.setAttribute("aria-live", "polite");
    this.count();
  }

  by(delta) {
    this.pause();
    this.go(this.step + delta);
  }

  go(step) {
    this.show(Math.min(this.last, Math.max(0, step)));
  }

  show(step) {
    this.step = step;
    this.slider.value = String(step);
    this.count();
    this.onStep(step);
  }

  count() {
    this.counter.textContent = `Step ${this.step} of ${this.last}`;
  }
}
