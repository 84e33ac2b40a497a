// The workbench's build: one JS bundle and one CSS file, without content hashes, written into the
// Python package (src/approvalnet/server/static/) so that `pip install approvalnet` needs no npm and
// the pages need no network: everything they load comes from the server's /static/ folder.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";

// index.html is served at the server's root: its links are made relative ("static/app.js"), so that
// the workbench also works behind a reverse proxy's path prefix, and carry a hash of the file's
// content (?v=…), so that a browser never runs an old app.js after approvalnet is upgraded.
const relativeStatic = {
  name: "relative-static",
  enforce: "post",
  transformIndexHtml(html, ctx) {
    return html.replace(/"\/static\/([\w.-]+)"/g, (m, name) => {
      const file = ctx.bundle?.[name];
      const content = file ? (file.type === "chunk" ? file.code : file.source) : "";
      const version = createHash("sha256").update(content).digest("hex").slice(0, 12);
      return `"static/${name}?v=${version}"`;
    });
  },
};

export default defineConfig({
  base: "/static/",
  plugins: [relativeStatic],
  build: {
    outDir: fileURLToPath(new URL("../src/approvalnet/server/static", import.meta.url)),
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    target: "es2020",
    modulePreload: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        entryFileNames: "app.js",
        chunkFileNames: "app-[name].js",
        assetFileNames: (info) => (info.names?.[0]?.endsWith(".css") ? "app.css" : "[name][extname]"),
        inlineDynamicImports: true,
      },
    },
  },
});
