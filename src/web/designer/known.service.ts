import type { StoredDefinitions } from "../../admin/survey-versions.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import type { Storage } from "../../storage/types.js";

/**
 * What the designer's checks read, once per request (or inside a publication's transaction, where
 * they see every version stored before): every stored definition, and the registry for the versions
 * served from the survey files. The checks themselves stay synchronous over it.
 */
export interface Known extends StoredDefinitions {
  registry: SurveyRegistry;
}

export async function readKnown(storage: Storage, registry: SurveyRegistry): Promise<Known> {
  return { ...(await storage.designer.definitions()), registry };
}
