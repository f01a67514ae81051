import type { LoadedSurvey } from "../loader.js";
import { allServices, choicesOf } from "../options.js";
import type { Catalogue, Choice } from "../schema.js";

/** What the choice kinds (single, multi, ranking) share. */
type WithChoices = { choices?: Choice[]; choicesFrom?: "catalogue"; other?: boolean };

/** The values the codebook lists: every service ever in the catalogue (retired ones marked), and «other». */
export function choiceCodebook(
  q: WithChoices,
  catalogue: Catalogue | undefined,
  note: string,
): { values: Choice[]; note: string } {
  const values = q.choices ?? allServices(catalogue);
  const other = q.other ? [{ value: "other", label: { it: "Altro", en: "Other" } }] : [];
  return { values: [...values, ...other], note };
}

/** The categories the report estimates: the choices offered, then «other». */
export function allChoiceValues(q: WithChoices, survey: LoadedSurvey): string[] {
  return [...choicesOf(q, survey.catalogue).map((c) => c.value), ...(q.other ? ["other"] : [])];
}
