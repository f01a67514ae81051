import { AnalysisError } from "./errors.js";
import { checkMarginTotals, type CompiledMargins, type MarginTargets } from "./ipf.js";

/**
 * The sample as fragments: a respondent whose category of a margin is known is one fragment; one whose
 * category is unknown or outside the census (sex «altro», quartiere not given) is split across the census
 * categories compatible with what is known, in proportion to the census counts. Raking works on the
 * fragments; a respondent's weight is the sum of its fragments' weights, so nobody is weighted out.
 */
export interface Fragments {
  /** The margins over fragments: codes[v][f] is fragment f's category of margin v (never -1). */
  margins: CompiledMargins;
  /** person[f]: the respondent fragment f belongs to. */
  person: Int32Array;
  /** fraction[f]: the share of its respondent that fragment f carries (each respondent's fractions sum to 1). */
  fraction: Float64Array;
  /** Respondents (units). */
  persons: number;
  /** known[v][c]: respondents whose category of margin v is known to be c. */
  known: Int32Array[];
}

/** Categories of margin v compatible with what a unit says, with their census shares among them. */
function compatible(
  unit: Record<string, string>,
  variable: string,
  cats: string[],
  targets: Record<string, number>,
): { codes: number[]; shares: number[]; exact: boolean } {
  const parts = variable.split("*");
  const direct =
    unit[variable] ??
    (parts.length > 1 && parts.every((p) => unit[p] !== undefined) ? parts.map((p) => unit[p]).join("*") : undefined);
  const exactIndex = direct === undefined ? -1 : cats.indexOf(direct);
  if (exactIndex >= 0) return { codes: [exactIndex], shares: [1], exact: true };
  const split = cats.map((c) => c.split("*"));
  const partValues = parts.map((_, k) => new Set(split.map((s) => s[k])));
  const codes: number[] = [];
  for (let j = 0; j < cats.length; j++) {
    // A part is known when the unit gives it and it is one of the census values of that part.
    const ok = parts.every((p, k) => {
      const value = unit[p];
      return value === undefined || !partValues[k].has(value) || split[j][k] === value;
    });
    if (ok) codes.push(j);
  }
  const total = codes.reduce((s, j) => s + targets[cats[j]], 0);
  const shares = codes.map((j) => (total > 0 ? targets[cats[j]] / total : 1 / codes.length));
  return { codes, shares, exact: false };
}

/** True when two margin categories agree on every variable they share (`eta*sesso` = 30_44*F and `sesso` = F). */
function consistent(chosen: { parts: string[]; values: string[] }[]): boolean {
  const seen = new Map<string, string>();
  for (const { parts, values } of chosen) {
    for (let k = 0; k < parts.length; k++) {
      const prior = seen.get(parts[k]);
      if (prior !== undefined && prior !== values[k]) return false;
      seen.set(parts[k], values[k]);
    }
  }
  return true;
}

/** How one unit splits across the margins' categories: its options per variable and their combinations. */
interface UnitSplit {
  options: ReturnType<typeof compatible>[];
  combos: { codes: number[]; share: number }[];
  total: number;
}

/** Checks the margins' totals and splits every unit into fragments (see Fragments). */
export function expandFragments(units: ReadonlyArray<Record<string, string>>, targets: MarginTargets): Fragments {
  const { variables, totals } = checkMarginTotals(targets);
  const first = totals[0];
  const categories = variables.map((v) => Object.keys(targets[v]));
  const partsOf = variables.map((v) => v.split("*"));
  const codes: number[][] = variables.map(() => []);
  const person: number[] = [];
  const fraction: number[] = [];
  const known = categories.map((c) => new Int32Array(c.length));
  // The split of a unit depends only on its categories: units sharing one categories object (as the
  // report's citizens with the same weighting answers do) share its split, computed once.
  const splits = new Map<Readonly<Record<string, string>>, UnitSplit>();
  units.forEach((unit, i) => {
    let split = splits.get(unit);
    if (!split) splits.set(unit, (split = splitUnit(unit, i)));
    split.options.forEach((o, k) => {
      if (o.exact) known[k][o.codes[0]]++;
    });
    const { combos, total } = split;
    for (const combo of combos) {
      combo.codes.forEach((c, v) => codes[v].push(c));
      person.push(i);
      fraction.push(combos.length === 1 ? 1 : combo.share / total);
    }
  });

  function splitUnit(unit: Readonly<Record<string, string>>, i: number): UnitSplit {
    const options = variables.map((v, k) => compatible(unit, v, categories[k], targets[v]));
    // Every combination of compatible categories that agrees on shared variables, weighted by the
    // product of the census shares and renormalised.
    let combos: { codes: number[]; share: number }[] = [{ codes: [], share: 1 }];
    options.forEach((o, k) => {
      const next: { codes: number[]; share: number }[] = [];
      for (const combo of combos) {
        o.codes.forEach((j, m) => {
          const chosen = [...combo.codes, j].map((c, v) => ({
            parts: partsOf[v],
            values: categories[v][c].split("*"),
          }));
          if (k > 0 && !consistent(chosen)) return;
          next.push({ codes: [...combo.codes, j], share: combo.share * o.shares[m] });
        });
      }
      combos = next;
    });
    const total = combos.reduce((s, c) => s + c.share, 0);
    if (combos.length === 0 || !(total > 0)) {
      throw new AnalysisError("MISSING_CATEGORY", `Respondent ${i} fits no combination of the margins' categories`, {
        unit: i,
      });
    }
    return { options, combos, total };
  }
  const margins: CompiledMargins = {
    variables,
    categories,
    codes: codes.map((c) => Int32Array.from(c)),
    // Totals within 0.1 % are rounding in the census tables: scale each margin to the first one's total.
    targets: variables.map((v, k) => Float64Array.from(categories[k], (c) => (targets[v][c] * first) / totals[k])),
    units: person.length,
  };
  return {
    margins,
    person: Int32Array.from(person),
    fraction: Float64Array.from(fraction),
    persons: units.length,
    known,
  };
}
