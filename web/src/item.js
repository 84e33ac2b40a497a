// #/item/<path> — the YAML editor with the findings of POST /check as you type, the diagrams
// (flow, Petri net, guide flowchart) redrawn whenever the text is valid, save with the etag read
// (a stale write is refused by the server and said so, the user's text is kept), and the
// simulation panel.
import { api, encodePath } from "./api.js";
import { h, clear } from "./dom.js";
import { t } from "./i18n.js";
import { showError, hideError } from "./banner.js";
import { createEditor, showFindings, goToLine, replaceText } from "./editor.js";
import { simPanel } from "./sim.js";
import { parseYaml } from "./yamlinfo.js";

const VIEWS = ["flow", "net", "guide"];
const DEBOUNCE_MS = 400;

// Graphviz's SVG of the user's own file, cleaned of anything active before it goes into the page.
export function cleanSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") return null;
  for (const el of svg.querySelectorAll("script, foreignObject")) el.remove();
  for (const el of [svg, ...svg.querySelectorAll("*")]) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name) || (/href$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value))) el.removeAttribute(attr.name);
    }
  }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("role", "img");
  return document.importNode(svg, true);
}

export function itemPage(main, path) {
  const state = { etag: null, saved: null, seq: 0, valid: false, view: "flow", rendered: {}, timer: null, disposed: false };
  const title = h("h1", {}, path);
  const marker = h("span", { class: "unsaved", hidden: true, role: "status" }, t("item.unsaved"));
  const status = h("span", { class: "status save-status", role: "status" }); // saving, saved, reloaded
  const checking = h("span", { class: "status check-status", "aria-hidden": "true" });
  const saveButton = h("button", { type: "button", class: "primary", onclick: () => save() }, t("item.save"));
  const reloadButton = h("button", { type: "button", onclick: () => reload() }, t("item.reload"));
  const editorBox = h("div", { class: "editor", id: "editor" });
  const summary = h("span", { class: "summary" });
  const findingsBody = h("tbody");
  const findingsTable = h("table", { class: "grid findings", id: "findings" },
    h("thead", {}, h("tr", {}, ["item.level", "item.rule", "item.message", "item.line"].map((k, i) => h("th", { scope: "col", class: i === 3 ? "num" : null }, t(k))))),
    findingsBody);
  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": t("item.views") });
  const diagram = h("div", { class: "diagram", id: "diagram", role: "tabpanel", tabindex: "0" });
  const diagramNote = h("p", { class: "note", "aria-live": "polite" });
  const zoom = { scale: null }; // null: chosen for each new diagram (readable, at most its natural size)
  const zoomBar = h("div", { class: "zoom", role: "group", "aria-label": t("item.zoom") },
    h("button", { type: "button", "aria-label": t("item.zoom.out"), onclick: () => setZoom((zoom.scale || 1) / 1.25) }, "−"),
    h("button", { type: "button", "aria-label": t("item.zoom.in"), onclick: () => setZoom((zoom.scale || 1) * 1.25) }, "+"),
    h("button", { type: "button", onclick: () => setZoom("fit") }, t("item.zoom.fit")),
    h("button", { type: "button", onclick: () => setZoom(1) }, "100 %"));
  const simBox = h("section", { class: "panel", id: "simulation", "aria-labelledby": "sim-title" });
  function setZoom(scale) {
    const svg = diagram.querySelector("svg");
    if (!svg) return;
    const [, , w, hgt] = (svg.getAttribute("viewBox") || "0 0 0 0").split(/[\s,]+/).map(Number);
    if (!w || !hgt) return;
    const fit = Math.min((diagram.clientWidth - 8) / w, (diagram.clientHeight - 8) / hgt);
    if (scale === "fit") scale = fit;
    else if (scale === null) scale = Math.min(1, Math.max(fit, 0.75));
    zoom.scale = Math.min(Math.max(scale, 0.05), 4);
    svg.style.width = `${w * zoom.scale}px`;
    svg.style.height = `${hgt * zoom.scale}px`;
  }
  for (const v of VIEWS) {
    tabs.append(h("button", { type: "button", role: "tab", id: `tab-${v}`, "aria-selected": String(v === state.view), "aria-controls": "diagram",
      onclick: () => selectView(v), onkeydown: (e) => {
        const i = VIEWS.indexOf(v);
        const next = e.key === "ArrowRight" ? VIEWS[(i + 1) % 3] : e.key === "ArrowLeft" ? VIEWS[(i + 2) % 3] : null;
        if (next) {
          selectView(next);
          tabs.querySelector(`#tab-${next}`).focus();
        }
      } }, t(`view.${v}`)));
  }
  main.append(
    h("div", { class: "page-head" }, h("a", { href: "#/", class: "back" }, "← ", t("nav.catalogue")), title, h("code", { class: "path" }, path)),
    h("div", { class: "item-grid" },
      h("section", { class: "panel editor-pane", "aria-label": t("item.editor") },
        h("div", { class: "toolbar" }, saveButton, reloadButton, marker, status, checking), editorBox),
      h("div", { class: "side" },
        h("section", { class: "panel", "aria-label": t("item.diagram") }, h("div", { class: "tabs-row" }, tabs, zoomBar), diagram, diagramNote),
        h("section", { class: "panel", "aria-labelledby": "findings-title" },
          h("h2", { id: "findings-title" }, t("item.findings"), " ", summary), h("div", { class: "table-wrap findings-wrap" }, findingsTable)))),
    simBox);

  let view = null;
  let sim = null;
  const dirty = () => view !== null && state.saved !== null && view.state.doc.toString() !== state.saved;
  const markDirty = () => {
    marker.hidden = !dirty();
    document.title = `${dirty() ? "* " : ""}${title.textContent} — approvalnet`;
  };

  function selectView(v) {
    state.view = v;
    for (const b of tabs.querySelectorAll("[role=tab]")) b.setAttribute("aria-selected", String(b.id === `tab-${v}`));
    diagram.setAttribute("aria-labelledby", `tab-${v}`);
    drawDiagram();
  }

  function drawFindings(result) {
    const findings = result.findings || [];
    const s = result.summary || findings.reduce((acc, f) => ({ ...acc, [f.level]: (acc[f.level] || 0) + 1 }), { error: 0, warning: 0, info: 0 });
    clear(summary, ["error", "warning", "info"].map((l) => h("span", { class: `pill lvl-${l}` }, t(`level.${l}`), " ", s[l] || 0)),
      result.sound === true ? h("span", { class: "pill ok" }, t("item.sound")) : result.sound === false ? h("span", { class: "pill lvl-error" }, t("item.unsound")) : null);
    const order = { error: 0, warning: 1, info: 2 };
    const sorted = [...findings].sort((a, b) => order[a.level] - order[b.level] || a.line - b.line);
    clear(findingsBody, sorted.length ? sorted.map((f) => h("tr", {
      class: "clickable", tabindex: "0", dataset: { line: f.line },
      onclick: () => goToLine(view, f.line, f.column),
      onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); goToLine(view, f.line, f.column); } },
    }, h("td", {}, h("span", { class: `pill lvl-${f.level}` }, t(`level1.${f.level}`))), h("td", { class: "mono" }, f.rule || t("item.validation")),
    h("td", {}, f.message), h("td", { class: "num" }, f.line))) : h("tr", {}, h("td", { colspan: 4, class: "empty" }, t("item.nofindings"))));
  }

  async function check() {
    const seq = ++state.seq;
    const text = view.state.doc.toString();
    checking.textContent = t("item.checking");
    try {
      const result = await api("/check", { method: "POST", json: { text, path } });
      if (seq !== state.seq || state.disposed) return; // a newer text is being checked: this answer is stale
      checking.textContent = "";
      showFindings(view, result.findings || []);
      drawFindings(result);
      state.valid = !!result.valid;
      state.text = text;
      if (state.valid) {
        const info = parseYaml(text);
        if (info?.name) title.textContent = info.code ? `${info.name}（${info.code}）` : info.name;
        markDirty();
        drawDiagram();
        sim?.update(info);
      } else {
        diagramNote.textContent = t("item.diagram.stale");
        diagram.classList.add("stale");
      }
    } catch (error) {
      if (seq !== state.seq) return;
      checking.textContent = "";
      showError(error);
    }
  }

  async function drawDiagram() {
    if (!state.valid || !state.text) return;
    const v = state.view;
    const text = state.text;
    const cached = state.rendered[v];
    if (cached?.text === text) { // drawn before for this very text: show it again
      if (diagram.firstChild !== cached.svg) {
        clear(diagram, cached.svg);
        setZoom(zoom.scale);
      }
      diagram.classList.remove("stale");
      diagramNote.textContent = "";
      return;
    }
    const seq = state.seq;
    diagramNote.textContent = t("item.drawing");
    try {
      const svgText = await api("/render", { method: "POST", json: { text, view: v, lang: document.documentElement.lang.startsWith("zh") ? "zh" : "en" }, as: "text" });
      if (seq !== state.seq || v !== state.view || state.disposed) return;
      const svg = cleanSvg(svgText);
      if (!svg) throw new Error(t("item.diagram.bad"));
      svg.setAttribute("aria-label", t(`view.${v}`));
      clear(diagram, svg);
      setZoom(zoom.scale);
      diagram.classList.remove("stale");
      diagramNote.textContent = "";
      state.rendered[v] = { text, svg };
    } catch (error) {
      if (seq !== state.seq) return;
      diagramNote.textContent = "";
      diagram.classList.add("stale");
      showError(error);
    }
  }

  function onChange() {
    markDirty();
    status.textContent = "";
    clearTimeout(state.timer);
    state.seq += 1; // answers to earlier texts are stale from now on
    state.timer = setTimeout(check, DEBOUNCE_MS);
  }

  async function save({ overwrite = false } = {}) {
    const text = view.state.doc.toString();
    saveButton.disabled = true;
    status.textContent = t("item.saving");
    try {
      let etag = state.etag;
      if (overwrite) etag = (await api(`/files/${encodePath(path)}`)).etag;
      const result = await api(`/files/${encodePath(path)}`, { method: "PUT", json: { text, etag } });
      state.etag = result.etag;
      state.saved = text;
      hideError();
      status.textContent = t("item.saved");
      markDirty();
    } catch (error) {
      status.textContent = "";
      if (error.code === "stale-write" || error.status === 409) staleWrite(error);
      else showError(error);
    } finally {
      saveButton.disabled = false;
    }
  }

  function staleWrite(error) {
    error.problem = { ...error.problem, title: t("stale.title"), detail: t("stale.detail") };
    showError(error, {
      actions: [
        h("button", { type: "button", onclick: () => { if (confirm(t("stale.reload.confirm"))) reload(true); } }, t("stale.reload")),
        h("button", { type: "button", onclick: () => { if (confirm(t("stale.overwrite.confirm"))) save({ overwrite: true }); } }, t("stale.overwrite")),
        h("button", { type: "button", onclick: () => download(view.state.doc.toString(), path.split("/").pop()) }, t("stale.download")),
      ],
    });
  }

  async function reload(force = false) {
    if (!force && dirty() && !confirm(t("item.reload.confirm"))) return;
    try {
      const file = await api(`/files/${encodePath(path)}`);
      state.etag = file.etag;
      state.saved = file.text;
      replaceText(view, file.text);
      hideError();
      markDirty();
      status.textContent = t("item.reloaded");
    } catch (error) {
      showError(error);
    }
  }

  api(`/files/${encodePath(path)}`)
    .then((file) => {
      if (state.disposed) return;
      state.etag = file.etag;
      state.saved = file.text;
      view = createEditor(editorBox, file.text, { onChange, onSave: () => save(), label: t("item.editor") });
      const info = parseYaml(file.text);
      if (info?.name) title.textContent = info.code ? `${info.name}（${info.code}）` : info.name;
      markDirty();
      if (info?.data?.centre) {
        clear(simBox, h("h2", { id: "sim-title" }, t("sim.title")),
          h("p", {}, h("a", { href: `#/centre/${encodePath(path)}` }, t("item.centre.page"))));
      } else {
        sim = simPanel(simBox, { path, text: () => view.state.doc.toString(), info });
      }
      check();
    })
    .catch((error) => {
      clear(editorBox, h("p", { class: "empty" }, t("item.notloaded")));
      showError(error);
    });

  return {
    dirty,
    dispose() {
      state.disposed = true;
      clearTimeout(state.timer);
      sim?.dispose();
      view?.destroy();
      document.title = "approvalnet";
    },
  };
}

export function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/yaml;charset=utf-8" }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
