import type { Report } from "./contract.js";
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

/** «a», «a e b», «a, b e c». */
function inWords(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} e ${items[items.length - 1]}`;
}
