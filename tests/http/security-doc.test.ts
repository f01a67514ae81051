import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLIC_ROUTES, routesTable } from "../../src/cli/routes-table.js";
import { ACCESS } from "../../src/web/common/access.js";
import { createTestApp } from "../helpers/app.js";

const ROOT = join(import.meta.dirname, "../..");

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every METHOD /path the app answers, read from express's router. */
function registeredRoutes(): Set<string> {
  const { app } = createTestApp();
  const found = new Set<string>();
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route)
        for (const method of Object.keys(layer.route.methods)) found.add(`${method.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

describe("SECURITY.md", () => {
  it("lists every route the app serves: each is in ACCESS (with its roles) or in the public list, nothing else", () => {
    const documented = new Set([...Object.keys(ACCESS), ...Object.keys(PUBLIC_ROUTES)]);
    const served = registeredRoutes();
    expect(
      [...served].filter((r) => !documented.has(r)).sort(),
      "served but in neither ACCESS nor PUBLIC_ROUTES",
    ).toEqual([]);
    expect([...documented].filter((r) => !served.has(r)).sort(), "documented but not served").toEqual([]);
    for (const route of Object.keys(PUBLIC_ROUTES)) expect(route in ACCESS, route).toBe(false);
  });

  it("shows the routes table generated from ACCESS (run `npm run cli -- routes` and paste it when this fails)", () => {
    const doc = readFileSync(join(ROOT, "SECURITY.md"), "utf8");
    const section = /<!-- routes:start -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(doc)?.[1];
    expect(section, "the routes:start/routes:end markers").toBeDefined();
    expect(section).toBe(routesTable());
  });

  it("the table has one row per route with a ✓ exactly for the roles ACCESS allows", () => {
    const rows = routesTable().split("\n").slice(2);
    expect(rows).toHaveLength(Object.keys(ACCESS).length + Object.keys(PUBLIC_ROUTES).length);
    for (const [route, roles] of Object.entries(ACCESS)) {
      const row = rows.find((r) => r.startsWith(`| \`${route}\` |`))!;
      const cells = row
        .split("|")
        .slice(2, 6)
        .map((c) => c.trim());
      expect(cells, route).toEqual(
        ["admin", "analyst", "operator", "giunta"].map((r) => ((roles as readonly string[]).includes(r) ? "✓" : "—")),
      );
    }
  });

  it("names tests that exist", () => {
    const doc = readFileSync(join(ROOT, "SECURITY.md"), "utf8");
    const named = [...new Set([...doc.matchAll(/`(tests\/[^`]+\.test\.ts)`/g)].map((m) => m[1]))];
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
