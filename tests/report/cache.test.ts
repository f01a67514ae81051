import { describe, expect, it } from "vitest";
import { saveReportSettings } from "../../src/report/settings.repository.js";
import { loadReport } from "../../src/report/load.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { recordResponse } from "../../src/responses/submit.service.js";
import { createTestApp, SHIPPED_MARGINS, SHIPPED_SURVEYS } from "../helpers/app.js";
import { syntheticSample } from "./fixtures.js";

describe("the report cache", () => {
  it("gives the same report object while nothing changed, and a new one after a response, a setting or another filter", () => {
    const t = createTestApp(SHIPPED_SURVEYS);
    const sample = syntheticSample(120, 20, 4);
    const store = (r: (typeof sample.citizens)[number]) =>
      recordResponse(t.db, t.registry.current(r.surveyId)!, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        synthetic: true,
      });
    for (const r of [...sample.citizens.slice(0, 119), ...sample.staff]) store(r);
    const options = { marginsFile: SHIPPED_MARGINS, settings: { replicates: 50 } };
    const first = loadReport(t.db, t.registry, "cittadini", options);
    expect(loadReport(t.db, t.registry, "cittadini", options)).toBe(first);

    store(sample.citizens[119]);
    const second = loadReport(t.db, t.registry, "cittadini", options);
    expect(second).not.toBe(first);
    // The published total is the protected count of 120 (within the table's maximum noise of 5).
    expect(Math.abs(second.responses.total! - 120)).toBeLessThanOrEqual(5);

    saveReportSettings(t.db, "cittadini", { ...DEFAULT_SETTINGS, seed: 7 }, "test");
    expect(loadReport(t.db, t.registry, "cittadini", options)).not.toBe(second);
    const filtered = loadReport(t.db, t.registry, "cittadini", {
      ...options,
      filters: { groups: { quartiere: "mombello" } },
    });
    expect(filtered.filters.groups).toEqual({ quartiere: "mombello" });
  });
});
