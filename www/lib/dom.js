// Small DOM helpers. Text is only ever inserted as text (textContent), never parsed as HTML, so
// names and values that come from the URL or from files cannot inject markup.

let counter = 0;

/** A document-unique id with a readable prefix. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Creates an element: `h("button", { class: "x", type: "button", onclick: f }, "Text", child)`.
 * Attributes starting with "on" become listeners; `false`/`null`/`undefined` attributes are
 * skipped; `true` sets an empty attribute; children may be strings, nodes, arrays or null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      el.className = value;
    } else if (name === "text") {
      el.textContent = value;
    } else if (name === "value") {
      el.value = value;
    } else if (name === "checked") {
      el.checked = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * The focused element in the document or shadow root holding `node` (a widget's controls live
 * in a shadow root, where `document.activeElement` is only the widget itself).
 */
export function focusedIn(node) {
  return node.getRootNode().activeElement ?? null;
}

/** The element with `id` in the document or shadow root holding `node`, or null. */
export function byId(node, id) {
  const root = node.getRootNode();
  if (typeof root.getElementById === "function") return root.getElementById(id);
  return root.querySelector?.(`#${CSS.escape(id)}`) ?? null;
}

/** Replaces all children of `el`. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Calls `fn` at most once per animation frame with the latest arguments. */
export function perFrame(fn) {
  let pending = null;
  return (...args) => {
    const first = pending === null;
    pending = args;
    if (first) {
      requestAnimationFrame(() => {
        const latest = pending;
        pending = null;
        fn(...latest);
      });
    }
  };
}

/**
 * Resolves in a later task, so that long work split at it leaves the page responsive in
 * between (a message, not a timer, which browsers clamp to 4 ms).
 */
export function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

let rootTextScale = null;

/**
 * The root font size over 16 px: chart text follows it (it grows on large, projected screens).
 * Read once per viewport size, because reading a computed style right after the page changed
 * forces a style recalculation in the middle of a frame.
 */
export function textScale() {
  if (rootTextScale === null) {
    rootTextScale = parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1;
    window.addEventListener("resize", () => (rootTextScale = null), { once: true });
  }
  return rootTextScale;
}

/** Copies `text` to the clipboard; resolves to true on success. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard permission (e.g. insecure origin), fall back to a hidden selection.
    const area = h("textarea", { class: "visually-hidden", readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
