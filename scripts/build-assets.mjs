// The page assets for production (run by scripts/build.mjs; `node scripts/build-assets.mjs [outDir]`):
// - Bootstrap Italia's CSS purged against the templates, scripts and the code that writes class names
//   (about 600 KB → a few dozen), without its @font-face rules (sportello.css declares the Latin woff2
//   files the pages use);
// - every file a page links under /static/ (our CSS and scripts, chart.js, the woff2 fonts), copied
//   under a name that carries a hash of its content, so it can be cached for a year;
// - manifest.json: "/static/…" → "/assets/…<hash>…", read by the app's asset() helper.
// Only these files are served in production: nothing else from node_modules.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir =
  process.argv[2] && import.meta.url === `file://${process.argv[1]}`
    ? process.argv[2]
    : (process.env.ASSETS_OUT ?? join(root, "dist/assets"));

/** Where each /static/ prefix comes from (the same mapping the app uses in development). */
const SOURCES = [
  ["/static/bootstrap-italia/", join(root, "node_modules/bootstrap-italia/dist/")],
  ["/static/chart.js/", join(root, "node_modules/chart.js/dist/")],
  ["/static/", join(root, "public/")],
];

/** Classes only scripts add, or that Bootstrap's own selectors need while nothing in a template names them. */
const SAFELIST = {
  standard: [
    "show",
    "active",
    "disabled",
    "collapsing",
    "is-invalid",
    "is-valid",
    "was-validated",
    "focus--mouse",
    "visually-hidden",
    "visually-hidden-focusable",
    // Bootstrap Italia's keyboard focus ring, `:focus:not([data-focus-mouse=true])`, names no class or
    // element, and PurgeCSS drops such pseudo-class-only selectors: keyboard users lost the ring on every
    // field and link (WCAG 2.4.7; tests/e2e/keyboard.test.ts, run on these assets, failed).
    /^:focus/,
  ],
  greedy: [/^js-/],
};

function files(dir, ext) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path, ext);
    return ext.some((x) => e.name.endsWith(x)) ? [path] : [];
  });
}

function sourceOf(url) {
  for (const [prefix, dir] of SOURCES) if (url.startsWith(prefix)) return join(dir, url.slice(prefix.length));
  throw new Error(`${url}: not a /static/ address`);
}

const hashOf = (content) => createHash("sha256").update(content).digest("hex").slice(0, 10);

// Every /static/ address the templates, the code, the scripts and the style sheets refer to.
const scanned = [
  ...files(join(root, "views"), [".ejs"]),
  ...files(join(root, "src"), [".ts"]),
  ...files(join(root, "public"), [".js", ".css"]),
];
const urls = new Set();
for (const file of scanned)
  for (const m of readFileSync(file, "utf8").matchAll(/\/static\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+\.(?:css|js|woff2)/g))
    urls.add(m[0]);

rmSync(outDir, { recursive: true, force: true });
const manifest = {};

function emit(url, content) {
  const rel = url.replace(/^\/static\//, "");
  const name = `${rel.slice(0, -extname(rel).length)}.${hashOf(content)}${extname(rel)}`;
  const target = join(outDir, name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  manifest[url] = `/assets/${name}`;
}

// 1. Fonts and scripts: copied as they are.
for (const url of [...urls].filter((u) => !u.endsWith(".css"))) {
  const path = sourceOf(url);
  if (!existsSync(path)) throw new Error(`${url} is linked but ${relative(root, path)} does not exist`);
  emit(url, readFileSync(path));
}

// 2. Bootstrap Italia: purged, without @font-face.
const bootstrapUrl = "/static/bootstrap-italia/css/bootstrap-italia.min.css";
const content = [join(root, "views/**/*.ejs"), join(root, "public/js/**/*.js"), join(root, "src/**/*.ts")];
const [purged] = await new PurgeCSS().purge({
  content,
  css: [sourceOf(bootstrapUrl)],
  safelist: SAFELIST,
  keyframes: true,
  variables: false,
  fontFace: false,
});
const bootstrap = purged.css.replace(/@font-face\s*{[^}]*}/g, "").replace(/\/\*# sourceMappingURL=[^*]*\*\//g, "");

// 3. Style sheets: their /static/ references (fonts) point to the hashed copies.
for (const url of [...urls].filter((u) => u.endsWith(".css"))) {
  const text = url === bootstrapUrl ? bootstrap : readFileSync(sourceOf(url), "utf8");
  emit(
    url,
    text.replace(/\/static\/[A-Za-z0-9_./-]+\.woff2/g, (ref) => manifest[ref] ?? ref),
  );
}

writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
const original = readFileSync(sourceOf(bootstrapUrl)).length;
console.log(
  `assets: ${Object.keys(manifest).length} files in ${relative(root, outDir) || outDir}; Bootstrap Italia CSS ${Math.round(original / 1024)} KB → ${Math.round(Buffer.byteLength(bootstrap) / 1024)} KB`,
);
