import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { readReportSettings } from "../../src/storage/sqlite-report-settings.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { formBody } from "../helpers/respondent.js";
import { syntheticSample } from "../report/fixtures.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };
const PAGE = "/admin/questionari/cittadini/impostazioni-rapporto";

const VALID = {
  w_D: "2",
  w_F: "1",
  w_U: "1",
  w_I: "1",
  w_P: "1",
  w_C: "0",
  gateThreshold: "0,4",
  topK: "3",
  replicates: "200",
  seed: "42",
  trim: "0",
  excludeFlagged: "si",
};

beforeAll(async () => {
  t = createTestApp(SHIPPED_SURVEYS);
  const sample = syntheticSample(150, 30, 11);
  t.db.transaction((tx) => {
    for (const r of [...sample.citizens, ...sample.staff]) {
      const stored = recordResponse(tx, t.registry.current(r.surveyId)!, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        synthetic: true,
      });
      if (!stored.ok) throw new Error(JSON.stringify(stored.page));
    }
  });
  await createUser(t.db, "admin");
  await createUser(t.db, "analyst");
  admin = await signIn(t.app, "admin");
});

const post = (path: string, fields: Record<string, string>) =>
  request(t.app)
    .post(path)
    .set("Cookie", admin.cookie)
    .type("form")
    .send(formBody({ _csrf: admin.csrf, ...fields }));

describe("report settings", () => {
  it("shows the settings in use, weights as percentages", async () => {
    const res = await request(t.app).get(PAGE).set("Cookie", admin.cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="w_D" class="form-control input-short" value="16,67"');
    expect(res.text).toContain('value="20261127"');
    expect(res.text).toContain("Ripristina i valori predefiniti");
  });

  it("refuses bad values with a message beside each field, and stores nothing", async () => {
    const res = await post(PAGE, {
      ...VALID,
      topK: "16",
      replicates: "10.000",
      seed: "-1",
      trim: "1",
      gateThreshold: "1,5",
      w_F: "abc",
      excludeFlagged: "forse",
    });
    expect(res.status).toBe(422);
    const expected: Record<string, string> = {
      topK: "Scriva un numero intero da 1 a 15.",
      replicates: "Scriva un numero intero da 200 a 10.000 (senza punti).",
      seed: "Scriva un numero intero da 0 a 4.294.967.295 (senza punti).",
      trim: "Scriva 0 per non limitare i pesi, oppure un numero da 2 a 20.",
      gateThreshold: "Scriva un numero tra 0 e 1, ad esempio 0,5.",
      w_F: "Scriva un numero non negativo, ad esempio 20 oppure 0 per non considerare il criterio.",
      excludeFlagged: "Scelga sì o no.",
    };
    for (const [field, message] of Object.entries(expected)) {
      expect(res.text).toContain(`<p class="field-error" id="e-${field}">${message.replace(/'/g, "&#39;")}</p>`);
    }
    expect(res.text).toContain('aria-describedby="h-topK e-topK" aria-invalid="true"');
    // What was typed comes back, so it can be corrected.
    expect(res.text).toContain('name="replicates" class="form-control input-short" value="10.000"');
    expect(readReportSettings(t.db, "cittadini")).toEqual(DEFAULT_SETTINGS);
    expect(listAudit(t.db).filter((e) => e.action.startsWith("rapporto."))).toEqual([]);
  });

  it("needs at least one weight above zero", async () => {
    const res = await post(PAGE, { ...VALID, w_D: "0", w_F: "0", w_U: "0", w_I: "0", w_P: "0", w_C: "0" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Almeno un criterio deve avere un peso maggiore di zero.");
    expect(readReportSettings(t.db, "cittadini")).toEqual(DEFAULT_SETTINGS);
  });

  it("normalises the weights to sum 1, saves, audits old → new, and the JSON report follows", async () => {
    const res = await post(PAGE, VALID);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${PAGE}?salvato=1`);
    const saved = readReportSettings(t.db, "cittadini");
    expect(saved.criteriaWeights.D).toBeCloseTo(2 / 6, 12);
    expect(saved.criteriaWeights.C).toBe(0);
    expect(Object.values(saved.criteriaWeights).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(saved).toMatchObject({
      gateThreshold: 0.4,
      topK: 3,
      replicates: 200,
      seed: 42,
      trim: 0,
      excludeFlagged: true,
    });

    const entry = listAudit(t.db).find((e) => e.action === "rapporto.impostazioni")!;
    expect(entry).toMatchObject({ username: "admin", target: "cittadini" });
    expect(entry.details).toContain("peso D 16,7 % → 33,3 %");
    expect(entry.details).toContain("peso C 16,7 % → 0,0 %");
    expect(entry.details).toContain("seme 20261127 → 42");
    expect(entry.details).toContain("escludi segnalate no → sì");

    const page = await request(t.app).get(`${PAGE}?salvato=1`).set("Cookie", admin.cookie);
    expect(page.text).toContain('name="w_D" class="form-control input-short" value="33,33"');
    expect(page.text).toContain("Impostazioni del rapporto salvate");

    const report = (await request(t.app).get("/reports/cittadini.json").set("Cookie", admin.cookie)).body;
    expect(report.settings).toEqual(saved);
    expect(report.quality.excluded).toBe(true);
    // The composite score is the new weights applied to the normalised criteria (C now counts for nothing).
    for (const s of report.ranking) {
      const expected = (["D", "F", "U", "I", "P", "C"] as const).reduce(
        (sum, c) => sum + saved.criteriaWeights[c] * (s.criteria[c] ?? 0),
        0,
      );
      // Published criteria are rounded to 3 decimals (docs/disclosure-policy.md): the identity holds to that.
      if (!s.fewUsers) expect(Math.abs(s.score - expected)).toBeLessThan(0.001);
    }
    expect(report.ranking[0].k).toBe(3);
  });

  it("a different seed changes the bootstrap, the same seed repeats it", async () => {
    const again = (await request(t.app).get("/reports/cittadini.json").set("Cookie", admin.cookie)).body;
    await post(PAGE, { ...VALID, seed: "43" });
    const other = (await request(t.app).get("/reports/cittadini.json").set("Cookie", admin.cookie)).body;
    await post(PAGE, VALID);
    const same = (await request(t.app).get("/reports/cittadini.json").set("Cookie", admin.cookie)).body;
    expect(other.settings.seed).toBe(43);
    expect(same.ranking).toEqual(again.ranking);
    expect(other.ranking.map((s: { topK: number }) => s.topK)).not.toEqual(
      again.ranking.map((s: { topK: number }) => s.topK),
    );
  });

  it("restores the defaults, audited", async () => {
    const res = await post(`${PAGE}/predefiniti`, {});
    expect(res.status).toBe(303);
    expect(readReportSettings(t.db, "cittadini")).toEqual(DEFAULT_SETTINGS);
    const entry = listAudit(t.db).find((e) => e.action === "rapporto.impostazioni.predefinite")!;
    expect(entry.details).toContain("seme 42 → 20261127");
  });

  it("is for admins only, and only for a survey with a report", async () => {
    const analyst = await signIn(t.app, "analyst");
    expect((await request(t.app).get(PAGE).set("Cookie", analyst.cookie)).status).toBe(403);
    expect(
      (await request(t.app).get("/admin/questionari/personale/impostazioni-rapporto").set("Cookie", admin.cookie))
        .status,
    ).toBe(404);
    expect(
      (await request(t.app).get("/admin/questionari/nessuno/impostazioni-rapporto").set("Cookie", admin.cookie)).status,
    ).toBe(404);
  });
});
