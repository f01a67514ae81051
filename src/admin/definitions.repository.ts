import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { definitions } from "../db/schema.js";
import { hashOf, type LoadedSurvey } from "../surveys/loader.js";
import { catalogueSchema, surveySchema } from "../surveys/schema.js";

export class PublishedVersionChanged extends Error {
  constructor(
    readonly file: string,
    readonly surveyId: string,
    readonly version: number,
  ) {
    super(
      `${file}: la versione ${version} del questionario "${surveyId}" è già stata pubblicata con un contenuto diverso. ` +
        `Le risposte raccolte si riferiscono a quella versione: per modificare il questionario aumenti "version".`,
    );
    this.name = "PublishedVersionChanged";
  }
}

/**
 * Records each published survey version (with the catalogue it uses) the first time it is
 * seen, and refuses a version whose content changed under the same number.
 */
export function publishSurveys(db: Db, surveys: LoadedSurvey[], now = new Date()): void {
  db.transaction((tx) => {
    for (const s of surveys) {
      if (s.definition.status === "draft") continue;
      const { id, version } = s.definition;
      const known = tx
        .select({ hash: definitions.hash })
        .from(definitions)
        .where(and(eq(definitions.kind, "survey"), eq(definitions.id, id), eq(definitions.version, version)))
        .get();
      if (known && known.hash !== s.hash) throw new PublishedVersionChanged(s.file, id, version);
      if (!known) {
        tx.insert(definitions)
          .values({
            kind: "survey",
            id,
            version,
            hash: s.hash,
            json: JSON.stringify({ definition: s.definition, catalogue: s.catalogue }),
            publishedAt: now.toISOString(),
          })
          .run();
      }
    }
  });
}

/** Every version ever published, so drafts and responses of older versions can still be read. */
export function readPublishedSurveys(db: Db): LoadedSurvey[] {
  return db.select().from(definitions).where(eq(definitions.kind, "survey")).all().map(publishedSurvey);
}

/** A stored version (a row of either engine) as the registry takes it. */
export function publishedSurvey(row: { json: string; version: number; publishedAt: string }): LoadedSurvey {
  const stored = JSON.parse(row.json) as { definition: unknown; catalogue?: unknown };
  const definition = surveySchema.parse(stored.definition);
  const catalogue = stored.catalogue ? catalogueSchema.parse(stored.catalogue) : undefined;
  const hash = hashOf({ definition, catalogue });
  return {
    definition,
    catalogue,
    hash,
    file: `(versione ${row.version} pubblicata il ${row.publishedAt.slice(0, 10)})`,
  };
}
