import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fork } from "node:child_process";
import { describe, expect, it } from "vitest";
import { countAccessCodes, createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { hashCode } from "../../src/responses/codes.js";
import { createDraft, findDraft, saveDraft } from "../../src/storage/sqlite-drafts.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, FIXTURE_SURVEYS } from "../helpers/app.js";
import { Respondent } from "../helpers/respondent.js";

const STAFF_ANSWERS = { area: "tributi", "gravita/tari": "4", "gravita/imu": "2" };

describe("single-use access codes", () => {
  it("asks for a code, refuses a wrong one, and shows only the services of the respondent's area", async () => {
    const t = createTestApp();
    const [code] = createAccessCodes(t.db, "personale_prova", 1);
    const wrong = new Respondent(t.app, "personale_prova", { code: "AAAAA-AAAAA" });
    await wrong.start();
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain("Il codice non è valido oppure è già stato usato.");

    const r = new Respondent(t.app, "personale_prova", { code: code.toLowerCase() });
    await r.start();
    expect(r.pageId).toBe("area");
    await r.answer({ area: "tributi" });
    expect(r.shownFields("gravita")).toEqual(["gravita/tari", "gravita/imu"]);
    await r.answer({ "gravita/tari": "4", "gravita/imu": "2" });
    await r.submitFromSummary();
    expect(r.path).toMatch(/grazie$/);
    expect(listResponses(t.db, "personale_prova").map((x) => x.answers)).toEqual([STAFF_ANSWERS]);
    expect(countAccessCodes(t.db, "personale_prova")).toEqual({ total: 1, used: 1 });
    // The draft keeps no trace of the code once sent, and nothing else links code and answers.
    expect(findDraft(t.db, r.token)?.codeHash).toBeNull();
    const again = new Respondent(t.app, "personale_prova", { code });
    await again.start();
    expect(again.status).toBe(422);
  });

  it("accepts a code once when two respondents started with it and send at the same time", async () => {
    const t = createTestApp();
    const [code] = createAccessCodes(t.db, "personale_prova", 1);
    const first = new Respondent(t.app, "personale_prova", { code });
    const second = new Respondent(t.app, "personale_prova", { code });
    for (const r of [first, second]) {
      await r.start();
      await r.answer({ area: "tributi" });
      await r.answer({ "gravita/tari": "4", "gravita/imu": "2" });
    }
    await Promise.all([first.submitFromSummary(), second.submitFromSummary()]);
    expect([first.status, second.status].sort((a, b) => a - b)).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.html).toContain("Il codice di accesso è stato usato nel frattempo");
    expect(listResponses(t.db, "personale_prova")).toHaveLength(1);
  });

  it("lets exactly one of eight processes, each with its own connection, consume the same code", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "race-")), "race.db");
    const t = createTestApp(FIXTURE_SURVEYS, dbPath);
    const [code] = createAccessCodes(t.db, "personale_prova", 1);
    const tokens = Array.from({ length: 8 }, () => {
      const draft = createDraft(t.db, {
        surveyId: "personale_prova",
        surveyVersion: 1,
        lang: "it",
        channel: "web",
        codeHash: hashCode(code),
        days: 1,
      });
      saveDraft(t.db, draft.token, STAFF_ANSWERS, "it");
      return draft.token;
    });
    const children = tokens.map((token) =>
      fork(join(import.meta.dirname, "race-worker.ts"), [dbPath, FIXTURE_SURVEYS, token], {
        execArgv: ["--import", "tsx"],
      }),
    );
    const ready = children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          child.once("message", () => resolve());
          child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
        }),
    );
    await Promise.all(ready);
    const results = children.map(
      (child) =>
        new Promise<string>((resolve) =>
          child.once("message", (m) => resolve(typeof m === "string" ? m : JSON.stringify(m))),
        ),
    );
    for (const child of children) child.send("go");
    const statuses = await Promise.all(results);
    expect(statuses.filter((s) => s === "stored")).toHaveLength(1);
    expect(statuses.filter((s) => s === "code_used")).toHaveLength(7);
    expect(listResponses(t.db, "personale_prova")).toHaveLength(1);
    expect(countAccessCodes(t.db, "personale_prova")).toEqual({ total: 1, used: 1 });
  });

  it("generates distinct codes from an alphabet without ambiguous letters", () => {
    const t = createTestApp();
    const codes = createAccessCodes(t.db, "personale_prova", 500);
    expect(new Set(codes).size).toBe(500);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(hashCode(" ab0il-xyz12 ")).toBe(hashCode("AB011XYZ12"));
  });
});
