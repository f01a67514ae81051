import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportForAnalysts, exportTable } from "../../src/admin/analyst-export.service.js";
import { buildReport } from "../../src/report/build.js";
import { marginsFrom } from "../../src/report/load.js";
import { readReportSettings, readStoredMargins } from "../../src/storage/sqlite-report-settings.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { insertResponse } from "../../src/storage/sqlite-responses.js";
import { legalName, assignNames } from "../../src/interchange/variable-names.js";
import { createTestApp, SHIPPED_MARGINS, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { psppAvailable, rAvailable } from "../helpers/rscript.js";
import { syntheticSample } from "../report/fixtures.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";

let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), "analyst-export-"));
const filter = { surveyId: "cittadini" };

beforeAll(() => {
  t = createTestApp(SHIPPED_SURVEYS);
  const sample = syntheticSample(240, 0, 11);
  t.db.transaction((tx) => {
    for (const r of sample.citizens) insertResponse(tx, r);
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("variable names legal in SPSS, Stata and R", () => {
  it("maps keys deterministically to ≤ 32 letters, digits and _, unique, never a reserved word", () => {
    expect(legalName("volte/cie")).toBe("volte_cie");
    expect(legalName("in")).toBe("in_v");
    expect(legalName("1a")).toBe("v_1a");
    const long = "importanza_dello_sportello_per_servizio/identita_digitale";
    expect(legalName(long)).toHaveLength(32);
    expect(legalName(long)).toBe(legalName(long));
    const names = assignNames(["a/b", "a_b", long, `${long}x`]);
    expect(new Set(names.values()).size).toBe(4);
    for (const n of names.values()) expect(n).toMatch(/^[a-z][a-z0-9_]{0,31}$/);
  });

  it("every variable of the shipped citizen survey's export is legal and unique", async () => {
    const { table } = await exportTable(createSqliteStorage(t.db), t.registry, filter, SHIPPED_MARGINS);
    const names = table.variables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]{0,31}$/);
    expect(names).toContain("peso");
    // a multiple choice as 0/1 columns
    const cie = table.variables.findIndex((v) => v.name === "servizi_usati_cie");
    expect(new Set(table.rows.map((r) => r[cie]))).toEqual(new Set([0, 1, null]));
  });
});

describe("SPSS and Stata files declare every variable and value label", () => {
  it("the .sps has GET DATA, a label for every variable, value labels, missing values and levels; the .do a label define for every coded variable", async () => {
    const spss = await exportForAnalysts(createSqliteStorage(t.db), t.registry, filter, "spss", SHIPPED_MARGINS);
    const stata = await exportForAnalysts(createSqliteStorage(t.db), t.registry, filter, "stata", SHIPPED_MARGINS);
    const { table } = await exportTable(createSqliteStorage(t.db), t.registry, filter, SHIPPED_MARGINS);
    const sps = spss.files.get("cittadini.sps")!.toString();
    const doFile = stata.files.get("cittadini.do")!.toString();
    const header = spss.files.get("dati.csv")!.toString().split("\n")[0].split(",");
    expect(header).toEqual(table.variables.map((v) => v.name));
    expect(sps).toContain("GET DATA /TYPE=TXT /FILE='dati.csv'");
    for (const v of table.variables) {
      expect(sps).toMatch(new RegExp(`^  (/)?${v.name} "`, "m"));
      expect(doFile).toContain(`label variable ${v.name} `);
      if (v.values.length) {
        expect(sps).toMatch(new RegExp(`^  (/)?${v.name}\\n    ${v.values[0].code} "`, "m"));
        expect(doFile).toContain(`label define ${v.name} `);
        expect(doFile).toContain(`label values ${v.name} ${v.name}`);
      }
    }
    expect(sps).toMatch(/MISSING VALUES \w+ \(99\)\./);
    expect(sps).toMatch(/VARIABLE LEVEL .* \(NOMINAL\)\./);
    expect(sps).toMatch(/VARIABLE LEVEL .* \(ORDINAL\)\./);
    expect(sps).toMatch(/VARIABLE LEVEL .*peso.* \(SCALE\)\./);
    expect(doFile).toContain("svyset [pweight=peso]");
  });
});

describe("Excel, Italian CSV and Data Package", () => {
  it("the .xlsx has the data (multi-choice as 0/1, weights), the labels and the codebook", async () => {
    const out = await exportForAnalysts(createSqliteStorage(t.db), t.registry, filter, "xlsx", SHIPPED_MARGINS);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.files.get("cittadini.xlsx")! as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["dati", "etichette_dati", "etichette", "codebook"]);
    const data = wb.getWorksheet("dati")!;
    const header = (data.getRow(1).values as string[]).slice(1);
    expect(header).toContain("peso");
    expect(header).toContain("servizi_usati_cie");
    expect(data.rowCount).toBe(241);
    const labelled = wb.getWorksheet("etichette_dati")!;
    expect((labelled.getRow(2).values as unknown[]).slice(1)).toContain("Compilato online");
    const labels = wb.getWorksheet("etichette")!;
    expect(labels.getRow(1).getCell(1).value).toBe("variabile");
    expect(wb.getWorksheet("codebook")!.getRow(1).getCell(1).value).toBe("variable");
  });

  it("the Italian-Excel CSV has a BOM, ; between cells and a decimal comma", async () => {
    const out = await exportForAnalysts(createSqliteStorage(t.db), t.registry, filter, "csv-it", SHIPPED_MARGINS);
    const text = [...out.files.values()][0].toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ";", skipEmptyLines: true });
    expect(parsed.data[0].slice(0, 4)).toEqual(["response_id", "survey_version", "channel", "submitted_at"]);
    expect(parsed.data.every((r) => r.length === parsed.data[0].length)).toBe(true);
    expect(text).not.toMatch(/;-?\d+\.\d+(;|\r\n)/);
  });

  it("the Data Package declares every column of its data with type and labels", async () => {
    const out = await exportForAnalysts(createSqliteStorage(t.db), t.registry, filter, "datapackage", SHIPPED_MARGINS);
    const pkg = JSON.parse(out.files.get("datapackage.json")!.toString()) as {
      resources: { path: string; schema?: { fields: { name: string; type: string; categories?: unknown[] }[] } }[];
    };
    const data = pkg.resources.find((r) => r.path === "dati.csv")!;
    const header = out.files.get("dati.csv")!.toString().split("\n")[0].split(",");
    expect(data.schema!.fields.map((f) => f.name)).toEqual(header);
    expect(data.schema!.fields.find((f) => f.name === "sesso")!.categories!.length).toBeGreaterThan(1);
    expect(out.files.has("codebook.csv")).toBe(true);
  });
});

