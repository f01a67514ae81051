import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mapRelevance, type RefTarget } from "../../src/interchange/condition-mapping.js";
import { ExpressionError } from "../../src/interchange/expression.js";
import { importLss } from "../../src/interchange/lss.js";
import { importXlsForm } from "../../src/interchange/xlsform.js";
import { sampleFiles } from "../helpers/samples.js";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "convert-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const targets: Record<string, RefTarget> = {
  sesso: {
    id: "sesso",
    kind: "choice",
    values: new Map([
      ["F", "f"],
      ["M", "m"],
    ]),
  },
  servizi: { id: "servizi", kind: "multi", values: new Map([["SQ001", "sq001"]]) },
  servizi_SQ001: { id: "servizi", kind: "multi", values: new Map(), item: { kind: "choice", value: "sq001" } },
  eta: { id: "eta", kind: "number", values: new Map() },
  note: { id: "note", kind: "text", values: new Map() },
};
const resolve = (name: string): RefTarget | string => targets[name.replace(/\.NAOK$/, "")] ?? `«${name}» sconosciuta`;

describe("relevance expressions read into conditions", () => {
  it("maps comparisons, checkboxes, emptiness and logic", () => {
    expect(mapRelevance("1", resolve)).toBeNull();
    expect(mapRelevance('sesso.NAOK == "F"', resolve)).toEqual({ question: "sesso", equals: "f" });
    expect(mapRelevance('((servizi_SQ001.NAOK == "Y") and (sesso.NAOK != "M"))', resolve)).toEqual({
      all: [{ question: "servizi", equals: "sq001" }, { not: { question: "sesso", equals: "m" } }],
    });
    expect(mapRelevance("is_empty(eta.NAOK) || eta >= 65", resolve)).toEqual({
      any: [
        { question: "eta", answered: false },
        { question: "eta", gte: 65 },
      ],
    });
    expect(mapRelevance("eta > 17", resolve)).toEqual({
      all: [{ question: "eta", answered: true }, { not: { question: "eta", lte: 17 } }],
    });
    expect(mapRelevance("${sesso} = 'F' and not(selected(${servizi}, 'SQ001'))", resolve)).toEqual({
      all: [{ question: "sesso", equals: "f" }, { not: { question: "servizi", equals: "sq001" } }],
    });
    expect(mapRelevance("count(that.servizi) > 0", resolve)).toEqual({ question: "servizi", answered: true });
  });

  it("refuses what has no equivalent, with the reason", () => {
    expect(() => mapRelevance('note == "x"', resolve)).toThrow(ExpressionError);
    expect(() => mapRelevance('sesso == "X"', resolve)).toThrow(/non è una risposta/);
    expect(() => mapRelevance("eta > sesso", resolve)).toThrow(/due domande/);
    expect(() => mapRelevance("sum(eta, 2) > 3", resolve)).toThrow(/sum/);
    expect(() => mapRelevance("altro == 1", resolve)).toThrow(/sconosciuta/);
  });
});

