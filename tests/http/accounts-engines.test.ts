import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createEngineTestApp, type EngineApp } from "../helpers/app.js";
import { addUser, getAs, PASSWORD, postAs, signIn } from "../helpers/auth.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";

/**
 * The accounts page and the audit log over real HTTP on both engines: the same app on SQLite and on a
 * real PostgreSQL (as `DATABASE_URL=postgres://… npm start` runs it).
 */
const server = usePostgres();

describe.each(ENGINES)("the accounts page on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const open = async (): Promise<EngineApp> => (t = await createEngineTestApp(name, () => server().createDatabase()));

  it.skipIf(!available)(
    "creates an account (refusing a name taken), hands out an invitation link, and lists both in the audit log",
    async () => {
      const { app, storage } = await open();
      await addUser(storage, "admin", "admin");
      const admin = await signIn(app, "admin");
      const page = await getAs(app, admin, "/admin/utenti");
      expect(page.status).toBe(200);
      expect(page.text).toContain("admin");

      const form = { username: "Assessore", displayName: "Anna Rossi", password: PASSWORD, role: "giunta" };
      const created = await postAs(app, admin, "/admin/utenti", form);
      expect(created.status).toBe(303);
      expect(created.headers.location).toBe("/admin/utenti?creato=assessore");
      expect((await getAs(app, admin, created.headers.location)).text).toContain("Utente «assessore» creato.");
      const again = await postAs(app, admin, "/admin/utenti", form);
      expect(again.status).toBe(422);
      expect(again.text).toContain("Questo nome utente esiste già.");
      expect(again.text).not.toContain(PASSWORD);
      // The new account signs in with the password chosen for it.
      expect((await signIn(app, "assessore")).cookie).toMatch(/^sportello_sessione=/);

      const invited = await postAs(app, admin, "/admin/utenti/invito", { role: "analyst" });
      expect(invited.status).toBe(200);
      const link = /\/attivazione\/([A-Za-z0-9_-]+)/.exec(invited.text)?.[0];
      expect(link).toBeDefined();
      expect((await request(app).get(link!)).status).toBe(200);
      expect((await postAs(app, admin, "/admin/utenti/invito", { role: "sindaco" })).status).toBe(422);

      const log = await getAs(app, admin, "/admin/registro");
      expect(log.status).toBe(200);
      const actions = (await storage.audit.list()).map((e) => e.action);
      expect(actions.slice(0, 3)).toEqual(["invito.creato", "accesso", "utente.creato"]);
      for (const action of ["invito.creato", "utente.creato"]) expect(log.text).toContain(action);
    },
  );

  it.skipIf(!available)(
    "changes a role, switches an account off (its session ends at once), keeps the last administrator, knows no other number",
    async () => {
      const { app, storage } = await open();
      const adminId = await addUser(storage, "admin", "admin");
      const giuntaId = await addUser(storage, "giunta", "giunta");
      const admin = await signIn(app, "admin");
      const giunta = await signIn(app, "giunta");
      expect((await getAs(app, giunta, "/admin/utenti")).status).toBe(403);

      const demoteSelf = await postAs(app, admin, `/admin/utenti/${adminId}`, { role: "analyst" });
      expect(demoteSelf.status).toBe(409);
      expect(demoteSelf.text).toContain("deve restare almeno un amministratore attivo");
      expect(await storage.accounts.byId(adminId)).toMatchObject({ role: "admin", disabled: false });

      expect((await postAs(app, admin, `/admin/utenti/${giuntaId}`, { disabled: "1" })).status).toBe(303);
      const after = await getAs(app, giunta, "/admin");
      expect(after.status).toBe(303);
      expect(after.headers.location).toMatch(/^\/login/);
      expect((await storage.audit.list())[0]).toMatchObject({
        username: "admin",
        action: "utente.modificato",
        target: "giunta",
        details: "disattivato",
      });

      expect((await postAs(app, admin, `/admin/utenti/${giuntaId}`, {})).status).toBe(422);
      for (const id of ["999999", "99999999999", "abc", "1e3"])
        expect((await postAs(app, admin, `/admin/utenti/${id}`, { disabled: "1" })).status, id).toBe(404);
    },
  );
});
