// #/conform — a process from the catalogue and an event log (CSV, XES, xlsx) → POST /conform:
// fitness, precision, the cases late against each limit, the deviations.
import { api, encodePath } from "./api.js";
import { progressBox, watchJob } from "./sim.js";
import { h, clear, fmt, pct } from "./dom.js";
import { t } from "./i18n.js";
import { showError, hideError } from "./banner.js";

export function conformPage(main) {
  const process = h("select", { id: "conform-process", required: true });
  const log = h("input", { type: "file", id: "conform-log", accept: ".csv,.xes,.gz,.xlsx,.xlsm,.parquet", required: true });
  const submit = h("button", { type: "submit", class: "primary", id: "conform-run" }, t("conform.run"));
  let job = null;
  const progress = progressBox(() => job?.cancel());
  const results = h("div", { id: "conform-results" });
  const controller = new AbortController();
  main.append(h("div", { class: "page-head" }, h("h1", {}, t("conform.title"))),
    h("section", { class: "panel" }, h("p", { class: "note" }, t("conform.intro")),
      h("form", { class: "inline-form", onsubmit: run },
        h("label", { for: "conform-process" }, t("conform.process")), process,
        h("label", { for: "conform-log" }, t("conform.log")), log, submit, progress.box)),
    results);

  api("/files", { signal: controller.signal }).then((data) => {
    const files = (data.files || []).filter((f) => f.kind === "process" && f.valid);
    clear(process, files.map((f) => h("option", { value: f.path }, `${f.name || f.path}${f.code ? `（${f.code}）` : ""}`)));
    const wanted = new URLSearchParams(location.hash.split("?")[1] || "").get("path");
    if (wanted) process.value = wanted;
  }).catch(showError);

  async function run(event) {
    event.preventDefault();
    if (!log.files.length) return;
    const form = new FormData();
    form.append("log", log.files[0]);
    form.append("path", process.value);
    submit.disabled = true;
    job = watchJob("conform", form, progress, results); // a large log takes a while: progress, cancel
    const r = await job.settled;
    job = null;
    submit.disabled = false;
    if (r) {
      hideError();
      show(r);
    }
  }

  function show(r) {
    const kpi = (label, value) => h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, label), h("div", { class: "kpi-value" }, value));
    const limits = Object.entries(r.limit_violations || {});
    const deviations = Object.entries(r.deviations || {});
    const cases = r.deviating_cases || [];
    clear(results,
      h("section", { class: "panel", "aria-labelledby": "conform-summary" },
        h("h2", { id: "conform-summary" }, r.name || r.process, " ", h("a", { class: "small", href: `#/item/${encodePath(process.value)}` }, t("conform.open"))),
        h("div", { class: "kpis", id: "conform-kpis" },
          kpi(t("conform.fitness"), fmt(r.fitness, 3)), kpi(t("conform.precision"), fmt(r.precision, 3)),
          kpi(t("conform.cases"), `${r.cases}`), kpi(t("conform.conforming"), `${r.conforming_cases} (${pct(r.conforming_share)})`),
          kpi(t("conform.variants"), `${r.variants ?? "–"}`)),
        (r.notes || []).length ? h("ul", { class: "warnings" }, r.notes.map((n) => h("li", {}, n))) : null),
      h("section", { class: "panel" }, h("h2", {}, t("conform.limits")),
        h("div", { class: "table-wrap" }, h("table", { class: "grid", id: "conform-limits" },
          h("thead", {}, h("tr", {}, ["conform.kind", "conform.limit", "conform.late", "conform.worst", "conform.basis"].map((k, i) => h("th", { scope: "col", class: i && i < 4 ? "num" : null }, t(k))))),
          h("tbody", {}, limits.map(([kind, v]) => h("tr", {}, h("td", {}, t(`dev.${kind}`, {}, kind)), h("td", { class: "num" }, fmt(v.limit, 1)),
            h("td", { class: `num${v.cases ? " bad" : ""}` }, v.cases), h("td", { class: "num" }, fmt(v.worst, 2)), h("td", {}, v.basis))))))),
      h("section", { class: "panel" }, h("h2", {}, t("conform.deviations")),
        deviations.length ? h("ul", { class: "counts" }, deviations.map(([kind, n]) => h("li", {}, t(`dev.${kind}`, {}, kind), " ", h("strong", {}, n))))
          : h("p", { class: "ok-text" }, t("conform.none")),
        cases.length ? h("div", { class: "table-wrap tall" }, h("table", { class: "grid", id: "conform-cases" },
          h("thead", {}, h("tr", {}, ["conform.case", "conform.kind", "conform.step", "item.message"].map((k) => h("th", { scope: "col" }, t(k))))),
          h("tbody", {}, cases.slice(0, 200).flatMap((c) => (c.deviations || []).map((d) => h("tr", {},
            h("td", { class: "mono" }, c.case), h("td", {}, t(`dev.${d.kind}`, {}, d.kind)), h("td", { class: "mono" }, d.step || "–"), h("td", {}, d.message)))))))
          : null,
        cases.length > 200 ? h("p", { class: "note" }, t("conform.more", { n: cases.length - 200 })) : null));
  }

  return { dispose: () => { controller.abort(); job?.cancel(); } };
}
