// The error banner: every failed call shows its problem's title and detail here, never a blank page.
import { h, clear } from "./dom.js";
import { t } from "./i18n.js";

export const banner = h("div", { class: "banner", role: "alert", hidden: true });

export function problemText(error) {
  const problem = error?.problem;
  if (problem) {
    const title = problem.code === "network" ? t("error.network") : problem.title || t("error.title");
    return { title, detail: problem.detail && problem.detail !== title ? problem.detail : "" };
  }
  return { title: t("error.title"), detail: String(error?.message || error || "") };
}

export function showError(error, { actions = [] } = {}) {
  if (error?.name === "AbortError") return;
  const { title, detail } = problemText(error);
  clear(banner,
    h("strong", {}, title), detail ? h("span", { class: "detail" }, detail) : null, ...actions,
    h("button", { type: "button", class: "close", "aria-label": t("error.close"), onclick: hideError }, "×"));
  banner.hidden = false;
}

export function hideError() {
  banner.hidden = true;
}
