import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngineTestApp, type EngineApp } from "../helpers/app.js";
import { addUser, signIn } from "../helpers/auth.js";
import type { Session } from "../helpers/data.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";
import { formBody } from "../helpers/respondent.js";
import type { Answers } from "../../src/surveys/options.js";
import { recordSampleOn, SAMPLE_ANSWERS } from "../helpers/responses.js";

/** The same cases on SQLite and on a real PostgreSQL (as `DATABASE_URL=postgres://… npm start` runs it). */
const server = usePostgres();
const links = (html: string): string[] =>
  [...html.matchAll(/href="\/admin\/risposte\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

describe.each(ENGINES)("the data pages on $name", ({ name, available }) => {
  let t: EngineApp;
  let admin: Session;
  let analyst: Session;

  beforeEach(async () => {
    if (!available) return;
    t = await createEngineTestApp(name, () => server().createDatabase());
    await addUser(t.storage, "admin");
    await addUser(t.storage, "analyst");
    admin = await signIn(t.app, "admin");
    analyst = await signIn(t.app, "analyst");
  });
  afterEach(async () => {
    if (available) await t.close();
  });

  const get = (who: Session, path: string) => request(t.app).get(path).set("Cookie", who.cookie);
  const recordSample = (answers: Answers, meta: Parameters<typeof recordSampleOn>[3]) =>
    recordSampleOn(t.storage, t.registry, answers, meta);

  describe("the responses browser", () => {
    it.skipIf(!available)(
      "lists 50 responses a page, newest first, with links to the next pages that keep the filters",
      async () => {
        const ids: string[] = [];
        for (let i = 0; i < 60; i++)
          ids.push(
            await recordSample(SAMPLE_ANSWERS[i % 4], {
              submittedAt: new Date(Date.UTC(2026, 2, 1, 8, i)).toISOString(),
              channel: i % 2 ? "paper" : "web",
            }),
          );
        const first = await get(analyst, "/admin/questionari/prova/risposte");
        expect(first.status).toBe(200);
        expect(links(first.text)).toEqual(ids.slice(10).reverse());
        expect(first.text).toContain("60 risposte · pagina 1 di 2.");
        expect(first.text).toContain('href="/admin/questionari/prova/risposte?pagina=2"');
        const second = await get(analyst, "/admin/questionari/prova/risposte?pagina=2");
        expect(links(second.text)).toEqual(ids.slice(0, 10).reverse());

        const paper = await get(analyst, "/admin/questionari/prova/risposte?canale=paper&dal=2026-03-01&al=2026-03-01");
        expect(links(paper.text)).toEqual(ids.filter((_, i) => i % 2).reverse());
        expect(paper.text).toContain("30 risposte con questi filtri.");
        expect(paper.text).toContain(
          'href="/admin/questionari/prova/esporta.csv?canale=paper&amp;dal=2026-03-01&amp;al=2026-03-01"',
        );
        const none = await get(analyst, "/admin/questionari/prova/risposte?dal=2026-03-02");
        expect(links(none.text)).toEqual([]);
      },
    );

    it.skipIf(!available)("filters synthetic responses in or out, and marks them", async () => {
      const real = await recordSample(SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
      const fake = await recordSample(SAMPLE_ANSWERS[1], {
        submittedAt: "2026-03-02T10:00:00.000Z",
        synthetic: true,
      });
      expect(links((await get(analyst, "/admin/questionari/prova/risposte?simulati=si")).text)).toEqual([fake]);
      expect(links((await get(analyst, "/admin/questionari/prova/risposte?simulati=no")).text)).toEqual([real]);
      const all = await get(analyst, "/admin/questionari/prova/risposte");
      expect(all.text).toContain("<td>Dati simulati</td>");
      expect((await get(analyst, `/admin/risposte/${fake}`)).text).toContain("<strong>Dati simulati</strong>");
    });

    it.skipIf(!available)("refuses bad filters with a message tied to the field", async () => {
      const res = await get(analyst, "/admin/questionari/prova/risposte?dal=2026-13-01&al=2026-01-01&simulati=forse");
      expect(res.status).toBe(422);
      expect(res.text).toContain('<p class="field-error" id="e-dal">');
      expect(res.text).toContain('aria-describedby="h-dal e-dal" aria-invalid="true"');
      expect(res.text).toContain('id="e-simulati"');
    });

    it.skipIf(!available)("shows one response with the questions' labels and the answers' labels", async () => {
      const id = await recordSample(SAMPLE_ANSWERS[0], {
        submittedAt: "2026-03-01T10:00:00.000Z",
        channel: "paper",
      });
      const res = await get(analyst, `/admin/risposte/${id}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain("Quanti anni ha?");
      expect(res.text).toContain("Da 45 a 64 anni");
      expect(res.text).toContain("Altro: Villaggio del Sole");
      expect(res.text).toContain("Carta d&#39;identità elettronica: <strong>8</strong>");
      expect(res.text).toContain("1. TARI; 2. Carta d&#39;identità elettronica");
      expect(res.text).toContain("=SUM(A1)");
      expect(res.text).toContain("Questionario cartaceo trascritto");
      // Analysts read; only admins see the way to erase.
      expect(res.text).not.toContain("/elimina");
      expect((await get(admin, `/admin/risposte/${id}`)).text).toContain(`href="/admin/risposte/${id}/elimina"`);
    });

    it.skipIf(!available)("answers 404 for a response that does not exist", async () => {
      expect((await get(analyst, "/admin/risposte/00000000-0000-4000-8000-000000000000")).status).toBe(404);
      expect((await get(analyst, "/admin/questionari/nessuno/risposte")).status).toBe(404);
    });
  });

  describe("the survey page", () => {
    it.skipIf(!available)(
      "links to the responses, the data page and the codebook for admins and analysts only",
      async () => {
        await addUser(t.storage, "operator");
        const operator = await signIn(t.app, "operator");
        for (const who of [admin, analyst]) {
          const page = await get(who, "/admin/questionari/prova");
          expect(page.status).toBe(200);
          for (const path of ["risposte", "dati", "codebook"])
            expect(page.text).toContain(`href="/admin/questionari/prova/${path}"`);
        }
        const page = await get(operator, "/admin/questionari/prova");
        expect(page.status).toBe(200);
        expect(page.text).not.toContain('href="/admin/questionari/prova/dati"');
      },
    );
  });

  describe("erasing a response (GDPR art. 17)", () => {
    const erase = (id: string, fields: Record<string, string>) =>
      request(t.app)
        .post(`/admin/risposte/${id}/elimina`)
        .set("Cookie", admin.cookie)
        .type("form")
        .send(formBody({ _csrf: admin.csrf, ...fields }));

    it.skipIf(!available)(
      "asks for confirmation and a reason, then deletes the response and its answers and logs who, which and why",
      async () => {
        const id = await recordSample(SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
        const kept = await recordSample(SAMPLE_ANSWERS[1], { submittedAt: "2026-03-02T10:00:00.000Z" });
        const page = await get(admin, `/admin/risposte/${id}/elimina`);
        expect(page.status).toBe(200);
        expect(page.text).toContain('<label for="f-reason"');
        expect(page.text).toContain('name="confirm"');

        const noReason = await erase(id, { reason: "  ", confirm: "1" });
        expect(noReason.status).toBe(422);
        expect(noReason.text).toContain("Scriva il motivo dell&#39;eliminazione");
        const unconfirmed = await erase(id, { reason: "Richiesta dell'interessato, prot. 1234" });
        expect(unconfirmed.status).toBe(422);
        expect(unconfirmed.text).toContain("Richiesta dell&#39;interessato, prot. 1234</textarea>");
        expect(await t.storage.responses.find(id)).toBeDefined();

        const done = await erase(id, { reason: "Richiesta dell'interessato, prot. 1234", confirm: "1" });
        expect(done.status).toBe(303);
        expect(done.headers.location).toBe("/admin/questionari/prova/risposte?eliminata=1");
        expect(await t.storage.responses.find(id)).toBeUndefined();
        expect(await t.storage.responses.find(kept)).toBeDefined();
        expect((await t.storage.audit.list())[0]).toMatchObject({
          username: "admin",
          action: "risposta.eliminata",
          target: id,
          details: "Richiesta dell'interessato, prot. 1234",
        });
        expect((await get(admin, done.headers.location)).text).toContain("La risposta è stata eliminata");
        expect((await erase(id, { reason: "di nuovo", confirm: "1" })).status).toBe(404);
      },
    );

    it.skipIf(!available)("is refused to an analyst and without the CSRF token", async () => {
      const id = await recordSample(SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
      const asAnalyst = await request(t.app)
        .post(`/admin/risposte/${id}/elimina`)
        .set("Cookie", analyst.cookie)
        .type("form")
        .send(formBody({ _csrf: analyst.csrf, reason: "x", confirm: "1" }));
      expect(asAnalyst.status).toBe(403);
      const noToken = await request(t.app)
        .post(`/admin/risposte/${id}/elimina`)
        .set("Cookie", admin.cookie)
        .type("form")
        .send(formBody({ reason: "x", confirm: "1" }));
      expect(noToken.status).toBe(403);
      expect(await t.storage.responses.find(id)).toBeDefined();
    });
  });
});
