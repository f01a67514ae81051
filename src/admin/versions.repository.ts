import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { definitions } from "../db/schema.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Catalogue, SurveyDefinition } from "../surveys/schema.js";

/**
 * Published versions as the designer and the catalogue editor need them. Rows of
 * `definitions` are only ever inserted: a published version never changes.
 */
export interface StoredSurveyVersion {
  definition: SurveyDefinition;
  catalogue?: Catalogue;
  publishedAt: string;
}

/** Every definition stored: each survey's versions and the catalogue editor's versions, oldest first by id. */
export interface StoredDefinitions {
  surveys: StoredSurveyVersion[];
  catalogues: Catalogue[];
}

/** A new version to store: a survey (with its catalogue) or a catalogue from the editor. */
export type NewDefinition =
  { kind: "survey"; survey: LoadedSurvey } | { kind: "catalogue"; catalogue: Catalogue; hash: string };

/** A `definitions` row of either engine as the designer reads it. */
export function toSurveyVersion(row: { json: string; publishedAt: string }): StoredSurveyVersion {
  return {
    ...(JSON.parse(row.json) as { definition: SurveyDefinition; catalogue?: Catalogue }),
    publishedAt: row.publishedAt,
  };
}

/** The row a new version is stored as, on either engine. */
export function definitionRow(version: NewDefinition, now: Date) {
  const publishedAt = now.toISOString();
  if (version.kind === "catalogue") {
    const { catalogue, hash } = version;
    return {
      kind: "catalogue" as const,
      id: catalogue.id,
      version: catalogue.version,
      hash,
      json: JSON.stringify(catalogue),
      publishedAt,
    };
  }
  const { definition, catalogue, hash } = version.survey;
  return {
    kind: "survey" as const,
    id: definition.id,
    version: definition.version,
    hash,
    json: JSON.stringify({ definition, catalogue }),
    publishedAt,
  };
}

/** Every published version of one survey, oldest first, exactly as stored. */
export function listSurveyVersions(db: Db, surveyId: string): StoredSurveyVersion[] {
  return db
    .select()
    .from(definitions)
    .where(and(eq(definitions.kind, "survey"), eq(definitions.id, surveyId)))
    .orderBy(definitions.version)
    .all()
    .map(toSurveyVersion);
}

/** Every catalogue version stored by the catalogue editor, oldest first. */
export function listCatalogueVersions(db: Db): Catalogue[] {
  return db
    .select({ json: definitions.json })
    .from(definitions)
    .where(eq(definitions.kind, "catalogue"))
    .orderBy(definitions.id, definitions.version)
    .all()
    .map((row) => JSON.parse(row.json) as Catalogue);
}

/** Every survey version and every catalogue version, each list in (id, version) order. */
export function readDefinitions(db: Db): StoredDefinitions {
  const surveys = db
    .select({ json: definitions.json, publishedAt: definitions.publishedAt })
    .from(definitions)
    .where(eq(definitions.kind, "survey"))
    .orderBy(definitions.id, definitions.version)
    .all()
    .map(toSurveyVersion);
  return { surveys, catalogues: listCatalogueVersions(db) };
}

/** Stores a new version; the primary key refuses a number already used. */
export function insertDefinition(db: Db, version: NewDefinition, now: Date): void {
  db.insert(definitions).values(definitionRow(version, now)).run();
}

/** Changes whenever a version is stored: how many there are and the latest date (rows are never changed nor deleted). */
export function definitionsStamp(db: Db): string {
  const row = db
    .select({ n: sql<number>`count(*)`, latest: sql<string | null>`max(${definitions.publishedAt})` })
    .from(definitions)
    .get();
  return `${row?.n ?? 0} ${row?.latest ?? ""}`;
}
