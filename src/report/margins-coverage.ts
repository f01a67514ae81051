import type { MarginTargets } from "../analysis/index.js";

/**
 * The answers of each weighting question that no census category covers (e.g. sex «altro»: the
 * anagrafe records only F and M). Not an error: whoever gives them is split across the compatible
 * census categories in proportion to the census counts, and the administrator should know which they are.
 */
export function uncoveredChoices(
  targets: MarginTargets,
  choicesByVariable: ReadonlyMap<string, ReadonlySet<string>>,
): { variable: string; question: string; values: string[] }[] {
  const out: { variable: string; question: string; values: string[] }[] = [];
  for (const [variable, cats] of Object.entries(targets)) {
    const parts = variable.split("*");
    parts.forEach((part, k) => {
      const covered = new Set(Object.keys(cats).map((c) => c.split("*")[k]));
      const missing = [...(choicesByVariable.get(part) ?? [])].filter((v) => !covered.has(v));
      if (missing.length) out.push({ variable, question: part, values: missing });
    });
  }
  return out;
}
