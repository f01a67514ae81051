import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { definitions } from "../../db/schema.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { Catalogue, SurveyDefinition } from "../../surveys/schema.js";

/**
 * Published versions as the designer and the catalogue editor need them. Rows of
 * `definitions` are only ever inserted: a published version never changes.
 */
export interface StoredSurveyVersion {
  definition: SurveyDefinition;
  catalogue?: Catalogue;
  publishedAt: string;
}

/** Every published version of one survey, oldest first, exactly as stored. */
export function listSurveyVersions(db: Db, surveyId: string): StoredSurveyVersion[] {
  return db
    .select()
    .from(definitions)
    .where(and(eq(definitions.kind, "survey"), eq(definitions.id, surveyId)))
    .orderBy(definitions.version)
    .all()
    .map((row) => ({
      ...(JSON.parse(row.json) as { definition: SurveyDefinition; catalogue?: Catalogue }),
      publishedAt: row.publishedAt,
    }));
}

/** Ids of every survey that has at least one published version. */
export function listPublishedSurveyIds(db: Db): string[] {
  return db
    .selectDistinct({ id: definitions.id })
    .from(definitions)
    .where(eq(definitions.kind, "survey"))
    .all()
    .map((r) => r.id);
}

/** Stores a new survey version; the primary key refuses a number already used. */
export function insertSurveyVersion(db: Db, survey: LoadedSurvey, now: Date): void {
  const { id, version } = survey.definition;
  db.insert(definitions)
    .values({
      kind: "survey",
      id,
      version,
      hash: survey.hash,
      json: JSON.stringify({ definition: survey.definition, catalogue: survey.catalogue }),
      publishedAt: now.toISOString(),
    })
    .run();
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

/** Catalogues embedded in published survey versions (a catalogue file is published with its survey). */
export function listEmbeddedCatalogues(db: Db): Catalogue[] {
  return db
    .select({ json: definitions.json })
    .from(definitions)
    .where(eq(definitions.kind, "survey"))
    .all()
    .flatMap((row) => {
      const stored = JSON.parse(row.json) as { catalogue?: Catalogue };
      return stored.catalogue ? [stored.catalogue] : [];
    });
}

export function insertCatalogueVersion(db: Db, catalogue: Catalogue, hash: string, now: Date): void {
  db.insert(definitions)
    .values({
      kind: "catalogue",
      id: catalogue.id,
      version: catalogue.version,
      hash,
      json: JSON.stringify(catalogue),
      publishedAt: now.toISOString(),
    })
    .run();
}
