// The YAML editor: CodeMirror 6 with YAML highlighting, the schema's completion and the findings of
// POST /check as lint diagnostics at their lines.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { yaml } from "@codemirror/lang-yaml";
import { indentWithTab } from "@codemirror/commands";
import { autocompletion } from "@codemirror/autocomplete";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { schemaCompletion } from "./schema-complete.js";

export function createEditor(parent, text, { onChange, onSave, label }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        EditorView.lineWrapping,
        lintGutter(),
        autocompletion({ override: [schemaCompletion], activateOnTyping: true }),
        keymap.of([indentWithTab, { key: "Mod-s", preventDefault: true, run: () => (onSave?.(), true) }]),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange?.(update.state.doc.toString());
        }),
      ],
    }),
  });
  return view;
}

function position(doc, line, column) {
  const l = doc.line(Math.min(Math.max(line || 1, 1), doc.lines));
  return Math.min(l.from + Math.max((column || 1) - 1, 0), l.to);
}

export function showFindings(view, findings) {
  const doc = view.state.doc;
  const diagnostics = findings.map((f) => {
    const from = position(doc, f.line, f.column);
    let to = f.end_line ? position(doc, f.end_line, f.end_column) : doc.lineAt(from).to;
    if (to <= from) to = Math.min(doc.lineAt(from).to, from + 1);
    if (to < from) to = from;
    return { from, to, severity: f.level === "error" ? "error" : f.level === "warning" ? "warning" : "info", source: f.rule || undefined, message: f.message };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

export function goToLine(view, line, column) {
  const pos = position(view.state.doc, line, column);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
  view.focus();
}

export function replaceText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