describe.runIf(rAvailable())("the R script in R", () => {
  it("runs, and survey::svymean on its design gives the report's weighted shares", async () => {
    const out = await exportForAnalysts(createSqliteStorage(t.db), t.registry, filter, "r", SHIPPED_MARGINS);
    for (const [name, data] of out.files) writeFileSync(join(dir, name), data);
    // The exact report (as `report --unprotected` builds it, same settings and margins): the published
    // one perturbs its counts on purpose (cell-key protection), so its shares differ by that noise.
    const survey = t.registry.current("cittadini")!;
    const margins = marginsFrom(readStoredMargins(t.db, "cittadini"), survey, SHIPPED_MARGINS);
    const report = buildReport({
      citizenSurvey: survey,
      citizens: listResponses(t.db, "cittadini"),
      staff: [],
      margins: margins?.ok ? margins.margins : undefined,
      settings: { ...readReportSettings(t.db, "cittadini"), replicates: 20 },
      filters: { groups: {} },
      generatedAt: new Date().toISOString(),
      protect: false,
    });
    expect(report.weighting.method).toBe("raking");
    const driver = [
      'source("cittadini.R")',
      'for (v in c("lavoro", "contatto", "servizi_usati_cie", "servizi_usati_tari")) {',
      '  m <- survey::svymean(as.formula(paste0("~", v)), disegno, na.rm = TRUE)',
      '  for (i in seq_along(m)) cat(v, "\\t", names(m)[i], "\\t", format(coef(m)[i], digits = 15), "\\n", sep = "")',
      "}",
    ].join("\n");
    writeFileSync(join(dir, "verifica.R"), driver);
    const run = spawnSync("Rscript", ["verifica.R"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    const definition = survey.definition;
    const question = (id: string) =>
      definition.pages.flatMap((p) => p.questions).find((q) => q.id === id) as {
        choices?: { value: string; label: { it: string } }[];
      };
    let compared = 0;
    for (const id of ["lavoro", "contatto"]) {
      for (const choice of question(id).choices!) {
        const cell = report.questions[id].categories[choice.value];
        const line = lines.find(([v, level]) => v === id && level === `${id}${choice.label.it}`);
        expect(line, `${id} ${choice.value}`).toBeDefined();
        if (cell.estimate === null) continue;
        expect(Number(line![2])).toBeCloseTo(cell.estimate, 10);
        compared++;
      }
    }
    for (const service of ["cie", "tari"]) {
      const cell = report.questions.servizi_usati.categories[service];
      const line = lines.find(([v]) => v === `servizi_usati_${service}`)!;
      if (cell.estimate !== null) {
        expect(Number(line[2])).toBeCloseTo(cell.estimate, 10);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5);
  }, 180_000);
});

describe.runIf(psppAvailable())("the SPSS syntax in PSPP", () => {
  it("runs without an error and gives every variable its label and value labels", async () => {
    const out = await exportForAnalysts(createSqliteStorage(t.db), t.registry, filter, "spss", SHIPPED_MARGINS);
    const folder = mkdtempSync(join(dir, "spss-"));
    for (const [name, data] of out.files) writeFileSync(join(folder, name), data);
    writeFileSync(join(folder, "verifica.sps"), "DISPLAY DICTIONARY.\nFREQUENCIES /VARIABLES=sesso.\n");
    const run = spawnSync("pspp", ["-O", "format=txt", "-o", "out.txt", "cittadini.sps", "verifica.sps"], {
      cwd: folder,
      encoding: "utf8",
      timeout: 300_000,
    });
    const text = readFileSync(join(folder, "out.txt"), "utf8");
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(text).not.toMatch(/error|warning/i);
    const { table } = await exportTable(createSqliteStorage(t.db), t.registry, filter, SHIPPED_MARGINS);
    // every variable is in the dictionary, with its level; value labels of a coded variable are there
    for (const v of table.variables) expect(text).toMatch(new RegExp(`\\|${v.name}\\s*\\|`));
    expect(text).toMatch(/\s1\s*\|Donna/);
    expect(text).toMatch(/99\[a\]\s*\|Non so/); // «non so» declared as a user-missing value
    expect(text).toMatch(/Preferisco non/);
  }, 300_000);
});
