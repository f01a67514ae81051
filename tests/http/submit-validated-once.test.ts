import request from "supertest";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { validateAnswers } from "../../src/surveys/validate.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { Respondent } from "../helpers/respondent.js";

// Every export of the module becomes a spy that runs the real function: the calls can be counted.
vi.mock(import("../../src/surveys/validate.js"), { spy: true });

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});

describe("sending a questionnaire", () => {
  it("validates its answers once, and stores what that validation returned", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer({ eta: "45_64", quartiere: "centro", figli: "0" });
    await r.answer({ usati: ["cie"] });
    await r.answer({ "soddisfazione/cie": "8", "uffici/cie": "1" });
    await r.answer({ "classifica/1": "cie", "classifica/2": "tari", orari: ["mattina"] });
    await r.answer({ giudizio: "4" });
    expect(r.path).toMatch(/riepilogo$/);
    vi.mocked(validateAnswers).mockClear();
    const sent = await request(t.app).post(`/r/${r.token}/invia`).type("form").send("lang=it");
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toMatch(/grazie/);
    expect(vi.mocked(validateAnswers)).toHaveBeenCalledTimes(1);
    const [stored] = listResponses(t.db, "prova");
    const result = vi.mocked(validateAnswers).mock.results[0].value as ReturnType<typeof validateAnswers>;
    expect(result.ok && result.answers).toEqual(stored.answers);
  });
});
