// #/ — every file of the served folder in one table: search, filters, sortable columns.
import { api, encodePath } from "./api.js";
import { h, clear } from "./dom.js";
import { t, typeName } from "./i18n.js";
import { showError } from "./banner.js";

const COLUMNS = [
  { key: "name", label: "cat.name", value: (f) => f.name || f.path },
  { key: "code", label: "cat.code", value: (f) => f.code || "" },
  { key: "department", label: "cat.department", value: (f) => f.department || "" },
  { key: "type", label: "cat.type", value: (f) => (f.kind === "centre" ? t("cat.centre") : f.type ? typeName(f.type) : "") },
  { key: "statutory_days", label: "cat.statutory", unit: "cat.unit", value: (f) => f.statutory_days ?? null, num: true },
  { key: "promised_days", label: "cat.promised", unit: "cat.unit", value: (f) => f.promised_days ?? null, num: true },
  { key: "valid", label: "cat.valid", value: (f) => (f.valid ? 1 : 0), num: true },
  { key: "error", label: "level.error", value: (f) => f.findings?.error ?? 0, num: true },
  { key: "warning", label: "level.warning", value: (f) => f.findings?.warning ?? 0, num: true },
  { key: "info", label: "level.info", value: (f) => f.findings?.info ?? 0, num: true },
  { key: "sound", label: "cat.sound", value: (f) => (f.sound === null || f.sound === undefined ? -1 : f.sound ? 1 : 0), num: true },
];

const days = (v) => (v === null || v === undefined ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(1));

export const fileHref = (f) => `#/${f.kind === "centre" ? "centre" : "item"}/${encodePath(f.path)}`;

export function cataloguePage(main) {
  const state = { files: [], sort: "name", asc: true };
  const search = h("input", { type: "search", id: "cat-search", placeholder: t("cat.search.placeholder") });
  const department = h("select", { id: "cat-department" });
  const type = h("select", { id: "cat-type" });
  const level = h("select", { id: "cat-level" },
    h("option", { value: "" }, t("cat.any")),
    ["error", "warning", "info"].map((l) => h("option", { value: l }, t(`cat.with.${l}`))),
    h("option", { value: "invalid" }, t("cat.with.invalid")),
    h("option", { value: "unsound" }, t("cat.with.unsound")));
  const count = h("p", { class: "count", "aria-live": "polite" });
  const thead = h("thead");
  const tbody = h("tbody");
  const table = h("table", { class: "grid catalogue" }, h("caption", { class: "sr-only" }, t("cat.title")), thead, tbody);
  main.append(
    h("div", { class: "page-head" }, h("h1", {}, t("cat.title")), count),
    h("div", { class: "filters" },
      h("label", {}, t("cat.search"), search),
      h("label", {}, t("cat.department"), department),
      h("label", {}, t("cat.type"), type),
      h("label", {}, t("cat.level"), level)),
    h("div", { class: "table-wrap" }, table));
  for (const el of [search, department, type, level]) el.addEventListener("input", draw);

  function header() {
    clear(thead, h("tr", {}, COLUMNS.map((c) => {
      const sorted = state.sort === c.key;
      return h("th", { scope: "col", class: c.num ? "num" : null, "aria-sort": sorted ? (state.asc ? "ascending" : "descending") : "none" },
        h("button", { type: "button", class: "sort", onclick: () => {
          state.asc = state.sort === c.key ? !state.asc : true;
          state.sort = c.key;
          draw();
        } }, t(c.label), c.unit ? h("span", { class: "unit" }, t(c.unit)) : null, h("span", { "aria-hidden": "true", class: "arrow" }, sorted ? (state.asc ? " ▲" : " ▼") : "")));
    })));
  }

  function visible() {
    const q = search.value.trim().toLowerCase();
    return state.files.filter((f) => {
      if (q && ![f.name, f.code, f.path, f.department].some((v) => v && String(v).toLowerCase().includes(q))) return false;
      if (department.value && (f.department || "") !== department.value) return false;
      if (type.value && (f.kind === "centre" ? "centre" : f.type || "") !== type.value) return false;
      if (level.value === "invalid") return !f.valid;
      if (level.value === "unsound") return f.sound === false;
      if (level.value) return (f.findings?.[level.value] ?? 0) > 0;
      return true;
    });
  }

  function draw() {
    header();
    const column = COLUMNS.find((c) => c.key === state.sort);
    const rows = visible().sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = x === null ? 1 : y === null ? -1 : column.num ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return state.asc ? order : -order;
    });
    count.textContent = t("cat.count", { shown: rows.length, total: state.files.length });
    clear(tbody, rows.map((f) => {
      const href = fileHref(f);
      const open = (e) => {
        if (e.target.closest("a")) return;
        location.hash = href;
      };
      const n = (v) => h("td", { class: `num${v ? " has" : ""}` }, v ?? 0);
      return h("tr", { class: f.valid ? null : "invalid", onclick: open, dataset: { path: f.path } },
        h("td", {}, h("a", { href, title: f.path }, f.name || f.path),
          f.valid ? null : h("span", { class: "tag bad" }, t("cat.invalid", { n: f.problems ?? 0 }))),
        h("td", { class: "mono" }, f.code || "–"),
        h("td", {}, f.department || "–"),
        h("td", {}, f.kind === "centre" ? t("cat.centre") : f.type ? typeName(f.type) : "–"),
        h("td", { class: "num" }, days(f.statutory_days)),
        h("td", { class: "num" }, days(f.promised_days)),
        h("td", { class: "num" }, f.valid ? "✓" : h("span", { class: "bad" }, "✗")),
        h("td", { class: `num lvl-error${f.findings?.error ? " has" : ""}` }, f.findings?.error ?? 0),
        h("td", { class: `num lvl-warning${f.findings?.warning ? " has" : ""}` }, f.findings?.warning ?? 0),
        n(f.findings?.info),
        h("td", { class: "num" }, f.sound === null || f.sound === undefined ? "–" : f.sound ? t("cat.sound.yes") : h("span", { class: "bad" }, t("cat.sound.no"))));
    }));
  }

  function options(select, values, label) {
    const chosen = select.value;
    clear(select, h("option", { value: "" }, t("cat.all")), values.map(([v, text]) => h("option", { value: v }, text || v)));
    select.value = values.some(([v]) => v === chosen) ? chosen : "";
    select.setAttribute("aria-label", label);
  }

  const controller = new AbortController();
  count.textContent = t("loading");
  api("/files", { signal: controller.signal })
    .then((data) => {
      state.files = data.files || [];
      const departments = [...new Set(state.files.map((f) => f.department).filter(Boolean))].sort((a, b) => a.localeCompare(b, "zh-CN"));
      options(department, departments.map((d) => [d]), t("cat.department"));
      const types = [...new Set(state.files.map((f) => (f.kind === "centre" ? "centre" : f.type)).filter(Boolean))];
      options(type, types.map((v) => [v, v === "centre" ? t("cat.centre") : typeName(v)]), t("cat.type"));
      draw();
    })
    .catch((error) => {
      count.textContent = "";
      showError(error);
    });
  header();
  return { dispose: () => controller.abort() };
}
