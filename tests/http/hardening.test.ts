import { describe, expect, it } from "vitest";
import request from "supertest";
import { createTestApp } from "../helpers/app.js";
import { Respondent } from "../helpers/respondent.js";

/** A sent `prova` questionnaire; returns its token. */
export async function sentProva(app: ReturnType<typeof createTestApp>["app"]): Promise<string> {
  const r = new Respondent(app, "prova");
  await r.start();
  await r.answer({ eta: "18_44", quartiere: "centro" });
  await r.answer({ usati: "cie" });
  await r.answer({ "soddisfazione/cie": "9" });
  await r.answer({ "classifica/1": "cie", "classifica/2": "imu", orari: "sabato" });
  await r.answer({});
  await r.submitFromSummary();
  expect(r.path).toMatch(/grazie$/);
  return r.token;
}

describe("the end-of-service rating", () => {
  it("is stored once per questionnaire: repeated and parallel posts store nothing more", async () => {
    const t = createTestApp();
    const token = await sentProva(t.app);
    const rate = () => request(t.app).post(`/r/${token}/valutazione`).type("form").send("rating=5&step=2&aspects=chiare&lang=it");
    expect((await rate()).status).toBe(200);
    const again = await Promise.all(Array.from({ length: 5 }, rate));
    expect(again.map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
    expect(again[0]!.text).toContain("Grazie");
    const rows = t.db.$client.prepare("SELECT COUNT(*) AS n FROM feedback").get() as { n: number };
    expect(rows.n).toBe(1);
  });
});
