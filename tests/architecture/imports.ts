import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The import graph of src/ and the rules of docs/architecture.md, as plain functions so the test
 * can check them on the real tree and on small planted graphs.
 */

export interface ImportEdge {
  /** Importing file, relative to src/ with forward slashes ("web/designer/designer.routes.ts"). */
  from: string;
  /** Imported file, relative to src/. */
  to: string;
  /** `import type` / `export type`: no code at run time, but still a dependency of the design. */
  typeOnly: boolean;
  /** `import("…")`: loaded only when that line runs. */
  dynamic?: boolean;
}

// Static imports and re-exports (over several lines too), side-effect imports, dynamic import().
const STATIC = /^[ \t]*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every relative import between files of `srcDir`. */
export function readImports(srcDir: string): ImportEdge[] {
  const root = resolve(srcDir);
  const rel = (p: string): string => relative(root, p).split("\\").join("/");
  return sourceFiles(root).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const target = (spec: string): string => rel(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
    const found: ImportEdge[] = [];
    for (const m of text.matchAll(STATIC)) found.push({ from: rel(file), to: target(m[2]), typeOnly: !!m[1] });
    for (const m of text.matchAll(DYNAMIC))
      found.push({ from: rel(file), to: target(m[1]), typeOnly: false, dynamic: true });
    return found;
  });
}

// The same, for packages: a bare specifier, kept up to its package name ("drizzle-orm/sqlite-core" → "drizzle-orm").
const PACKAGE =
  /^[ \t]*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?["']((?:@[^/"']+\/)?[^./"'][^/"']*)[^"']*["']/gm;

/**
 * Every static import of a package (not node's own) by a file of `srcDir`: `to` is the package's
 * name (an `import("…")` of a package is not listed: it loads only when its line runs).
 */
export function readPackageImports(srcDir: string): { from: string; to: string; typeOnly: boolean }[] {
  const root = resolve(srcDir);
  return sourceFiles(root).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(PACKAGE)]
      .filter((m) => !m[2].startsWith("node:"))
      .map((m) => ({ from: relative(root, file).split("\\").join("/"), to: m[2], typeOnly: !!m[1] })),
  );
}

/** The files loading `start` loads at once: static imports that are not type-only, followed through. */
export function loadedAtStart(edges: readonly ImportEdge[], start: readonly string[]): Set<string> {
  const loaded = new Set(start);
  const queue = [...start];
  for (let file = queue.pop(); file !== undefined; file = queue.pop())
    for (const e of edges)
      if (e.from === file && !e.typeOnly && !e.dynamic && !loaded.has(e.to)) {
        loaded.add(e.to);
        queue.push(e.to);
      }
  return loaded;
}

/** The folder a file belongs to for the layer rules: `web/<area>` inside web/, else its top folder (or the file itself at the top). */
export function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) return parts[0];
  if (parts[0] === "web" && parts.length > 2) return `web/${parts[1]}`;
  return parts[0];
}

/** Layers, lowest first. A folder may import its own layer (without loops) and the layers below, never above. */
export const LAYERS: ReadonlyArray<{ name: string; folders: readonly string[] }> = [
  { name: "pure core", folders: ["surveys", "analysis", "format"] },
  { name: "storage and configuration", folders: ["db", "config.ts"] },
  // storage/ (the interface over SQLite and PostgreSQL) still reads the responses' repositories, so it sits here for now.
  {
    name: "services",
    folders: ["audit", "responses", "admin", "ente", "report", "interchange", "demo", "ops", "storage"],
  },
  { name: "shared web", folders: ["web/common"] },
  {
    name: "web areas",
    folders: ["web/respondent", "web/admin", "web/designer", "web/fieldwork", "web/data", "web/report"],
  },
  { name: "entry points", folders: ["app.ts", "app-routers.ts", "server.ts", "main.ts", "cli"] },
];

/** The pure core imports only itself: neither the database, nor the services, nor express. */
const PURE = new Set(LAYERS[0].folders);

function layerOf(folder: string): number {
  return LAYERS.findIndex((l) => l.folders.includes(folder));
}

const isStorage = (file: string): boolean => /(^|\/|\.)repository\.ts$/.test(file) || file.startsWith("db/");
/** In web/, only a service may reach storage; routes, middleware and view helpers call services. */
const isHandler = (file: string): boolean =>
  file.startsWith("web/") && !file.endsWith(".service.ts") && !file.endsWith(".repository.ts");
/** The database handle's type passes through handlers to the services they call. */
const HANDLE_TYPE = "db/client.ts";

/** Every edge that points the wrong way, described in one line each. */
export function wrongWayEdges(edges: readonly ImportEdge[]): string[] {
  const wrong: string[] = [];
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    const la = layerOf(a);
    const lb = layerOf(b);
    if (la < 0) wrong.push(`${e.from}: its folder «${a}» is in no layer (add it to LAYERS and docs/architecture.md)`);
    else if (lb < 0)
      wrong.push(`${e.from} → ${e.to}: the folder «${b}» is in no layer (add it to LAYERS and docs/architecture.md)`);
    else if (a !== b && PURE.has(a) && !PURE.has(b))
      wrong.push(`${e.from} → ${e.to}: the pure core (${a}) imports ${b}`);
    else if (lb > la)
      wrong.push(`${e.from} → ${e.to}: ${LAYERS[la].name} (${a}) imports upward, from ${LAYERS[lb].name} (${b})`);
    if (isHandler(e.from) && isStorage(e.to) && !(e.typeOnly && e.to === HANDLE_TYPE)) {
      wrong.push(`${e.from} → ${e.to}: web reaches storage directly (call a service)`);
    }
  }
  return [...new Set(wrong)];
}

/** Loops between folders (type-only imports count too), each as "a → b → … → a". */
export function folderLoops(edges: readonly ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
  }
  // Tarjan's strongly connected components: any component of two or more folders is a loop.
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[] = [];
  const visit = (v: string): void => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) loops.push(describeLoop(component.sort(), edges));
    }
  };
  for (const v of [...next.keys()].sort()) if (!order.has(v)) visit(v);
  return loops;
}

function describeLoop(folders: string[], edges: readonly ImportEdge[]): string {
  const inside = new Set(folders);
  const links = edges
    .filter((e) => folderOf(e.from) !== folderOf(e.to) && inside.has(folderOf(e.from)) && inside.has(folderOf(e.to)))
    .map((e) => `${e.from} → ${e.to}${e.typeOnly ? " (type)" : ""}`);
  return `loop between ${folders.join(", ")}: ${links.join("; ")}`;
}
