// A tiny DOM builder: h("td", {class: "num"}, text) — text children become text nodes, so user
// text (names, messages) is never parsed as HTML.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const SVG = "http://www.w3.org/2000/svg";
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// An estimate of the simulator's JSON is a number (one replication) or {mean, ci95}.
export function est(value) {
  if (value === null || value === undefined) return { mean: null, ci: null };
  if (typeof value === "number") return { mean: value, ci: null };
  return { mean: value.mean ?? null, ci: value.ci95 ?? null };
}

export function fmt(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return Number(value).toFixed(digits);
}

export function pct(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return `${(value * 100).toFixed(digits)} %`;
}

export function fmtEst(value, digits = 1, percent = false) {
  const { mean, ci } = est(value);
  const f = percent ? (v) => pct(v, digits) : (v) => fmt(v, digits);
  if (mean === null) return "–";
  return ci === null ? f(mean) : `${f(mean)} ± ${percent ? pct(ci, digits) : fmt(ci, digits)}`;
}
