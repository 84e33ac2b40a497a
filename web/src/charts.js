// Inline SVG charts drawn here, without a chart library: the cycle-time histogram against the limits
// and horizontal bars (utilization).
import { s, h, fmt, est, pct } from "./dom.js";
import { t } from "./i18n.js";

export function histogram(hist, { width = 560, height = 220 } = {}) {
  const counts = hist?.counts || [];
  const edges = hist?.edges || [];
  if (!counts.length || edges.length !== counts.length + 1) return h("p", { class: "note" }, t("sim.nohist"));
  const m = { l: 44, r: 12, t: 18, b: 38 };
  const w = width - m.l - m.r;
  const ht = height - m.t - m.b;
  const top = edges[edges.length - 1] || 1;
  const maxCount = Math.max(...counts, 1);
  const x = (v) => m.l + (v / top) * w;
  const y = (c) => m.t + ht - (c / maxCount) * ht;
  const limits = hist.limits || {};
  const bars = counts.map((c, i) => {
    const late = ["promised", "statutory"].some((k) => limits[k] != null && edges[i] >= limits[k] - 1e-9);
    return s("rect", { x: x(edges[i]) + 0.5, y: y(c), width: Math.max(x(edges[i + 1]) - x(edges[i]) - 1, 1), height: m.t + ht - y(c),
      class: late ? "bar late" : "bar" }, s("title", {}, `${fmt(edges[i], 1)}–${fmt(edges[i + 1], 1)}: ${c}`));
  });
  const ticks = [];
  const step = niceStep(top / 6);
  for (let v = 0; v <= top + 1e-9; v += step) {
    ticks.push(s("line", { x1: x(v), x2: x(v), y1: m.t + ht, y2: m.t + ht + 4, class: "axis" }),
      s("text", { x: x(v), y: m.t + ht + 16, "text-anchor": "middle", class: "tick" }, fmt(v, step < 1 ? 1 : 0)));
  }
  const yTicks = [0, Math.round(maxCount / 2), maxCount].map((c) => [
    s("line", { x1: m.l - 4, x2: m.l, y1: y(c), y2: y(c), class: "axis" }),
    s("text", { x: m.l - 6, y: y(c) + 4, "text-anchor": "end", class: "tick" }, c)]);
  const lines = ["promised", "statutory"].filter((k) => limits[k] != null).map((k, i) => [
    s("line", { x1: x(limits[k]), x2: x(limits[k]), y1: m.t - 4, y2: m.t + ht, class: `limit ${k}` }),
    s("text", { x: x(limits[k]) > m.l + w * 0.7 ? x(limits[k]) - 4 : x(limits[k]) + 4, y: m.t + 8 + i * 13,
      "text-anchor": x(limits[k]) > m.l + w * 0.7 ? "end" : "start", class: `limit-label ${k}` }, `${t(`sim.limit.${k}`)} ${fmt(limits[k], 1)}`)]);
  return s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart histogram", role: "img", "aria-label": t("sim.hist.label", { n: hist.cases }) },
    s("line", { x1: m.l, x2: m.l + w, y1: m.t + ht, y2: m.t + ht, class: "axis" }),
    s("line", { x1: m.l, x2: m.l, y1: m.t, y2: m.t + ht, class: "axis" }),
    bars, ticks, yTicks, lines,
    s("text", { x: m.l + w / 2, y: height - 4, "text-anchor": "middle", class: "axis-label" },
      hist.basis === "legal-clock" ? t("sim.hist.xclock") : t("sim.hist.x")));
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

// Rows of label + bar + value: utilization of lanes or pools (the bar turns red at 85 %).
export function bars(rows) {
  return h("div", { class: "bars" }, rows.map(({ label, value, title }) => {
    const { mean, ci } = est(value);
    const share = Math.max(0, Math.min(mean ?? 0, 1));
    return h("div", { class: "bar-row", title: title || label },
      h("span", { class: "bar-label" }, label),
      h("span", { class: "bar-track" }, h("span", { class: `bar-fill${share >= 0.85 ? " hot" : ""}`, style: `width:${(share * 100).toFixed(1)}%` })),
      h("span", { class: "bar-value num" }, ci === null ? pct(mean) : `${pct(mean)} ± ${pct(ci)}`));
  }));
}

// Shares (0..1) against a whole-number x, one line per series: a sweep's on-time rates and
// utilization against the pool's staff.
export function lines(xs, series, { width = 520, height = 200, xLabel = "" } = {}) {
  if (xs.length < 2) return null;
  const m = { l: 44, r: 110, t: 10, b: 34 };
  const w = width - m.l - m.r;
  const ht = height - m.t - m.b;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const x = (v) => m.l + ((v - lo) / (hi - lo || 1)) * w;
  const y = (v) => m.t + ht - Math.max(0, Math.min(1, v)) * ht;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => [
    s("line", { x1: m.l, x2: m.l + w, y1: y(v), y2: y(v), class: "grid-line" }),
    s("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, `${v * 100} %`)]);
  const ticks = xs.map((v) => s("text", { x: x(v), y: m.t + ht + 14, "text-anchor": "middle", class: "tick" }, v));
  const drawn = series.map(({ label, values, cls }, i) => {
    const points = xs.map((v, k) => (values[k] == null ? null : [x(v), y(values[k])])).filter(Boolean);
    const last = points[points.length - 1];
    return [
      s("polyline", { points: points.map((p) => p.join(",")).join(" "), class: `series ${cls}` }),
      points.map(([px, py]) => s("circle", { cx: px, cy: py, r: 2.5, class: `dot ${cls}` })),
      last ? s("text", { x: m.l + w + 6, y: Math.max(m.t + 8, Math.min(m.t + ht, last[1] + 4 + (i - 1) * 2)), class: `series-label ${cls}` }, label) : null];
  });
  return s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart sweep", role: "img", "aria-label": series.map((x) => x.label).join(", ") },
    grid, ticks, drawn, s("text", { x: m.l + w / 2, y: height - 4, "text-anchor": "middle", class: "axis-label" }, xLabel));
}
