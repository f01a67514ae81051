import { hashOf, parseDefinitions } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { DONT_KNOW, VALUE_PATTERN, type Catalogue, type Service, type Text } from "../../surveys/schema.js";
import type { DefinitionPlan, Storage } from "../../storage/types.js";
import { readKnown, type Known } from "./known.service.js";

/**
 * The service catalogue editor. Every change is a new catalogue version; a code, once used
 * in any version, is never removed (a service is retired instead) nor given to another service.
 * Surveys keep the catalogue they were published with and get a new one when next published.
 */
function everyVersion(known: Known): Catalogue[] {
  // A catalogue file is published with its survey: its versions are inside the survey versions too.
  const embedded = known.surveys.flatMap((v) => (v.catalogue ? [v.catalogue] : []));
  const served = known.registry.all().flatMap((s) => (s.catalogue ? [s.catalogue] : []));
  return [...known.catalogues, ...embedded, ...served];
}

/** The highest version of every catalogue known: stored by the editor or published with a survey. */
export function latestCatalogues(known: Known): Map<string, Catalogue> {
  const latest = new Map<string, Catalogue>();
  for (const c of everyVersion(known)) {
    const known = latest.get(c.id);
    if (!known || known.version < c.version) latest.set(c.id, c);
  }
  return new Map([...latest].sort(([a], [b]) => a.localeCompare(b)));
}

/** The latest version of one catalogue, read now. */
export async function findCatalogue(
  storage: Storage,
  registry: SurveyRegistry,
  id: string,
): Promise<Catalogue | undefined> {
  return latestCatalogues(await readKnown(storage, registry)).get(id);
}

/** Codes used in any version of the catalogue, with the name they had there. */
export function codesEverUsed(known: Known, id: string): Map<string, string> {
  const codes = new Map<string, string>();
  for (const c of everyVersion(known).filter((x) => x.id === id))
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
  storage: Storage,
  registry: SurveyRegistry,
  id: string,
  fields: ServiceFields,
  username: string,
  now = new Date(),
): Promise<CatalogueChange | null> {
  return change(storage, registry, id, username, now, (catalogue, known) => {
    const errors = checkFields(fields, catalogue);
    const used = codesEverUsed(known, id).get(fields.code);
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
  storage: Storage,
  registry: SurveyRegistry,
  id: string,
  fields: ServiceFields,
  username: string,
  now = new Date(),
): Promise<CatalogueChange | null> {
  return change(storage, registry, id, username, now, (catalogue) => {
    const service = catalogue.services.find((s) => s.code === fields.code);
    if (!service) return null;
    const errors = checkFields(fields, catalogue);
    if (Object.keys(errors).length) return { errors };
    Object.assign(service, trimmed(fields));
    return { action: "catalogo.servizio.modificato", details: fields.code };
  });
}

export function retireService(
  storage: Storage,
  registry: SurveyRegistry,
  id: string,
  code: string,
  username: string,
  now = new Date(),
): Promise<CatalogueChange | null> {
  return change(storage, registry, id, username, now, (catalogue) => {
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

type Edit = (
  catalogue: Catalogue,
  known: Known,
) => { errors: ServiceErrors } | { action: string; details: string } | null;

/**
 * Applies an edit to a copy of the latest version and stores the result as the next version, in a
 * transaction that takes turns with every other publication: two changes at once make two versions.
 */
function change(
  storage: Storage,
  registry: SurveyRegistry,
  id: string,
  username: string,
  now: Date,
  edit: Edit,
): Promise<CatalogueChange | null> {
  return storage.designer.publish((stored): DefinitionPlan<CatalogueChange | null> => {
    const known: Known = { ...stored, registry };
    const latest = latestCatalogues(known).get(id);
    if (!latest) return { store: false, result: null };
    const next: Catalogue = structuredClone(latest);
    const done = edit(next, known);
    if (!done) return { store: false, result: null };
    if ("errors" in done) return { store: false, result: { ok: false, errors: done.errors } };
    next.version =
      Math.max(
        ...everyVersion(known)
          .filter((c) => c.id === id)
          .map((c) => c.version),
      ) + 1;
    const { definitions, problems } = parseDefinitions(new Map([["catalogo", next]]));
    // The forms check every field; a problem left here is a defect, not an input error.
    if (problems.length) throw new Error(problems.join("\n"));
    const catalogue = definitions.catalogues.get(id)!;
    return {
      store: true,
      result: { ok: true, catalogue },
      version: { kind: "catalogue", catalogue, hash: hashOf(catalogue) },
      audit: { username, action: done.action, target: id, details: `${done.details}; versione ${catalogue.version}` },
    };
  }, now);
}
