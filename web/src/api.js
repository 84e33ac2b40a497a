// The HTTP API of `approvalnet serve` (docs/workbench.md): JSON in and out, errors as
// problem+json, the token (when the server wants one) read once from ?token= into sessionStorage and
// sent as a Bearer header on every call, the UI language sent as ?lang= so messages match the UI.
import { lang } from "./i18n.js";

const TOKEN_KEY = "approvalnet.token";

export function takeToken() {
  const url = new URL(location.href);
  const token = url.searchParams.get("token");
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete("token");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }
}

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
    this.code = problem.code || null;
  }
}

export function apiUrl(path) {
  // relative to the page, so that the workbench also works behind a path prefix
  const url = new URL(`api/v1${path}`, new URL(".", location.href));
  url.searchParams.set("lang", lang());
  return url;
}

export async function api(path, { method = "GET", json, body, signal, as = "json" } = {}) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(apiUrl(path), { method, headers, body, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError({ title: "network", detail: String(error.message || error), code: "network" }, 0);
  }
  if (!response.ok) {
    let problem;
    try {
      problem = await response.json();
    } catch {
      problem = { title: response.statusText || `HTTP ${response.status}` };
    }
    if (typeof problem !== "object" || problem === null) problem = { title: String(problem) };
    if (!problem.title && problem.detail === undefined && problem.message) problem.detail = String(problem.message);
    throw new ApiError(problem, response.status);
  }
  if (as === "text") return response.text();
  if (as === "response") return response;
  return response.json();
}

export const encodePath = (path) => path.split("/").map(encodeURIComponent).join("/");

// A long run as a job: start it, report progress, resolve with its result; cancel() deletes it.
export function runJob(kind, body, onProgress) {
  let id = null;
  let cancelled = false;
  let timer = null;
  let stop = () => {};
  const promise = new Promise((resolve, reject) => {
    stop = () => reject(new ApiError({ title: "cancelled", code: "cancelled" }, 409));
    const poll = async () => {
      try {
        const job = await api(`/jobs/${encodeURIComponent(id)}`);
        onProgress?.(job);
        if (job.state === "done") return resolve(job.result);
        if (job.state === "failed") return reject(new ApiError(job.error || { title: "failed" }, 500));
        if (job.state === "cancelled") return reject(new ApiError({ title: "cancelled", code: "cancelled" }, 409));
        if (!cancelled) timer = setTimeout(poll, 250);
      } catch (error) {
        reject(error);
      }
    };
    // a body with a file (a conform job's log) goes as the multipart form, with its kind in it
    const start = body instanceof FormData
      ? (body.set("kind", kind), api("/jobs", { method: "POST", body }))
      : api("/jobs", { method: "POST", json: { kind, body } });
    start
      .then((job) => {
        id = job.id;
        onProgress?.(job);
        if (cancelled) return cancel();
        poll();
      })
      .catch(reject);
  });
  async function cancel() {
    cancelled = true;
    clearTimeout(timer);
    stop();
    if (id !== null) {
      try {
        await api(`/jobs/${encodeURIComponent(id)}`, { method: "DELETE" });
      } catch {
        /* the job may have finished meanwhile */
      }
    }
  }
  return { promise, cancel };
}
