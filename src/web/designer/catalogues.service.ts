import type { Db } from "../../db/client.js";
import { hashOf, parseDefinitions } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { DONT_KNOW, VALUE_PATTERN, type Catalogue, type Service, type Text } from "../../surveys/schema.js";
import { audit } from "../../audit/audit.service.js";
import { insertCatalogueVersion, listCatalogueVersions, listEmbeddedCatalogues } from "./versions.repository.js";

/**
 * The service catalogue editor. Every change is a new catalogue version; a code, once used
 * in any version, is never removed (a service is retired instead) nor given to another service.
 * Surveys keep the catalogue they were published with and get a new one when next published.
 */
function everyVersion(db: Db, registry: SurveyRegistry): Catalogue[] {
  const served = registry.all().flatMap((s) => (s.catalogue ? [s.catalogue] : []));
  return [...listCatalogueVersions(db), ...listEmbeddedCatalogues(db), ...served];
}

/** The highest version of every catalogue known: stored by the editor or published with a survey. */
export function latestCatalogues(db: Db, registry: SurveyRegistry): Map<string, Catalogue> {
  const latest = new Map<string, Catalogue>();
  for (const c of everyVersion(db, registry)) {
    const known = latest.get(c.id);
    if (!known || known.version < c.version) latest.set(c.id, c);
  }
  return new Map([...latest].sort(([a], [b]) => a.localeCompare(b)));
}

export function findCatalogue(db: Db, registry: SurveyRegistry, id: string): Catalogue | undefined {
  return latestCatalogues(db, registry).get(id);
}

/** Codes used in any version of the catalogue, with the name they had there. */
export function codesEverUsed(db: Db, registry: SurveyRegistry, id: string): Map<string, string> {
  const codes = new Map<string, string>();
  for (const c of everyVersion(db, registry).filter((x) => x.id === id))
    for (const s of c.services) codes.set(s.code, s.name.it);
  return codes;
}

export interface ServiceFields {
  code: string;
  name: Text;
  description: Text;
  owner: Text;
  area: string;
}

export type ServiceErrors = Partial<
  Record<
    "code" | "name.it" | "name.en" | "description.it" | "description.en" | "owner.it" | "owner.en" | "area",
    string
  >
>;

export type CatalogueChange = { ok: true; catalogue: Catalogue } | { ok: false; errors: ServiceErrors };

function checkFields(fields: ServiceFields, catalogue: Catalogue): ServiceErrors {
  const errors: ServiceErrors = {};
  for (const key of ["name", "description", "owner"] as const) {
    for (const lang of ["it", "en"] as const)
      if (!fields[key][lang].trim())
        errors[`${key}.${lang}`] = lang === "it" ? "Scriva il testo in italiano." : "Scriva il testo in inglese.";
  }
  if (!catalogue.areas.some((a) => a.value === fields.area)) errors.area = "Scelga una delle aree del catalogo.";
  return errors;
}

export function addService(
  db: Db,
  registry: SurveyRegistry,
  id: string,
  fields: ServiceFields,
  username: string,
  now = new Date(),
): CatalogueChange | null {
  return change(db, registry, id, username, now, (catalogue) => {
    const errors = checkFields(fields, catalogue);
    const used = codesEverUsed(db, registry, id).get(fields.code);
    if (!VALUE_PATTERN.test(fields.code) || fields.code === DONT_KNOW)
      errors.code = "Il codice usa solo lettere minuscole, cifre e _ (ad esempio «cambio_residenza»).";
    else if (used !== undefined)
      errors.code = `Il codice «${fields.code}» è già stato usato per «${used}»: un codice non si riusa mai, nemmeno dopo il ritiro. Scelga un codice nuovo.`;
    if (Object.keys(errors).length) return { errors };
    catalogue.services.push({ ...trimmed(fields), retired: false });
    return { action: "catalogo.servizio.aggiunto", details: fields.code };
  });
}

export function renameService(
  db: Db,
  registry: SurveyRegistry,
  id: string,
  fields: ServiceFields,
  username: string,
  now = new Date(),
): CatalogueChange | null {
  return change(db, registry, id, username, now, (catalogue) => {
    const service = catalogue.services.find((s) => s.code === fields.code);
    if (!service) return null;
    const errors = checkFields(fields, catalogue);
    if (Object.keys(errors).length) return { errors };
    Object.assign(service, trimmed(fields));
    return { action: "catalogo.servizio.modificato", details: fields.code };
  });
}

export function retireService(
  db: Db,
  registry: SurveyRegistry,
  id: string,
  code: string,
  username: string,
  now = new Date(),
): CatalogueChange | null {
  return change(db, registry, id, username, now, (catalogue) => {
    const service = catalogue.services.find((s) => s.code === code);
    if (!service) return null;
    if (service.retired) return { errors: { code: "Il servizio è già ritirato." } };
    service.retired = true;
    return { action: "catalogo.servizio.ritirato", details: code };
  });
}

function trimmed(fields: ServiceFields): Omit<Service, "retired"> {
  const t = (x: Text): Text => ({ it: x.it.trim(), en: x.en.trim() });
  return {
    code: fields.code,
    name: t(fields.name),
    description: t(fields.description),
    owner: t(fields.owner),
    area: fields.area,
  };
}

type Edit = (catalogue: Catalogue) => { errors: ServiceErrors } | { action: string; details: string } | null;

/** Applies an edit to a copy of the latest version and stores the result as the next version. */
function change(
  db: Db,
  registry: SurveyRegistry,
  id: string,
  username: string,
  now: Date,
  edit: Edit,
): CatalogueChange | null {
  return db.transaction(
    (tx) => {
      const latest = findCatalogue(tx, registry, id);
      if (!latest) return null;
      const next: Catalogue = structuredClone(latest);
      const done = edit(next);
      if (!done) return null;
      if ("errors" in done) return { ok: false, errors: done.errors } as const;
      next.version =
        Math.max(
          ...everyVersion(tx, registry)
            .filter((c) => c.id === id)
            .map((c) => c.version),
        ) + 1;
      const { definitions, problems } = parseDefinitions(new Map([["catalogo", next]]));
      // The forms check every field; a problem left here is a defect, not an input error.
      if (problems.length) throw new Error(problems.join("\n"));
      const stored = definitions.catalogues.get(id)!;
      insertCatalogueVersion(tx, stored, hashOf(stored), now);
      audit(
        tx,
        { username, action: done.action, target: id, details: `${done.details}; versione ${stored.version}` },
        now,
      );
      return { ok: true, catalogue: stored } as const;
    },
    { behavior: "immediate" },
  );
}