describe("LimeSurvey .lss written by LimeSurvey", () => {
  const files = sampleFiles("lss");
  it.skipIf(!files.length)(
    "the 5.x multilingual demo: Italian and English texts, types, conditions, the unmapped list",
    () => {
      const file = files.find((f) => f.endsWith("ls5_sample_survey_multilingual_fr_de_en_it.lss"))!;
      const result = importLss(readFileSync(file, "utf8"));
      const questions = result.survey.pages.flatMap((p) => p.questions);
      const byId = new Map(questions.map((q) => [q.id, q]));
      // groups → pages, in the file's order
      expect(result.survey.pages.length).toBe(6);
      expect(result.survey.pages[0].title).toEqual({ it: "Domande di tipo Testo", en: expect.any(String) });
      // types
      expect(byId.get("l")?.type).toBe("single");
      expect(byId.get("l")).toMatchObject({ other: true });
      expect(byId.get("m")?.type).toBe("multi");
      expect(byId.get("f")?.type).toBe("matrix");
      expect(byId.get("a")).toMatchObject({ type: "matrix", scale: { min: 1, max: 5 } });
      expect(byId.get("r")?.type).toBe("ranking");
      expect(byId.get("d")?.type).toBe("date");
      expect(byId.get("n")?.type).toBe("number");
      expect(byId.get("y")).toMatchObject({ type: "single", choices: [{ value: "si" }, { value: "no" }] });
      // a relevance equation over SGQA codes and checkboxes became a condition
      expect(byId.get("qcs3")?.showIf).toEqual({
        any: [
          {
            any: [
              { question: "qcs1", equals: "sh101" },
              { question: "qcs1", equals: "sh102" },
            ],
          },
          {
            any: [
              { question: "qcs2", equals: "sq201" },
              { question: "qcs2", equals: "sq202" },
            ],
          },
        ],
      });
      expect(byId.get("faf")?.showIf).toEqual({ question: "af", answered: true });
      // the itemised list: code and reason
      const unmapped = new Map(result.unmapped.map((u) => [u.code, u.reason]));
      expect(unmapped.get("AT")).toMatch(/Matrice di testi/);
      expect(unmapped.get("I")).toMatch(/Cambio lingua/);
      expect(unmapped.get("FAFE")).toMatch(/count\(that.AF\) < 4/);
      expect(result.notes.join(" ")).not.toMatch(/Manca l'italiano/);
    },
  );

  it.skipIf(!files.length)("an English-only survey: Italian filled in from English, and said so", () => {
    const file = files.find((f) => f.endsWith("colors.lss"))!;
    const result = importLss(readFileSync(file, "utf8"));
    expect(result.notes.join(" ")).toMatch(/Manca l'italiano/);
    expect(result.notes.join(" ")).toMatch(/copiata quella inglese/);
    const colors = result.survey.pages[0].questions[1];
    expect(colors.label).toEqual({ it: "Why do you like darker colors?", en: "Why do you like darker colors?" });
    expect(colors.showIf).toEqual({
      all: [
        { question: "q00", equals: "sq009" },
        { question: "q00", equals: "sq011" },
      ],
    });
  });
});

describe("XLSForm .xlsx from the XLSForm community", () => {
  const files = sampleFiles("xlsform");
  it.skipIf(!files.length)(
    "the specification test form: groups → pages, group relevance, repeats and device fields listed",
    async () => {
      const file = files.find((f) => f.endsWith("xlsform_spec_test.xlsx"))!;
      const result = await importXlsForm(readFileSync(file), { fileName: basename(file) });
      const everything = result.survey.pages.find((p) => p.id === "everything")!;
      expect(everything.showIf).toEqual({ not: { question: "skip_to_end", equals: "yes" } });
      const unmapped = new Map(result.unmapped.map((u) => [u.code, u.reason]));
      expect(unmapped.get("repeat_test")).toMatch(/repeat/);
      expect(unmapped.get("geopoint_test")).toMatch(/GPS/);
      expect(unmapped.get("start")).toMatch(/dispositivo/);
      const types = new Map(result.survey.pages.flatMap((p) => p.questions).map((q) => [q.id, q.type]));
      expect(types.get("a_integer")).toBe("number");
      expect(types.get("date_test")).toBe("date");
    },
  );

  it.skipIf(!files.length)("label::English (en) and curly quotes in relevant", async () => {
    const file = files.find((f) => f.endsWith("UCL_Biomass_Plot_Form.xlsx"))!;
    const result = await importXlsForm(readFileSync(file), { fileName: basename(file) });
    const q = result.survey.pages.flatMap((p) => p.questions).find((x) => x.id === "leader_name_other")!;
    expect(q.label.en).toBe("Your Name");
    expect(q.showIf).toEqual({ question: "leader_name", equals: "other_1" });
    expect(result.unmapped.find((u) => u.code === "region_id")?.reason).toMatch(/file esterno/);
  });
});

describe("npm run cli -- convert", () => {
  const all = [...sampleFiles("lss").map((f) => ["lss", f]), ...sampleFiles("xlsform").map((f) => ["xlsform", f])];
  it.skipIf(!all.length)(
    "writes definitions that `check` accepts and prints what was not mapped",
    () => {
      const surveys = join(dir, "surveys");
      mkdirSync(surveys);
      for (const [format, file] of all) {
        const run = spawnSync(
          process.execPath,
          [
            "--import",
            "tsx",
            "src/cli/main.ts",
            "convert",
            "--from",
            format,
            "--file",
            file,
            "--out",
            join(surveys, `${basename(file).replace(/\W+/g, "_")}.json`),
          ],
          { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
        );
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/Scritto .*domande in \d+ pagine/);
        if (format === "xlsform") expect(run.stdout).toMatch(/Non importato o cambiato \(\d+\):\n {2}- \S+: /);
      }
      const check = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "check"], {
        cwd: ROOT,
        env: { ...process.env, SURVEYS_DIR: surveys },
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(check.status, check.stderr).toBe(0);
      expect(check.stdout).toContain(`${all.length} questionari`);
    },
    600_000,
  );

  it("refuses a file that is not a LimeSurvey export, with a message", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/main.ts",
        "convert",
        "--from",
        "lss",
        "--file",
        join(ROOT, "package.json"),
        "--out",
        join(dir, "x.json"),
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("non è un XML");
  }, 120_000);
});
