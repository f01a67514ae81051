import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { enteFromRow } from "../../src/ente/load.js";
import { createEngineTestApp, SHIPPED_SURVEYS, type EngineApp } from "../helpers/app.js";
import { addUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";

/**
 * The «Ente» page, the stemma's upload and «Primi passi» over real HTTP on both engines: the same app
 * on SQLite and on a real PostgreSQL (as `DATABASE_URL=postgres://… npm start` runs it).
 */
const server = usePostgres();
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

/** The shipped example's values with some changed (what an administrator would send). */
function enteForm(changes: Record<string, string> = {}): Record<string, string> {
  const { example: _e, stemmaType: _t, stemmaVersion: _v, ...fields } = enteFromRow(undefined);
  return { ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])), ...changes };
}

describe.each(ENGINES)("the ente on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const openAsAdmin = async () => {
    t = await createEngineTestApp(name, () => server().createDatabase(), SHIPPED_SURVEYS);
    await addUser(t.storage, "admin", "admin");
    return { ...t, admin: await signIn(t.app, "admin") };
  };

  it.skipIf(!available)(
    "saves another comune's data (refusing bad values, storing nothing), shown at once in the notice; audited",
    async () => {
      const { app, storage, admin } = await openAsAdmin();
      expect((await getAs(app, admin, "/admin/ente")).status).toBe(200);
      const bad = await postAs(app, admin, "/admin/ente", enteForm({ name: "Comune di Senago", pec: "non una pec" }));
      expect(bad.status).toBe(422);
      expect((await storage.ente.load()).name).not.toBe("Comune di Senago");

      const saved = await postAs(app, admin, "/admin/ente", enteForm({ name: "Comune di Senago", ipaCode: "c_i602" }));
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe("/admin/ente?salvato=1");
      expect(await storage.ente.load()).toMatchObject({ name: "Comune di Senago", example: false });
      expect((await request(app).get("/s/cittadini")).text).toContain("Il titolare è il Comune di Senago");
      expect((await storage.audit.list())[0]).toMatchObject({
        username: "admin",
        action: "ente.modificato",
        details: "nome Comune di Senago; IPA c_i602",
      });
    },
  );

  it.skipIf(!available)(
    "takes a stemma (not a file that is no image, nor one too large), serves it, and removes it",
    async () => {
      const { app, storage, admin } = await openAsAdmin();
      const upload = (image: Buffer, file: string) =>
        request(app)
          .post("/admin/ente/stemma")
          .set("Cookie", admin.cookie)
          .field("_csrf", admin.csrf)
          .attach("stemma", image, file);
      expect((await upload(Buffer.from("<script>alert(1)</script>"), "s.png")).status).toBe(422);
      const big = await upload(Buffer.concat([PNG, Buffer.alloc(300 * 1024)]), "big.png");
      expect(big.status).toBe(413);
      expect(big.text).toContain("supera 200 KB");
      expect((await request(app).get("/ente/stemma")).status).toBe(404);

      expect((await upload(PNG, "stemma.png")).status).toBe(303);
      const img = await request(app).get("/ente/stemma");
      expect(img.status).toBe(200);
      expect(img.headers["content-type"]).toBe("image/png");
      expect(Buffer.compare(img.body as Buffer, PNG)).toBe(0);
      expect((await storage.ente.load()).example).toBe(true);

      expect((await postAs(app, admin, "/admin/ente/stemma", { remove: "1" })).status).toBe(303);
      expect((await request(app).get("/ente/stemma")).status).toBe(404);
      expect((await storage.audit.list()).slice(0, 2).map((e) => e.details)).toEqual([
        "rimosso",
        `image/png, ${PNG.length} byte`,
      ]);
    },
  );

  it.skipIf(!available)("lists in «Primi passi» what is done and what is still to do", async () => {
    const { app, admin } = await openAsAdmin();
    let page = (await getAs(app, admin, "/admin/primi-passi")).text;
    expect(page).toContain("Sono ancora i valori di esempio del Comune di Limbiate");
    expect(page).toContain("Margini dall&#39;anagrafe per «");
    expect(page).toContain("I margini in uso sono illustrativi");
    expect(page).toContain("Informativa privacy e testi di «");
    await postAs(app, admin, "/admin/ente", enteForm({ dpoEmail: "" }));
    page = (await getAs(app, admin, "/admin/primi-passi")).text;
    expect(page).toContain("Manca «E-mail dell&#39;RPD».");
    await postAs(app, admin, "/admin/ente", enteForm());
    page = (await getAs(app, admin, "/admin/primi-passi")).text;
    expect(page).not.toContain("Manca «");
    expect(page).not.toContain("Sono ancora i valori di esempio");
  });
});
