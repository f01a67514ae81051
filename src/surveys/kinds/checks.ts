import { choicesOf } from "../options.js";
import type { Choice } from "../schema.js";
import type { CheckInput } from "./kind.js";

/** The check or compatibility rule of a kind that has nothing to add to the schema and the common rules. */
export function noCheck(): void {}

export function checkUnique(choices: Choice[], path: string, report: CheckInput["report"]): void {
  const seen = new Set<string>();
  for (const c of choices) {
    if (seen.has(c.value)) report(path, `il valore "${c.value}" è ripetuto`);
    seen.add(c.value);
  }
}

/** A choice kind lists its choices or takes them from the catalogue (exactly one), all distinct; returns them. */
export function checkChoices(
  q: { choices?: Choice[]; choicesFrom?: "catalogue" },
  { path, survey, catalogue, report }: CheckInput,
): Choice[] {
  if (!q.choices === !q.choicesFrom) report(path, "indicare esattamente uno tra choices e choicesFrom");
  if (q.choicesFrom && !survey.catalogue) report(`${path}.choicesFrom`, "il questionario non indica un catalogo");
  const choices = choicesOf(q, catalogue);
  checkUnique(choices, `${path}.choices`, report);
  return choices;
}
