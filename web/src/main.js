// The workbench: a header (navigation, language), an error banner, and one page per hash route:
// #/ catalogue, #/item/<path>, #/centre/<path>, #/conform.
import "./style.css";
import { takeToken } from "./api.js";
import { h, clear } from "./dom.js";
import { t, lang, setLang } from "./i18n.js";
import { showError, banner } from "./banner.js";
import { cataloguePage } from "./catalogue.js";
import { itemPage } from "./item.js";
import { centrePage } from "./centre.js";
import { conformPage } from "./conform.js";

takeToken();
document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";

const app = document.getElementById("app");
const main = h("main", { id: "main", tabindex: "-1" });
const nav = h("nav", { "aria-label": t("nav.label") },
  h("a", { href: "#/", dataset: { route: "catalogue" } }, t("nav.catalogue")),
  h("a", { href: "#/conform", dataset: { route: "conform" } }, t("nav.conform")));
const langSwitch = h("div", { class: "lang", role: "group", "aria-label": t("lang.label") },
  ["zh", "en"].map((code) => h("button", {
    type: "button", "aria-pressed": String(lang() === code), lang: code === "zh" ? "zh-CN" : "en",
    onclick: () => code !== lang() && setLang(code),
  }, code === "zh" ? "中文" : "English")));
app.append(
  h("a", { class: "skip", href: "#main", onclick: (e) => { e.preventDefault(); main.focus(); } }, t("nav.skip")),
  h("header", { class: "top" }, h("a", { class: "brand", href: "#/" }, "approvalnet ", h("span", {}, t("app.title"))),
    nav, langSwitch),
  banner, main);

let page = null; // {dirty(): bool, dispose()}
let current = location.hash;

function route() {
  const hash = location.hash || "#/";
  if (page?.dirty?.() && hash !== current && !confirm(t("unsaved.leave"))) {
    history.replaceState(history.state, "", current || "#/");
    return;
  }
  current = hash;
  page?.dispose?.();
  page = null;
  banner.hidden = true;
  const [, kind, ...rest] = hash.slice(1).split("/");
  const path = decodeURIComponent(rest.join("/"));
  for (const a of nav.querySelectorAll("a")) {
    const active = (a.dataset.route === "catalogue" && !kind) || a.dataset.route === kind;
    if (active) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  clear(main);
  try {
    if (!kind) page = cataloguePage(main);
    else if (kind === "item" && path) page = itemPage(main, path);
    else if (kind === "centre" && path) page = centrePage(main, path);
    else if (kind === "conform") page = conformPage(main);
    else main.append(h("h1", {}, t("notfound.title")), h("p", {}, h("a", { href: "#/" }, t("nav.catalogue"))));
  } catch (error) {
    showError(error);
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("beforeunload", (event) => {
  if (page?.dirty?.()) {
    event.preventDefault();
    event.returnValue = "";
  }
});
window.addEventListener("unhandledrejection", (event) => showError(event.reason));
route();
