import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { listApiTokens } from "../../src/storage/sqlite-api-tokens.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { apiTokens } from "../../src/db/schema.js";
import { type TestApp } from "../helpers/app.js";
import { getAs, postAs, signIn } from "../helpers/auth.js";
import { reportApp } from "../helpers/report-pages.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  t = await reportApp(150, 20, 12);
  admin = await signIn(t.app, "admin");
});

async function newToken(surveyId: string, scope: string, name = "cruscotto"): Promise<string> {
  const res = await postAs(t.app, admin, "/admin/api", { name, surveyId, scope });
  expect(res.status).toBe(200);
  return /id="token-value" class="form-control" readonly value="(spt_[A-Za-z0-9_-]{43})"/.exec(res.text)![1];
}
const api = (path: string, token?: string) =>
  token ? request(t.app).get(path).set("Authorization", `Bearer ${token}`) : request(t.app).get(path);

describe("read-only API tokens", () => {
  it("an admin creates a token, shown once; only its hash is stored; audited without the token", async () => {
    const token = await newToken("cittadini", "aggregates");
    const rows = t.db.select().from(apiTokens).all();
    expect(rows.some((r) => r.tokenHash.length === 64 && !r.tokenHash.includes(token.slice(4)))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
    const entry = listAudit(t.db).find((a) => a.action === "api.token_creato")!;
    expect(entry.details).toContain("cruscotto");
    expect(JSON.stringify(listAudit(t.db))).not.toContain(token);
    const page = await getAs(t.app, admin, "/admin/api");
    expect(page.text).toContain("cruscotto");
    expect(page.text).not.toContain(token);
  });

  it("refuses a token form with problems, creating nothing", async () => {
    const before = listApiTokens(t.db).length;
    const res = await postAs(t.app, admin, "/admin/api", { name: "", surveyId: "inesistente", scope: "tutto" });
    expect(res.status).toBe(422);
    expect(listApiTokens(t.db).length).toBe(before);
  });
});

describe("the API", () => {
  it("answers 401 without a valid token and 403 for another survey, as JSON", async () => {
    const none = await api("/api/v1/surveys/cittadini/report");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toContain("Bearer");
    expect(none.body.error).toContain("token");
    expect((await api("/api/v1/surveys/cittadini/report", "spt_" + "a".repeat(43))).status).toBe(401);
    const token = await newToken("cittadini", "aggregates");
    const other = await api("/api/v1/surveys/personale/report", token);
    expect(other.status).toBe(403);
  });

  it("an aggregates token reads the report and the aggregates, not the responses", async () => {
    const token = await newToken("cittadini", "aggregates");
    const report = await api("/api/v1/surveys/cittadini/report", token);
    expect(report.status).toBe(200);
    // A protected count: 150 give or take the perturbation.
    expect(Math.abs(report.body.responses.total - 150)).toBeLessThanOrEqual(5);
    expect(report.headers["set-cookie"]).toBeUndefined();
    const aggregates = await api("/api/v1/surveys/cittadini/aggregates", token);
    expect(aggregates.status).toBe(200);
    expect(aggregates.body.rows.length).toBeGreaterThan(10);
    expect(
      aggregates.body.rows.every((r: { count: number | null }) => r.count === null || r.count === 0 || r.count >= 5),
    ).toBe(true);
    const denied = await api("/api/v1/surveys/cittadini/responses", token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toContain("microdati");
  });

  it("a microdata token reads the export with the CSV's filters, audited", async () => {
    const token = await newToken("cittadini", "microdata", "archivio");
    const all = await api("/api/v1/surveys/cittadini/responses", token);
    expect(all.status).toBe(200);
    expect(all.body.rows).toHaveLength(150);
    expect(all.body.variables.map((v: { name: string }) => v.name)).toContain("peso");
    const paper = await api("/api/v1/surveys/cittadini/responses?canale=paper", token);
    expect(paper.body.rows.length).toBeLessThan(150);
    expect((await api("/api/v1/surveys/cittadini/responses?dal=ieri", token)).status).toBe(422);
    expect(
      listAudit(t.db).filter((a) => a.action === "risposte.esportate" && a.username.startsWith("api:")).length,
    ).toBe(2);
  });

  it("a revoked token no longer works (revocation audited)", async () => {
    const token = await newToken("cittadini", "aggregates", "da revocare");
    const id = listApiTokens(t.db).find((x) => x.name === "da revocare")!.id;
    expect((await api("/api/v1/surveys/cittadini/report", token)).status).toBe(200);
    expect((await postAs(t.app, admin, `/admin/api/${id}/revoca`, {})).status).toBe(303);
    expect((await api("/api/v1/surveys/cittadini/report", token)).status).toBe(401);
    expect(listAudit(t.db).some((a) => a.action === "api.token_revocato" && a.details.includes("da revocare"))).toBe(
      true,
    );
  });
});
