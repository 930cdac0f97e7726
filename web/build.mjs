// Builds the workbench into dist/, byte for byte the same from the same
// sources and package-lock.json (no timestamps, no absolute paths), because
// a Go test rebuilds it and compares it with the committed dist/:
//   dist/index.html, app.js, app.css  the page (index.html names the others with their content hashes)
//   dist/THIRD_PARTY.txt              the licence of every package bundled into app.js
//   dist/playground-tabs.json         ../demo/queries/*.graphql, the Playground's opening tabs
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ["src/main.ts"],
  outfile: "dist/app.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  loader: { ".graphql": "text" },
  legalComments: "none", // the licences go to THIRD_PARTY.txt instead
  charset: "utf8",
  sourcemap: false,
  metafile: true,
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
});

const hash = (file) => createHash("sha256").update(readFileSync(join(dist, file))).digest("hex").slice(0, 16);
const html = readFileSync(join(here, "src/index.html"), "utf8")
  .replace("{{JS_HASH}}", hash("app.js"))
  .replace("{{CSS_HASH}}", hash("app.css"));
writeFileSync(join(dist, "index.html"), html);

// Every package that contributed bytes to the bundle, with its licence text.
const packages = new Map();
for (const [input, info] of Object.entries(result.metafile.outputs["dist/app.js"].inputs)) {
  if (info.bytesInOutput === 0) continue;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.set(m[1], join(here, "node_modules", m[1]));
}
const notices = [...packages.keys()].sort().map((name) => {
  const dir = packages.get(name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).filter((f) => /^(licen[cs]e|copying)/i.test(f)).sort()[0];
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `(no licence file in the package; package.json says: ${pkg.license})`;
  return `${"=".repeat(78)}\n${pkg.name}@${pkg.version} — ${pkg.license}\n${"=".repeat(78)}\n${text}\n`;
});
writeFileSync(join(dist, "THIRD_PARTY.txt"),
  "The workbench bundle (app.js) contains these packages from the npm registry, under these licences.\n\n" + notices.join("\n"));

// The Playground opens with the demo's saved queries as tabs (web.go serves them).
const qdir = join(here, "../demo/queries");
const tabs = readdirSync(qdir).filter((f) => f.endsWith(".graphql")).sort().map((f) => {
  const text = readFileSync(join(qdir, f), "utf8");
  const vars = /^# variables:\s*(.*)$/m.exec(text);
  return { query: text, variables: vars ? JSON.stringify(JSON.parse(vars[1]), null, 2) : "" };
});
writeFileSync(join(dist, "playground-tabs.json"), JSON.stringify(tabs, null, 2) + "\n");

for (const f of readdirSync(dist).sort()) console.log(`dist/${f}\t${readFileSync(join(dist, f)).length} bytes`);
