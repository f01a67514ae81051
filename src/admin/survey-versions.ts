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
