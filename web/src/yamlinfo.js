// What the pages need from a process or centre file's YAML: its name and code, its lanes (for the
// simulation's staff inputs), a centre's windows and departments.
import { parse } from "yaml";

export function parseYaml(text) {
  let data;
  try {
    data = parse(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch {
    return null;
  }
  if (!data || typeof data !== "object") return null;
  const pools = (section) => Object.entries(data[section] && typeof data[section] === "object" ? data[section] : {})
    .map(([id, v]) => ({ id, name: v?.name ?? id, staff: typeof v?.staff === "number" ? v.staff : null, kind: v?.kind ?? null }));
  return {
    name: data.name ?? data.centre?.name ?? null,
    code: data.code ?? data.centre?.code ?? null,
    lanes: pools("lanes"),
    windows: pools("windows"),
    departments: pools("departments"),
    perWorkday: typeof data.simulation?.arrivals?.per_workday === "number" ? data.simulation.arrivals.per_workday : null,
    data,
  };
}
