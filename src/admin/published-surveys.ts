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
