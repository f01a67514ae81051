import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codebook } from "../../src/surveys/codebook.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { ANALYSIS_ROLES } from "../../src/surveys/schema.js";
import { ANALYSIS_ROLE_TEXTS, CHANNEL_LABELS, CHANNELS, ROLE_NAMES, ROLES } from "../../src/surveys/vocabulary.js";
import { routesTable } from "../../src/cli/routes-table.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

const SRC = join(import.meta.dirname, "../../src");
const VIEWS = join(import.meta.dirname, "../../views");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}
const others = sources(SRC).filter((f) => !f.endsWith("surveys/vocabulary.ts"));

describe("one vocabulary", () => {
  it("lists the channels once, each with an Italian and an English label", () => {
    expect(CHANNELS).toEqual(["web", "kiosk", "paper", "import"]);
    for (const c of CHANNELS) expect(CHANNEL_LABELS[c].it && CHANNEL_LABELS[c].en).toBeTruthy();
    const repeated = others.filter((f) => /["']web["'],\s*["']kiosk["']|\bkiosk:\s*["']/.test(readFileSync(f, "utf8")));
    expect(repeated.map((f) => f.slice(SRC.length))).toEqual([]);
  });

  it("names the staff roles once: the accounts page, the access table and the demo read the same names", () => {
    for (const r of ROLES) expect(ROLE_NAMES[r].name && ROLE_NAMES[r].label.it && ROLE_NAMES[r].label.en).toBeTruthy();
    expect(routesTable()).toContain(`| route | ${ROLES.map((r) => ROLE_NAMES[r].name).join(" | ")} |`);
    const repeated = others.filter((f) => /\banalyst:\s*["']/.test(readFileSync(f, "utf8")));
    expect(repeated.map((f) => f.slice(SRC.length))).toEqual([]);
  });

  it("gives the codebook the same channel labels", () => {
    const entries = codebook([loadDefinitions(FIXTURE_SURVEYS).surveys.get("prova")!]);
    const channel = entries.find((e) => e.column === "channel")!;
    expect(channel.values).toEqual(CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] })));
  });

  it("labels every analysis role in Italian and English", () => {
    for (const role of ANALYSIS_ROLES)
      expect(ANALYSIS_ROLE_TEXTS[role].it && ANALYSIS_ROLE_TEXTS[role].en, role).toBeTruthy();
  });

  it("writes the disclosure minimum from its one constant, never as a literal 5 in a message", () => {
    const literal = others.filter((f) =>
      /meno di 5\b|at least 5\b|fewer than 5\b/.test(readFileSync(f, "utf8").replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, "")),
    );
    expect(literal.map((f) => f.slice(SRC.length))).toEqual([]);
  });

  it("has the templates state the disclosure minimum from the same constant (h.minCell or a view model's text)", () => {
    const templates = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? templates(join(dir, e.name)) : e.name.endsWith(".ejs") ? [join(dir, e.name)] : [],
      );
    const literal = templates(VIEWS).filter((f) =>
      /meno di 5\b|almeno 5\b|fewer than 5\b|at least 5\b/.test(readFileSync(f, "utf8").replace(/<%#[\s\S]*?%>/g, "")),
    );
    expect(literal.map((f) => f.slice(VIEWS.length))).toEqual([]);
  });
});
