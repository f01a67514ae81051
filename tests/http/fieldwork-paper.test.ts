import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { allRows, questionNumbers } from "../../src/web/respondent/paper-view.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";

/** The text of a page without tags, with entities decoded, as a reader sees it. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("the printable paper version", () => {
  let t: TestApp;
  let cookie = "";
  beforeAll(async () => {
    t = createTestApp();
    await createUser(t.db, "operator");
    cookie = (await signIn(t.app, "operator")).cookie;
  });

  it("prints every question with its number, every matrix row, the conditions as instructions and the privacy notice", async () => {
    const res = await request(t.app).get("/admin/questionari/prova/carta").set("Cookie", cookie);
    expect(res.status).toBe(200);
    const page = text(res.text);
    const survey = t.registry.current("prova")!;
    const numbers = questionNumbers(survey.definition);
    for (const q of survey.definition.pages.flatMap((p) => p.questions))
      expect(page).toContain(`${numbers.get(q.id)}. ${q.label.it}`);
    expect(page).toContain("Il Comune tratta le risposte in forma anonima.");
    expect(page).toContain("→ Risponda solo se ha indicato 1 o più alla domanda 3.");
    // "For each service you used": all services of the catalogue, with a note.
    expect(page).toContain("→ Risponda per ciascuna voce indicata alla domanda 5; lasci vuote le altre righe.");
    const matrix = /<div class="paper-q" id="q-soddisfazione">[\s\S]*?<\/table>/.exec(res.text)![0];
    for (const service of ["Carta d'identità elettronica", "Certificati anagrafici", "TARI", "IMU"])
      expect(text(matrix)).toContain(service);
    expect(text(matrix)).not.toContain("Servizio dismesso");
    expect(page).toContain("Altro (specificare):");
    expect(page).toContain("Scriva 1 accanto al servizio più importante, 2 accanto al secondo e così via, fino a 3.");
    expect(res.text).toContain('href="/static/css/print.css"');
  });

  it("is in English with ?lang=en", async () => {
    const res = await request(t.app).get("/admin/questionari/prova/carta?lang=en").set("Cookie", cookie);
    const page = text(res.text);
    expect(res.text).toContain('<html lang="en">');
    expect(page).toContain("4. Do your children go to school in Limbiate?");
    expect(page).toContain("→ Answer only if you gave 1 or more to question 3.");
    expect(page).toContain("The comune processes the answers anonymously.");
  });

  it("writes out choices, answered-conditions and catalogue areas in the instructions of the shipped questionnaires", async () => {
    const shipped = createTestApp(SHIPPED_SURVEYS);
    await createUser(shipped.db, "admin");
    const admin = (await signIn(shipped.app, "admin")).cookie;
    for (const s of shipped.registry.all()) {
      const res = await request(shipped.app).get(`/admin/questionari/${s.definition.id}/carta`).set("Cookie", admin);
      expect(res.status).toBe(200);
      const page = text(res.text);
      const numbers = questionNumbers(s.definition);
      for (const q of s.definition.pages.flatMap((p) => p.questions)) {
        expect(page).toContain(`${numbers.get(q.id)}. ${q.label.it}`);
        if (q.showIf)
          expect(
            text(
              /<div class="paper-q" id="q-[^"]+">[\s\S]*?<\/h3>\s*<p class="paper-instruction">[^<]*/.exec(
                res.text.slice(res.text.indexOf(`id="q-${q.id}"`) - 30),
              )![0],
            ),
          ).toContain("Risponda solo se");
        if (q.type === "matrix") for (const row of allRows(s, q)) expect(page).toContain(row.label.it);
      }
      expect(page).not.toMatch(/alla domanda undefined|«undefined»/);
    }
  });
});
