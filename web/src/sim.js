// The simulation panel of the item page: arrivals per working day and staff per lane as
// `simulate --set` keys (arrivals.per_workday, lanes.<lane>.staff), days and replications; the run
// is a job (progress, cancel); then the KPIs and the cycle-time histogram against the limits.
import { runJob } from "./api.js";
import { h, clear, fmt, fmtEst, est, pct } from "./dom.js";
import { t } from "./i18n.js";
import { showError } from "./banner.js";
import { histogram, bars } from "./charts.js";

export function progressBox(onCancel) {
  const bar = h("progress", { max: "1", "aria-label": t("job.progress") });
  const text = h("span", { class: "job-state", "aria-live": "polite" });
  const cancel = h("button", { type: "button", onclick: onCancel }, t("job.cancel"));
  const box = h("div", { class: "job", hidden: true }, bar, text, cancel);
  return {
    box,
    show(job) {
      box.hidden = false;
      if (job?.progress == null) bar.removeAttribute("value");
      else bar.value = job.progress;
      text.textContent = job ? `${t(`job.${job.state}`)}${job.progress != null ? ` ${Math.round(job.progress * 100)} %` : ""}` : t("job.queued");
    },
    hide() {
      box.hidden = true;
    },
  };
}

// A long run as a job shown in a progress box: `settled` resolves with its result, or with null when
// it was cancelled (said in `results`) or failed (said in the banner). `cancel()` stops it.
export function watchJob(kind, body, progress, results) {
  const job = runJob(kind, body, (state) => progress.show(state));
  progress.show(null);
  job.settled = job.promise.catch((error) => {
    if (error.code === "cancelled") clear(results, h("p", { class: "note" }, t("job.cancelled")));
    else showError(error);
    return null;
  }).finally(() => progress.hide());
  return job;
}

export function numberInput(id, value, { min = 0, step = "any", placeholder } = {}) {
  return h("input", { type: "number", id, min, step, value: value ?? "", placeholder, inputmode: "decimal" });
}

export function simPanel(box, { path, text, info }) {
  let job = null;
  const arrivals = numberInput("sim-arrivals", "", { min: 0, placeholder: info?.perWorkday != null ? String(info.perWorkday) : t("sim.auto") });
  const days = numberInput("sim-days", 60, { min: 1, step: 1 });
  const replications = numberInput("sim-replications", 3, { min: 1, step: 1 });
  const staffBox = h("div", { class: "staff-inputs" });
  const run = h("button", { type: "button", class: "primary", id: "sim-run" }, t("sim.run"));
  const progress = progressBox(() => job?.cancel());
  const results = h("div", { class: "sim-results", id: "sim-results", "aria-live": "polite" });
  clear(box,
    h("h2", { id: "sim-title" }, t("sim.title")),
    h("form", { class: "sim-form", onsubmit: (e) => { e.preventDefault(); start(); } },
      h("fieldset", {}, h("legend", {}, t("sim.scenario")),
        h("label", { for: "sim-arrivals" }, t("sim.arrivals")), arrivals,
        h("label", { for: "sim-days" }, t("sim.days")), days,
        h("label", { for: "sim-replications" }, t("sim.replications")), replications),
      h("fieldset", {}, h("legend", {}, t("sim.staff")), staffBox),
      h("div", { class: "actions" }, run, progress.box)),
    results);
  run.type = "submit";

  let lanes = [];
  function update(newInfo) {
    const old = Object.fromEntries([...staffBox.querySelectorAll("input")].map((i) => [i.dataset.lane, i.value]));
    lanes = (newInfo?.lanes || []).filter((l) => l.staff !== null);
    clear(staffBox, lanes.length ? lanes.map((l) => h("div", { class: "staff-input" },
      h("label", { for: `sim-staff-${l.id}`, title: l.name }, h("span", { class: "mono" }, l.id), " ", h("span", { class: "muted" }, l.name)),
      numberInput(`sim-staff-${l.id}`, old[l.id] ?? "", { min: 1, step: 1, placeholder: String(l.staff) })))
      : h("p", { class: "note" }, t("sim.nolanes")));
    for (const input of staffBox.querySelectorAll("input")) input.dataset.lane = input.id.replace(/^sim-staff-/, "");
    if (newInfo?.perWorkday != null) arrivals.placeholder = String(newInfo.perWorkday);
  }
  update(info);

  async function start() {
    const set = {};
    if (arrivals.value !== "") set["arrivals.per_workday"] = Number(arrivals.value);
    for (const input of staffBox.querySelectorAll("input")) {
      if (input.value !== "") set[`lanes.${input.dataset.lane}.staff`] = Number(input.value);
    }
    const body = { text: text(), path, days: Number(days.value) || 60, replications: Number(replications.value) || 1, set };
    run.disabled = true;
    job = watchJob("simulate", body, progress, results);
    const result = await job.settled;
    job = null;
    run.disabled = false;
    if (result) showResult(result);
  }

  function showResult(r) {
    const ct = r.cycle_time_workdays || {};
    const mean = est(ct.mean);
    const bottleneck = r.bottlenecks?.[0];
    const lane = (r.lanes || []).find((l) => l.lane === bottleneck);
    const kpi = (label, value, sub) => h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, label), h("div", { class: "kpi-value" }, value), sub ? h("div", { class: "kpi-sub" }, sub) : null);
    clear(results,
      h("div", { class: "kpis", id: "sim-kpis" },
        kpi(t("sim.kpi.throughput"), fmtEst(r.throughput_per_workday, 2), t("sim.kpi.throughput.sub", { arrived: r.arrived, completed: r.completed })),
        kpi(t("sim.kpi.cycle"), mean.ci === null ? fmt(mean.mean, 2) : `${fmt(mean.mean, 2)} ± ${fmt(mean.ci, 2)}`,
          `${t("sim.kpi.p90")} ${fmtEst(ct.p90, 1)} · ${t("sim.kpi.max")} ${fmtEst(ct.max, 1)}`),
        kpi(t("sim.kpi.promised"), fmtEst(r.on_time_rate?.promised, 1, true), t("sim.kpi.ontime.sub")),
        kpi(t("sim.kpi.statutory"), fmtEst(r.on_time_rate?.statutory, 1, true), t("sim.kpi.ontime.sub")),
        kpi(t("sim.kpi.bottleneck"), bottleneck ?? "–", lane ? `${lane.name} · ${pct(est(lane.utilization).mean)}` : null)),
      h("div", { class: "sim-charts" },
        h("figure", {}, histogram(r.cycle_time_histogram), h("figcaption", {}, t("sim.hist.caption", { n: r.cycle_time_histogram?.cases ?? 0 }))),
        h("figure", {}, bars((r.lanes || []).filter((l) => l.staff > 0).map((l) => ({ label: `${l.lane}（${l.staff}）`, value: l.utilization, title: l.name }))),
          h("figcaption", {}, t("sim.util.caption")))),
      (r.warnings || []).length ? h("ul", { class: "warnings" }, r.warnings.map((w) => h("li", {}, w))) : null,
      r.parameters?.defaults_used ? h("p", { class: "note" }, t("sim.defaults", { rate: fmt(r.parameters.per_workday, 2) })) : null);
  }

  return { update, dispose: () => job?.cancel() };
}
