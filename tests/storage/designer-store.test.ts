import { afterEach, describe, expect, it } from "vitest";
import type { DefinitionPlan, Storage } from "../../src/storage/types.js";
import { newDraft } from "../../src/surveys/draft-survey.js";
import type { Catalogue } from "../../src/surveys/schema.js";
import { usePostgres } from "../helpers/postgres.js";
import { engines, fixtureRegistry } from "./engines.js";

/**
 * The designer's store (storage.designer) on both engines: drafts and their audit lines, the
 * published definitions in one order, a publication stored whole or not at all, and the stamp
 * other nodes compare to learn of a new version.
 */
const server = usePostgres();
const NOW = new Date("2026-04-01T09:00:00.000Z");
const by = (action: string, target: string) => ({ username: "progettista", action, target });

function catalogueVersion(version: number): Catalogue {
  const catalogue = structuredClone(fixtureRegistry().current("prova")!.catalogue!);
  catalogue.version = version;
  return catalogue;
}

/** A plan that stores catalogue `version`, from the draft `fromDraft` if given. */
function storeCatalogue(version: number, fromDraft?: { surveyId: string; json: string }): DefinitionPlan<string> {
  return {
    store: true,
    result: "stored",
    version: { kind: "catalogue", catalogue: catalogueVersion(version), hash: `h${version}` },
    audit: by("catalogo.servizio.aggiunto", "catalogo_prova"),
    fromDraft: fromDraft && { ...fromDraft, otherwise: "draft changed" },
  };
}

describe.each(engines(server))("the designer's store on $name", (engine) => {
  const { available } = engine;
  const open = () => engine.open();
  let storage: Storage | undefined;
  afterEach(async () => {
    await storage?.close();
    storage = undefined;
  });

  it.skipIf(!available)("saves, lists and deletes drafts, each with its audit line", async () => {
    storage = await open();
    const draft = newDraft("zeta", { it: "Zeta", en: "Zeta" }, 1);
    await storage.designer.saveDraft(draft, "progettista", by("progettazione.creato", "zeta"), NOW);
    await storage.designer.saveDraft(
      newDraft("alfa_b", { it: "Alfa", en: "Alfa" }, 1),
      "altra",
      by("progettazione.creato", "alfa_b"),
      NOW,
    );
    draft.title.it = "Zeta cambiata";
    await storage.designer.saveDraft(draft, "altra", by("progettazione.impostazioni", "zeta"), NOW);
    expect(await storage.designer.findDraft("zeta")).toEqual({
      surveyId: "zeta",
      draft,
      updatedAt: NOW.toISOString(),
      updatedBy: "altra",
    });
    // By id, on both engines.
    expect((await storage.designer.listDrafts()).map((d) => d.surveyId)).toEqual(["alfa_b", "zeta"]);
    await storage.designer.deleteDraft("zeta", by("progettazione.bozza_scartata", "zeta"), NOW);
    expect(await storage.designer.findDraft("zeta")).toBeUndefined();
    expect((await storage.audit.list()).map((e) => `${e.action} ${e.target}`)).toEqual([
      "progettazione.bozza_scartata zeta",
      "progettazione.impostazioni zeta",
      "progettazione.creato alfa_b",
      "progettazione.creato zeta",
    ]);
  });

  it.skipIf(!available)(
    "stores a publication whole or not at all, and changes the stamp only when a version is stored",
    async () => {
      storage = await open();
      const empty = await storage.designer.definitionsStamp();
      expect(await storage.designer.publish(() => ({ store: false, result: "nothing" }), NOW)).toBe("nothing");
      expect(await storage.designer.definitionsStamp()).toBe(empty);

      expect(await storage.designer.publish(() => storeCatalogue(2), NOW)).toBe("stored");
      const one = await storage.designer.definitionsStamp();
      expect(one).not.toBe(empty);
      // A number already used: the primary key refuses it, and neither the version nor its audit line is kept.
      const refused: unknown = await storage.designer.publish(() => storeCatalogue(2), NOW).catch((e: unknown) => e);
      const said = `${String(refused)} ${String((refused as { cause?: unknown }).cause)}`;
      expect(said).toMatch(/UNIQUE constraint failed|duplicate key value violates unique constraint/);
      expect(await storage.designer.definitionsStamp()).toBe(one);
      expect((await storage.audit.list()).length).toBe(1);

      // The plan sees what was stored before it.
      const seen = await storage.designer.publish(
        (stored) => ({ store: false, result: stored.catalogues.map((c) => c.version) }),
        NOW,
      );
      expect(seen).toEqual([2]);
    },
  );

  it.skipIf(!available)(
    "publishes from a draft only if the draft is still as it was read, and deletes it with the version",
    async () => {
      storage = await open();
      const draft = newDraft("zeta", { it: "Zeta", en: "Zeta" }, 1);
      await storage.designer.saveDraft(draft, "progettista", by("progettazione.creato", "zeta"), NOW);
      const read = JSON.stringify(draft);
      draft.title.it = "Zeta cambiata da un'altra persona";
      await storage.designer.saveDraft(draft, "altra", by("progettazione.impostazioni", "zeta"), NOW);

      const stale = await storage.designer.publish(() => storeCatalogue(2, { surveyId: "zeta", json: read }), NOW);
      expect(stale).toBe("draft changed");
      expect((await storage.designer.definitions()).catalogues).toEqual([]);
      expect(await storage.designer.findDraft("zeta")).toBeDefined();

      const fresh = JSON.stringify((await storage.designer.findDraft("zeta"))!.draft);
      expect(await storage.designer.publish(() => storeCatalogue(2, { surveyId: "zeta", json: fresh }), NOW)).toBe(
        "stored",
      );
      expect(await storage.designer.findDraft("zeta")).toBeUndefined();
      expect((await storage.designer.definitions()).catalogues.map((c) => c.version)).toEqual([2]);
    },
  );

  it.skipIf(!available)("lists every survey version and catalogue version in (id, version) order", async () => {
    storage = await open();
    const prova = fixtureRegistry().current("prova")!;
    const v2 = { ...prova, definition: { ...prova.definition, version: 2 } };
    await storage.designer.publish(
      () => ({ store: true, result: 0, version: { kind: "survey", survey: v2 }, audit: by("q", "prova") }),
      NOW,
    );
    await storage.surveys.publish([prova], NOW);
    await storage.designer.publish(() => storeCatalogue(3), NOW);
    await storage.designer.publish(() => storeCatalogue(2), NOW);
    const { surveys, catalogues } = await storage.designer.definitions();
    expect(surveys.map((v) => `${v.definition.id} ${v.definition.version}`)).toEqual(["prova 1", "prova 2"]);
    expect(surveys[1]).toMatchObject({ catalogue: { id: "catalogo_prova" }, publishedAt: NOW.toISOString() });
    expect(catalogues.map((c) => c.version)).toEqual([2, 3]);
  });
});
