import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reportInputsFrom, runReportJobFrom } from "../../src/report/job.js";
import { reportJobFor } from "../../src/report/load.js";
import { createReportServiceOn } from "../../src/report/service.js";
import { saveReportSettings, saveStoredMargins } from "../../src/storage/sqlite-report-settings.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import {
  createSqliteReportInputs,
  reportInputs,
  responsesFingerprint,
  runReportJob,
} from "../../src/storage/sqlite-report-inputs.js";
import { createInlineBuilder } from "../../src/storage/sqlite-report-source.js";
import { createTestApp, SHIPPED_MARGINS, SHIPPED_SURVEYS } from "../helpers/app.js";
import { storeOne } from "../helpers/report-service.js";
import { syntheticSample } from "./fixtures.js";

const NOW = new Date("2026-11-30T10:00:00.000Z");

function filled(): ReturnType<typeof createTestApp> & { rest: ReturnType<typeof syntheticSample>["citizens"] } {
  const t = createTestApp(SHIPPED_SURVEYS);
  const sample = syntheticSample(80, 12, 5);
  for (const r of [...sample.citizens.slice(0, 79), ...sample.staff]) storeOne(t.db, t.registry, r);
  saveReportSettings(t.db, "cittadini", { ...DEFAULT_SETTINGS, replicates: 40, seed: 11 }, "test");
  return { ...t, rest: sample.citizens.slice(79) };
}

describe("the report's inputs reader on SQLite", () => {
  it("reads the settings, stored margins, fingerprint and responses the synchronous path reads", async () => {
    const t = filled();
    const reader = createSqliteReportInputs(t.db);
    const surveys = { surveyId: "cittadini", staffSurveyId: "personale" };
    const data = await reader.read(surveys);
    expect(data.settings).toEqual({ ...DEFAULT_SETTINGS, replicates: 40, seed: 11 });
    expect(data.storedMargins).toBeUndefined();
    expect(data.fingerprint).toBe(responsesFingerprint(t.db, ["cittadini", "personale"]));
    // As text: the same responses, fields and answers in the same order (the citizens' answers are
    // read back from the report's answer columns).
    expect(JSON.stringify(data.citizens)).toBe(JSON.stringify(listResponses(t.db, "cittadini")));
    expect(data.citizens).toHaveLength(79);
    expect(data.staff).toEqual(listResponses(t.db, "personale"));
    expect(data.staff).toHaveLength(12);
    const { citizens: _c, staff: _s, ...state } = data;
    expect(await reader.state(surveys)).toEqual(state);
    expect((await reader.read({ surveyId: "cittadini" })).staff).toEqual([]);
  });

  it("gives byte for byte the report and the inputs of the synchronous path, and sees a new response, setting or margins", async () => {
    const t = filled();
    const reader = createSqliteReportInputs(t.db);
    const job = reportJobFor(t.registry, "cittadini", { marginsFile: SHIPPED_MARGINS, now: NOW });
    const built = await runReportJobFrom(reader, job);
    const direct = runReportJob(t.db, job);
    expect(JSON.stringify(built.report)).toBe(JSON.stringify(direct.report));
    expect(built.inputs).toBe(direct.inputs);
    expect(await reportInputsFrom(reader, job)).toBe(reportInputs(t.db, job));

    const seen = new Set([built.inputs]);
    const changed = async (): Promise<void> => {
      const inputs = await reportInputsFrom(reader, job);
      expect(inputs).toBe(reportInputs(t.db, job));
      expect(seen.has(inputs)).toBe(false);
      seen.add(inputs);
    };
    storeOne(t.db, t.registry, t.rest[0]);
    await changed();
    saveReportSettings(t.db, "cittadini", { ...DEFAULT_SETTINGS, replicates: 40, seed: 12 }, "test");
    await changed();
    saveStoredMargins(t.db, {
      surveyId: "cittadini",
      name: "limbiate.csv",
      csv: readFileSync(SHIPPED_MARGINS, "utf8"),
      illustrative: true,
      source: "prova",
      uploadedAt: "2026-11-29T08:00:00.000Z",
      uploadedBy: "admin",
    });
    await changed();
    // Margins read from the database: both paths read the same row and build the same report.
    const withStored = await runReportJobFrom(reader, job);
    expect(withStored.inputs).toBe(runReportJob(t.db, job).inputs);
    expect(JSON.stringify(withStored.report)).toBe(JSON.stringify(runReportJob(t.db, job).report));
  });

  it("serves a report service from a reader and a builder given apart", async () => {
    const t = filled();
    const job = reportJobFor(t.registry, "cittadini", { marginsFile: SHIPPED_MARGINS, now: NOW });
    const reports = createReportServiceOn(
      { inputs: createSqliteReportInputs(t.db), builder: createInlineBuilder(t.db) },
      t.registry,
      { marginsFile: SHIPPED_MARGINS, now: () => NOW, waitMs: 0, debounceMs: 0 },
    );
    try {
      expect((await reports.view("cittadini", { groups: {} })).status).toBe("preparing");
      await reports.idle();
      const view = await reports.view("cittadini", { groups: {} });
      expect(view.status).toBe("fresh");
      expect(JSON.stringify((view as { report: unknown }).report)).toBe(JSON.stringify(runReportJob(t.db, job).report));
      expect(reports.buildCount()).toBe(1);
    } finally {
      await reports.close();
    }
  });
});
