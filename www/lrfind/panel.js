// The LR Finder panel: the range test and the coarse-to-fine search on the Train panel's setup,
// each in its own module Worker. JavaScript owns the DOM and the workers' messages; Rust
// (through `wasm`) checks the settings, runs the tests, reads the suggestions and draws.
import { h } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { Neighbours } from "./neighbours.js";
import { RangeSection } from "./range-section.js";
import { SearchSection } from "./search-section.js";
import { defaultState, fromLink, rangeConfig, toLink } from "./state.js";
import { showOrKeepLinkProblems } from "../lib/link-notice.js";

export class LrFinderPanel {
  /**
   * `root`: the panel's section; `wasm`: the lrlab module; `onChange()`: state changed;
   * `train()` / `schedules()`: the other panels; `showTab(id)` opens another tab.
   */
  constructor(root, wasm, onChange, { train, schedules, showTab }) {
    this.root = root;
    this.wasm = wasm;
    this.onChange = onChange;
    this.palette = wasm.palette();
    this.defaults = defaultState(wasm.lr_find_defaults(), wasm.search_defaults());
    this.state = structuredClone(this.defaults);
    this.neighbours = new Neighbours({ train, schedules, defaults: wasm.train_defaults(), onTabRequest: showTab });
    this.built = false;
    this.pendingProblems = null;
    // Built the first time it is shown (no workers before); the setup is described afresh each
    // time, as the Train panel may have changed.
    new MutationObserver(() => {
      if (!this.root.hidden) this.shown();
    }).observe(root, { attributes: true, attributeFilter: ["hidden"] });
    if (!root.hidden) this.shown();
  }

  shown() {
    if (!this.built) {
      this.built = true;
      this.notice = h("div", { class: "notice", role: "status", hidden: true });
      this.range = new RangeSection(this);
      this.search = new SearchSection(this);
      this.root.replaceChildren(h("h2", { class: "visually-hidden" }, "LR Finder"), this.notice, this.range.element, this.search.element);
      this.render();
      if (this.pendingProblems) this.showProblems(this.pendingProblems);
    }
    this.describeSetup();
    this.range.redraw();
    this.search.show();
  }

  render() {
    this.range.render();
    this.search.render();
    this.describeSetup();
  }

  /** Says, in words, which model, data and optimizer the tests run on. */
  describeSetup() {
    if (!this.built) return;
    const src = this.state.src;
    const c = this.neighbours.config(src);
    const o = c.optimizer;
    const keywords = Object.entries(o)
      .filter(([k]) => k !== "optimizer" && k !== "lr")
      .map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.join(", ")})` : v}`)
      .join(", ");
    const layers = [784, ...c.model.hidden, 10].join("→");
    const n = (x) => x.toLocaleString("en-US");
    // A widget alone names its own setup (see embed/setup.js) instead of the Train panel's.
    const where = src === "train" ? (this.neighbours.train()?.setupLabel ?? "In use: the Train panel's current settings") : "In use: the lab's default settings";
    this.range.form.describe(
      `${where}: an MLP ${layers} (${c.model.activation}), torch.optim.${o.optimizer}(${keywords}) with its lr replaced by the sweep, batches of ${c.batch_size}, ${n(c.data.train_size)} training digits from ${this.neighbours.dataName(src)}, seed ${c.seed}. The schedule is not used.`,
    );
  }

  /** The core's message for range settings `range`, or null. */
  checkRange(range) {
    try {
      this.wasm.check_lr_find(JSON.stringify({ lr_find: rangeConfig({ ...this.state, range }) }));
      return null;
    } catch (e) {
      if (isFatal(e)) throw e;
      return e.message;
    }
  }

  /** The compact state for the URL: the settings, not the results. */
  linkState() {
    return toLink(this.state, this.defaults);
  }

  /** Restores a state read from a link; returns the problems found in it. */
  setLinkState(raw) {
    const { state, problems } = fromLink(raw, this.defaults);
    const error = this.checkRange(state.range);
    if (error) {
      problems.push(`ignored the range test settings: ${error}`);
      state.range = structuredClone(this.defaults.range);
    }
    this.state = state;
    if (this.built) this.render();
    return problems;
  }

  /** Says what was wrong with a link (or hides the notice). */
  showProblems(problems) {
    showOrKeepLinkProblems(this, problems);
  }
}
