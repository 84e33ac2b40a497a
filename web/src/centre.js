// #/centre/<path> — a centre's windows and departments (from its file), a simulation of the whole
// centre (the items most often late), a staffing search and a sweep of one pool, each a job.
import { api, encodePath } from "./api.js";
import { h, clear, fmt, fmtEst, est, pct } from "./dom.js";
import { t } from "./i18n.js";
import { showError } from "./banner.js";
import { parseYaml } from "./yamlinfo.js";
import { bars, lines } from "./charts.js";
import { progressBox, numberInput, watchJob } from "./sim.js";

function table(headers, rows, { id, numeric = [] } = {}) {
  return h("div", { class: "table-wrap" }, h("table", { class: "grid", id },
    h("thead", {}, h("tr", {}, headers.map((k, i) => h("th", { scope: "col", class: numeric.includes(i) ? "num" : null }, t(k))))),
    h("tbody", {}, rows.map((row) => h("tr", {}, row.map((cell, i) => h("td", { class: numeric.includes(i) ? "num" : null }, cell ?? "–")))))));
}

export function centrePage(main, path) {
  const jobs = new Set();
  const title = h("h1", {}, path);
  const poolsBox = h("section", { class: "panel", "aria-labelledby": "pools-title" }, h("h2", { id: "pools-title" }, t("centre.pools")), h("p", { class: "note" }, t("loading")));
  const simBox = h("section", { class: "panel", "aria-labelledby": "csim-title" });
  const staffBox = h("section", { class: "panel", "aria-labelledby": "staff-title" });
  main.append(h("div", { class: "page-head" }, h("a", { href: "#/", class: "back" }, "← ", t("nav.catalogue")), title, h("code", { class: "path" }, path),
    h("a", { class: "small", href: `#/item/${encodePath(path)}` }, t("centre.edit"))),
    poolsBox, h("div", { class: "centre-grid" }, simBox, staffBox));

  function job(kind, body, progress, done, results) {
    const j = watchJob(kind, body, progress, results);
    jobs.add(j);
    j.settled.then((result) => {
      jobs.delete(j);
      if (result) done(result);
    });
    return j;
  }

  // --- simulation of the centre
  let simJob = null;
  const days = numberInput("csim-days", 60, { min: 1, step: 1 });
  const reps = numberInput("csim-replications", 1, { min: 1, step: 1 });
  const simProgress = progressBox(() => simJob?.cancel());
  const simResults = h("div", { id: "csim-results" });
  const simRun = h("button", { type: "submit", class: "primary" }, t("sim.run"));
  clear(simBox, h("h2", { id: "csim-title" }, t("centre.sim")),
    h("form", { class: "inline-form", onsubmit: (e) => {
      e.preventDefault();
      simRun.disabled = true;
      simJob = job("simulate", { path, days: Number(days.value) || 60, replications: Number(reps.value) || 1 }, simProgress, showSim, simResults);
      simJob.promise.finally(() => { simRun.disabled = false; }).catch(() => {});
    } }, h("label", { for: "csim-days" }, t("sim.days")), days, h("label", { for: "csim-replications" }, t("sim.replications")), reps, simRun, simProgress.box),
    simResults);

  function showSim(r) {
    const items = Object.fromEntries((r.items || []).map((i) => [i.code, i]));
    const late = (r.most_late || []).map((code) => items[code]).filter(Boolean);
    clear(simResults,
      h("div", { class: "kpis" },
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.throughput")), h("div", { class: "kpi-value" }, fmtEst(r.throughput_per_workday, 1))),
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.cycle")), h("div", { class: "kpi-value" }, fmtEst(r.cycle_time_workdays?.mean, 2))),
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.promised")), h("div", { class: "kpi-value" }, fmtEst(r.on_time_rate?.promised, 1, true))),
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.statutory")), h("div", { class: "kpi-value" }, fmtEst(r.on_time_rate?.statutory, 1, true))),
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.bottleneck")), h("div", { class: "kpi-value" }, r.bottlenecks?.[0] ?? "–"))),
      h("h3", {}, t("centre.util")),
      bars((r.pools || []).filter((p) => p.staff > 0).map((p) => ({ label: `${p.pool}（${p.staff}）`, value: p.utilization, title: p.name }))),
      h("h3", {}, t("centre.late")),
      table(["cat.code", "cat.name", "centre.perday", "sim.kpi.cycle", "col.p90", "sim.kpi.promised"],
        late.map((i) => [
          i.file ? h("a", { href: itemHref(i.file) }, i.code) : i.code, i.name, fmt(i.per_workday, 2),
          fmtEst(i.cycle_time_workdays?.mean, 2), fmtEst(i.cycle_time_workdays?.p90, 1), fmtEst(i.on_time_rate?.promised, 1, true)]),
        { id: "late-items", numeric: [2, 3, 4, 5] }),
      r.most_late_left_out ? h("p", { id: "late-left-out", class: "note" }, t("centre.late.leftout", {
        n: r.most_late_left_out, points: Math.round((r.most_late_precision ?? 0.1) * 100) })) : null,
      h("h3", {}, t("centre.departments")),
      table(["centre.department", "col.name", "centre.items", "centre.perday", "sim.kpi.cycle", "sim.kpi.promised"],
        (r.departments || []).map((d) => [d.department, d.name, d.items, fmt(d.per_workday, 1), fmtEst(d.mean_cycle_workdays, 2), fmtEst(d.on_time_promised, 1, true)]),
        { numeric: [2, 3, 4, 5] }));
  }

  // An item's file as the server gives it (relative to the served folder, or absolute): a link when
  // it lies in the folder the centre file is in or below.
  function itemHref(file) {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
    let rel = file;
    const at = file.lastIndexOf(`/${dir}`);
    if (file.startsWith("/") && dir && at >= 0) rel = file.slice(at + 1);
    else if (file.startsWith("/")) return null;
    return `#/item/${encodePath(rel)}`;
  }

  // --- staffing: the search for the smallest staff, and the sweep of one pool
  let staffJob = null;
  const onTime = numberInput("staff-ontime", 0.95, { min: 0, step: 0.01 });
  onTime.max = 1;
  const maxWait = h("input", { type: "text", id: "staff-maxwait", placeholder: "15min", size: 8 });
  const staffProgress = progressBox(() => staffJob?.cancel());
  const staffResults = h("div", { id: "staff-results" });
  const pool = h("select", { id: "sweep-pool" });
  const low = numberInput("sweep-low", "", { min: 1, step: 1 });
  const high = numberInput("sweep-high", "", { min: 1, step: 1 });
  const staffRun = h("button", { type: "submit", class: "primary", id: "staff-run" }, t("staff.run"));
  const sweepRun = h("button", { type: "submit", id: "sweep-run" }, t("staff.sweep.run"));
  const startStaff = (body, show) => {
    staffRun.disabled = sweepRun.disabled = true;
    staffJob = job("staff", { path, ...body }, staffProgress, show, staffResults);
    staffJob.promise.finally(() => { staffRun.disabled = sweepRun.disabled = false; }).catch(() => {});
  };
  clear(staffBox, h("h2", { id: "staff-title" }, t("staff.title")),
    h("form", { class: "inline-form", onsubmit: (e) => {
      e.preventDefault();
      const target = { "on-time": Number(onTime.value) || 0.95 };
      if (maxWait.value.trim()) target["max-wait"] = maxWait.value.trim();
      startStaff({ target }, showStaff);
    } }, h("label", { for: "staff-ontime" }, t("staff.ontime")), onTime, h("label", { for: "staff-maxwait" }, t("staff.maxwait")), maxWait, staffRun),
    h("form", { class: "inline-form", onsubmit: (e) => {
      e.preventDefault();
      if (!pool.value || !low.value || !high.value) return;
      startStaff({ sweep: `${pool.value}=${low.value}..${high.value}` }, showSweep);
    } }, h("label", { for: "sweep-pool" }, t("staff.sweep.pool")), pool, h("label", { for: "sweep-low" }, t("staff.sweep.from")), low,
      h("label", { for: "sweep-high" }, t("staff.sweep.to")), high, sweepRun),
    staffProgress.box, staffResults);

  function showStaff(r) {
    clear(staffResults,
      h("p", { class: r.met ? "ok-text" : "bad-text" }, r.met ? t("staff.met") : t("staff.notmet")),
      (r.misses || []).length ? h("ul", { class: "warnings" }, r.misses.map((m) => h("li", {}, m))) : null,
      h("div", { class: "kpis" },
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("staff.total")), h("div", { class: "kpi-value" }, `${r.total_staff}`), h("div", { class: "kpi-sub" }, t("staff.infile", { n: r.total_staff_in_file }))),
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.promised")), h("div", { class: "kpi-value" }, fmtEst(r.on_time_rate?.promised, 1, true))),
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.statutory")), h("div", { class: "kpi-value" }, fmtEst(r.on_time_rate?.statutory, 1, true))),
        h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("sim.kpi.cycle")), h("div", { class: "kpi-value" }, fmtEst(r.mean_cycle_workdays, 2)))),
      table(["centre.pool", "col.name", "staff.infile.col", "staff.erlang", "staff.staff", "staff.util", "staff.wait"],
        (r.pools || []).map((p) => [p.pool, p.name, p.in_file, p.erlang_c_start, h("strong", {}, p.staff), fmtEst(p.utilization, 1, true), fmtEst(p.mean_wait_minutes, 1)]),
        { id: "staff-table", numeric: [2, 3, 4, 5, 6] }));
  }

  function showSweep(r) {
    const rows = r.rows || [];
    const series = (name, label, cls) => ({ label: t(label), cls, values: rows.map((row) => est(row[name]).mean) });
    clear(staffResults,
      h("h3", {}, t("staff.sweep.of", { pool: r.pool })),
      h("figure", { id: "sweep-chart" }, lines(rows.map((row) => row.staff), [
        series("on_time_promised", "sim.limit.promised", "promised"),
        series("on_time_statutory", "sim.limit.statutory", "statutory"),
        series("utilization", "staff.util", "util")], { xLabel: t("staff.staff") }),
      h("figcaption", {}, t("staff.sweep.caption"))),
      table(["staff.staff", "staff.util", "staff.wait", "sim.kpi.promised", "sim.kpi.statutory", "sim.kpi.cycle"],
        (r.rows || []).map((row) => [row.staff, fmtEst(row.utilization, 1, true), fmtEst(row.mean_wait_minutes, 1), fmtEst(row.on_time_promised, 1, true),
          fmtEst(row.on_time_statutory, 1, true), fmtEst(row.mean_cycle_workdays, 2)]),
        { id: "sweep-table", numeric: [0, 1, 2, 3, 4, 5] }),
      (r.overloaded || []).length ? h("p", { class: "note" }, t("staff.overloaded", { sizes: r.overloaded.join(", ") })) : null);
  }

  api(`/files/${encodePath(path)}`).then((file) => {
    const info = parseYaml(file.text);
    if (info?.name) title.textContent = info.name;
    const pools = [...(info?.windows || []).map((p) => ({ ...p, kind: "window" })), ...(info?.departments || []).map((p) => ({ ...p, kind: "department" }))];
    if (!info?.data?.centre) {
      clear(poolsBox, h("h2", { id: "pools-title" }, t("centre.pools")),
        h("p", { class: "bad-text" }, t("centre.notcentre"), " ", h("a", { href: `#/item/${encodePath(path)}` }, t("centre.edit"))));
      return;
    }
    clear(poolsBox, h("h2", { id: "pools-title" }, t("centre.pools")),
      table(["centre.pool", "col.name", "centre.kind", "staff.staff"], pools.map((p) => [p.id, p.name, t(`centre.kind.${p.kind}`), p.staff]), { id: "pools", numeric: [3] }));
    clear(pool, pools.map((p) => h("option", { value: p.id }, `${p.id} — ${p.name}`)));
    const setRange = () => {
      const p = pools.find((x) => x.id === pool.value);
      if (p?.staff) {
        low.value = Math.max(1, p.staff - 2);
        high.value = p.staff + 2;
      }
    };
    pool.addEventListener("change", setRange);
    setRange();
  }).catch((error) => {
    clear(poolsBox, h("h2", { id: "pools-title" }, t("centre.pools")));
    showError(error);
  });

  return { dispose: () => jobs.forEach((j) => j.cancel()) };
}
