// Completion from the JSON Schema of the process language (GET /schema): the property names valid at
// the cursor's place in the YAML (found from the indentation of the lines above it), and the enum
// values of the property whose value is being typed. Small and offline: no YAML language server.
import { api } from "./api.js";

let schemaPromise = null;
export function loadSchema() {
  schemaPromise ??= api("/schema").catch((error) => {
    schemaPromise = null;
    throw error;
  });
  return schemaPromise;
}

function deref(root, node, seen = new Set()) {
  if (!node || typeof node !== "object") return [];
  if (node.$ref) {
    if (seen.has(node.$ref)) return [];
    seen.add(node.$ref);
    const target = node.$ref.replace(/^#\//, "").split("/").reduce((n, k) => n?.[decodeURIComponent(k)], root);
    return deref(root, target, seen);
  }
  const alternatives = [...(node.anyOf || []), ...(node.oneOf || []), ...(node.allOf || [])];
  const own = { ...node };
  delete own.anyOf;
  delete own.oneOf;
  delete own.allOf;
  return [own, ...alternatives.flatMap((a) => deref(root, a, seen))];
}

function child(root, nodes, segment) {
  const out = [];
  for (const node of nodes) {
    if (segment === "[]") {
      if (node.items) out.push(...deref(root, node.items));
    } else if (node.properties?.[segment]) {
      out.push(...deref(root, node.properties[segment]));
    } else if (node.additionalProperties && typeof node.additionalProperties === "object") {
      out.push(...deref(root, node.additionalProperties));
    } else if (node.patternProperties) {
      for (const [pattern, sub] of Object.entries(node.patternProperties)) {
        if (new RegExp(pattern).test(segment)) out.push(...deref(root, sub));
      }
    }
  }
  return out;
}

export function nodesAt(root, path) {
  let nodes = deref(root, root);
  for (const segment of path) nodes = child(root, nodes, segment);
  return nodes;
}

// The tokens of a YAML line that open structure: list dashes and keys, with their columns.
function tokens(line) {
  const out = [];
  let i = line.search(/\S/);
  if (i < 0 || line[i] === "#") return out;
  for (;;) {
    if (line[i] === "-" && (line[i + 1] === " " || i + 1 === line.length)) {
      out.push({ col: i, key: null });
      i += 1;
      while (line[i] === " ") i += 1;
      continue;
    }
    const m = /^("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(\s|$)/.exec(line.slice(i));
    if (m) out.push({ col: i, key: m[1].replace(/^["']|["']$/g, "") });
    return out;
  }
}

// The path of mapping keys and list items ("[]") enclosing a position at column `col` on line `lineNo`
// (0-based), and the keys already in that mapping (above and below).
export function pathAbove(lines, lineNo, col) {
  const path = [];
  const siblings = new Set();
  let limit = col;
  for (let n = lineNo - 1; n >= 0; n -= 1) {
    const toks = tokens(lines[n]);
    for (let k = toks.length - 1; k >= 0; k -= 1) {
      const tok = toks[k];
      if (tok.col === col && tok.key !== null && path.length === 0) siblings.add(tok.key);
      if (tok.col < limit) {
        path.unshift(tok.key === null ? "[]" : tok.key);
        limit = tok.col;
      }
    }
    if (path.length && limit === 0) break; // the top level reached: the path is whole
  }
  // the keys after the cursor in the same mapping, up to the end of the block
  for (let n = lineNo + 1; n < lines.length; n += 1) {
    const toks = tokens(lines[n]);
    if (!toks.length) continue;
    if (toks[0].col < col || (toks[0].col === col && toks[0].key === null)) break;
    const tok = toks.find((x) => x.col === col);
    if (tok?.key) siblings.add(tok.key);
  }
  return { path, siblings };
}

function describe(node) {
  const types = node.type ? [].concat(node.type).join(" | ") : node.enum ? "enum" : "";
  return types;
}

export function schemaCompletion(context) {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const keyMatch = /^(\s*)((?:-\s+)*)([\w\u4e00-\u9fff-]*)$/.exec(before);
  const valueMatch = /^(\s*)((?:-\s+)*)([\w-]+):\s+([\w-]*)$/.exec(before);
  if (!keyMatch && !valueMatch) return null;
  if (keyMatch && !context.explicit && keyMatch[3] === "" && !keyMatch[2]) return null;
  return loadSchema().then((root) => {
    const lines = context.state.doc.toString().split("\n");
    const at = line.number - 1; // the cursor's line, 0-based
    if (keyMatch) {
      const col = keyMatch[1].length + keyMatch[2].length;
      const { path, siblings } = pathAbove(lines, at, col);
      // a dash on this line opens a list item: the key belongs to the item
      const dashes = (keyMatch[2].match(/-/g) || []).length;
      for (let i = 0; i < dashes; i += 1) path.push("[]");
      const nodes = nodesAt(root, path);
      const seen = new Map();
      for (const node of nodes) {
        for (const [name, sub] of Object.entries(node.properties || {})) {
          if (seen.has(name) || (dashes === 0 && siblings.has(name))) continue;
          const subs = deref(root, sub);
          const info = subs.map((s) => s.description).find(Boolean) || subs.map((s) => s.title).find(Boolean);
          const required = (node.required || []).includes(name);
          seen.set(name, { label: name, type: "property", apply: `${name}: `, detail: [describe(subs.find((s) => s.type) || {}), required ? "*" : ""].filter(Boolean).join(" "), info, boost: required ? 1 : 0 });
        }
      }
      if (!seen.size) return null;
      return { from: context.pos - keyMatch[3].length, options: [...seen.values()], validFor: /^[\w-]*$/ };
    }
    const col = valueMatch[1].length + valueMatch[2].length;
    const { path } = pathAbove(lines, at, col);
    const dashes = (valueMatch[2].match(/-/g) || []).length;
    for (let i = 0; i < dashes; i += 1) path.push("[]");
    path.push(valueMatch[3]);
    const values = new Set();
    for (const node of nodesAt(root, path)) {
      for (const v of node.enum || []) if (typeof v === "string") values.add(v);
      if (typeof node.const === "string") values.add(node.const);
      if (node.type === "boolean") ["true", "false"].forEach((v) => values.add(v));
    }
    if (!values.size) return null;
    return { from: context.pos - valueMatch[4].length, options: [...values].map((v) => ({ label: v, type: "enum" })), validFor: /^[\w-]*$/ };
  }).catch(() => null);
}
