import { describe, expect, it } from "vitest";
import {
  folderLoops,
  loadedAtStart,
  readImports,
  readPackageImports,
  wrongWayEdges,
  type ImportEdge,
} from "./imports.js";

const edges = readImports("src");
const packages = readPackageImports("src");
const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

describe("imports in src/ point down only (docs/architecture.md)", () => {
  it("reads the imports of the tree", () => {
    expect(edges.some((e) => e.from === "app.ts" && e.to === "web/common/errors.ts")).toBe(true);
    expect(edges.length).toBeGreaterThan(500);
  });

  it("no edge points the wrong way", () => {
    expect(wrongWayEdges(edges)).toEqual([]);
  });

  it("no loop between folders", () => {
    expect(folderLoops(edges)).toEqual([]);
  });
});

describe("the database is reached from the storage layer only (docs/architecture.md)", () => {
  // src/storage and src/db, and the entry points that choose the engine (the CLI, the server, the app).
  const CHOOSE_THE_ENGINE = /^(cli\/|server\.ts|main\.ts|app\.ts|app-routers\.ts|storage\/|db\/)/;
  const DATABASE_PACKAGES = new Set(["drizzle-orm", "better-sqlite3", "pg", "pg-boss"]);
  const reaching = (from: (file: string) => boolean): string[] =>
    [...new Set(edges.filter((e) => e.to.startsWith("db/") && from(e.from)).map((e) => e.from))].sort();

  it("reads the packages the tree imports", () => {
    expect(packages.some((p) => p.from === "storage/sqlite-responses.ts" && p.to === "drizzle-orm")).toBe(true);
  });

  it("no module outside it imports src/db (the handle, its type, the schema) or a database driver", () => {
    expect(reaching((file) => !CHOOSE_THE_ENGINE.test(file))).toEqual([]);
    const drivers = packages.filter((p) => DATABASE_PACKAGES.has(p.to) && !CHOOSE_THE_ENGINE.test(p.from));
    expect(drivers.map((p) => `${p.from} → ${p.to}`)).toEqual([]);
  });

  it("the report is built from plain inputs: nothing in report/ reaches the database (the engines' readers, its settings and its publications live in storage/)", () => {
    expect(reaching((file) => file.startsWith("report/"))).toEqual([]);
  });

  it("the comune's data is read and written in storage/ only: ente/ holds its schema and the pure parts", () => {
    expect(reaching((file) => file.startsWith("ente/") || file.startsWith("interchange/"))).toEqual([]);
  });
});

describe("the CLI loads what its command needs (issue 13: start-up is part of the report's time)", () => {
  const packagesLoaded = (files: Set<string>): Set<string> =>
    new Set(packages.filter((p) => !p.typeOnly && files.has(p.from)).map((p) => p.to));

  it("the report on SQLite loads neither PostgreSQL's driver nor the password hashing", () => {
    const loaded = loadedAtStart(edges, ["cli/main.ts", "cli/report.ts"]);
    // It does reach what it needs: the SQLite storage and the report's builder.
    expect(loaded).toContain("storage/sqlite.ts");
    expect(loaded).toContain("report/build.ts");
    expect(packagesLoaded(loaded)).toContain("better-sqlite3");
    expect([...loaded].filter((f) => f.startsWith("storage/postgres/") || f.startsWith("db/pg/"))).toEqual([]);
    expect([...packagesLoaded(loaded)].filter((p) => ["pg", "@node-rs/argon2", "exceljs"].includes(p))).toEqual([]);
  });

  it("the rule follows static imports only", () => {
    const planted = [
      edge("cli/main.ts", "cli/report.ts"),
      { ...edge("cli/report.ts", "db/pg/client.ts"), dynamic: true },
    ];
    expect([...loadedAtStart(planted, ["cli/main.ts"])]).toEqual(["cli/main.ts", "cli/report.ts"]);
    expect([...loadedAtStart([...planted, edge("cli/report.ts", "x.ts")], ["cli/main.ts"])]).toContain("x.ts");
  });
});

describe("the rules catch a planted wrong edge", () => {
  const planted = (e: ImportEdge): string[] => wrongWayEdges([e]);

  it("a route that reads a repository", () => {
    expect(planted(edge("web/designer/designer.routes.ts", "admin/users.repository.ts", true))).toHaveLength(1);
    expect(planted(edge("web/report/pages.routes.ts", "db/schema.ts"))).toHaveLength(1);
  });

  it("the database handle's type may pass through a route", () => {
    expect(planted(edge("web/report/pages.routes.ts", "db/client.ts", true))).toEqual([]);
  });

  it("the pure core importing anything above it", () => {
    expect(planted(edge("analysis/rank.ts", "report/build.ts", true))).toHaveLength(1);
    expect(planted(edge("surveys/schema.ts", "db/client.ts", true))).toHaveLength(1);
    expect(planted(edge("surveys/schema.ts", "web/common/i18n.ts"))).toHaveLength(1);
  });

  it("a service importing the web, or a shared web module importing an area", () => {
    expect(planted(edge("report/build.ts", "web/common/errors.ts"))).toHaveLength(1);
    expect(planted(edge("web/common/session.ts", "web/designer/support.ts"))).toHaveLength(1);
  });

  it("a service may reach storage, a route may call a service", () => {
    expect(planted(edge("web/designer/designer.service.ts", "web/designer/survey-drafts.repository.ts"))).toEqual([]);
    expect(planted(edge("web/report/pages.routes.ts", "report/publication.service.ts"))).toEqual([]);
  });

  it("a new folder must be placed in a layer", () => {
    expect(planted(edge("billing/invoice.ts", "db/client.ts"))).toHaveLength(1);
  });

  it("a loop between two folders of the same layer", () => {
    const loops = folderLoops([
      ...edges,
      edge("responses/records.ts", "report/build.ts", true),
      edge("report/build.ts", "responses/records.ts"),
    ]);
    expect(loops.some((l) => l.includes("report") && l.includes("responses"))).toBe(true);
  });
});
