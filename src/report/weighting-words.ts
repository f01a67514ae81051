import type { LoadedSurvey } from "../surveys/loader.js";
import type { Report } from "./contract.js";
import { variableLabelsOf } from "./dimensions.js";
import { weightingChoices } from "./margins-source.js";
import type { Helpers } from "./view.js";

/**
 * The census margins of a report in words, from the report itself (its sample table), so that a comune
 * weighting by other variables reads its own: «fascia d'età per sesso e quartiere» for the margins,
 * «fascia d'età, sesso e quartiere» for the variables they fix. Empty without margins.
 */
export function weightingWords(report: Report, h: Helpers): { margins: string; variables: string } {
  const margins = [...new Set(report.sample.map((r) => r.variable))];
  const variables = [...new Set(margins.flatMap((v) => v.split("*")))];
  return { margins: inWords(margins.map(h.variableWords)), variables: inWords(variables.map(h.variableWords)) };
}

/**
 * The variables a questionnaire is weighted by, in words and in question order, before any report
 * exists: «fascia d'età, sesso e quartiere» for Limbiate's. A census dimension reads as the report
 * names it, another variable as its code (as the report prints it); a questionnaire without weighting
 * questions reads «le variabili di ponderazione del questionario», so the sentence still stands.
 */
export function surveyWeightingWords(survey: LoadedSurvey): string {
  const names = variableLabelsOf(survey);
  const words = inWords([...weightingChoices(survey).keys()].map((v) => inSentence(names[v] ?? v)));
  return words || "le variabili di ponderazione del questionario";
}

/** A name as it reads inside a sentence: «Fascia d'età» → «fascia d'età», but «ASL» stays «ASL». */
export function inSentence(name: string): string {
  return /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

/** «a», «a e b», «a, b e c». */
function inWords(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} e ${items[items.length - 1]}`;
}
