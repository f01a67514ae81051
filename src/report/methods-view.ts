import type { Report } from "./contract.js";
import type { CriterionText } from "./ranking-view.js";
import type { Helpers } from "./view.js";
import { weightingWords } from "./weighting-words.js";

/** The weighting paragraph when the answers are raked to the census margins. */
export interface RakingText {
  /** The margins raked to, as words: «fascia d'età per sesso e quartiere». */
  margins: string;
  /** What the raking fixes at the census values, as the start of a sentence: «Fascia d'età, sesso e quartiere». */
  fixed: string;
  /** The margins file, «, illustrativo» after it for example figures. */
  file: string;
  illustrative: string;
  /** Whether the raking converged, and in how many iterations. */
  convergence: string;
  /** « (12 persone ripartite così)» as HTML, or «» when nobody was split. */
  fractionalHtml: string;
  /** The bounds on the weights and whether they hold, or that there are none. */
  bounds: string;
  maxRatio: string;
  minRatio: string;
  deffHtml: string;
  effectiveNHtml: string;
  minEffectiveN: number;
  /** Where the margins come from, or null when the file does not say. */
  source: string | null;
}

/** What views/report/methods.ejs prints: the settings and the figures of the method, every text ready. */
export interface MethodsView {
  /** The raking's paragraph, or null when the answers are not weighted. */
  raking: RakingText | null;
  /** Why the answers are not weighted («» when the report gives no reason). */
  unweighted: string;
  /** The view is filtered (a filtered view keeps the whole sample's weights). */
  filtered: boolean;
  criteria: { name: string; definition: string; weight: string }[];
  gate: string;
  topK: number;
  replicates: string;
  /** How each replicate draws the citizens: «separatamente per quartiere», or among all of them. */
  citizenResampling: string;
  seed: number;
  maxNoise: number;
  minView: number;
  excludeFlagged: string;
  generated: string;
  surveyTitle: string;
  surveyVersion: number;
}

export function methodsView(report: Report, h: Helpers, criteria: readonly CriterionText[]): MethodsView {
  const s = report.settings;
  const w = report.weighting;
  const m = report.margins;
  const words = weightingWords(report, h);
  return {
    raking:
      w.method === "raking"
        ? {
            margins: words.margins,
            fixed: capitalised(words.variables),
            file: m?.file ?? "",
            illustrative: m?.illustrative ? ", illustrativo" : "",
            convergence: w.converged
              ? `La ponderazione è arrivata a convergenza in ${w.iterations} iterazioni.`
              : "La ponderazione non è arrivata a convergenza.",
            fractionalHtml: w.fractionalUnits ? ` (${h.answers(w.fractionalUnits, "persone")} ripartite così)` : "",
            bounds: w.bounds
              ? `I pesi sono calibrati entro ${h.num(w.bounds.lower, 2)} e ${h.num(w.bounds.upper, 1)} volte il peso medio (raking con limiti, senza tagli successivi): ${
                  w.boundsMet
                    ? "i limiti e i margini sono rispettati insieme."
                    : "i limiti non si possono rispettare insieme ai margini, quindi i pesi sono calcolati senza limiti."
                }`
              : "I pesi non sono limitati.",
            maxRatio: h.num(w.maxWeightRatio, 2),
            minRatio: h.num(w.minWeightRatio, 2),
            deffHtml: h.value(w.deff, (v) => h.num(v, 2)),
            effectiveNHtml: h.count(Math.round(w.effectiveN ?? 0)),
            minEffectiveN: w.minEffectiveN,
            source: m?.source || null,
          }
        : null,
    unweighted: w.problem || "",
    filtered: Boolean(Object.keys(report.filters.groups).length || report.filters.channel),
    criteria: criteria.map((c) => ({
      name: c.name,
      definition: c.definition,
      weight: h.num(s.criteriaWeights[c.key as keyof typeof s.criteriaWeights], 3),
    })),
    gate: h.pct(s.gateThreshold, 0),
    topK: s.topK,
    replicates: h.int(s.replicates),
    // «Separatamente per» agrees with any noun (quartiere, frazione, zona), unlike «ciascun».
    citizenResampling: w.strata
      ? `separatamente per ${h.variableWords(w.strata)}`
      : "come un unico gruppo (il questionario non indica una zona del comune)",
    seed: s.seed,
    maxNoise: report.disclosure ? report.disclosure.maxNoise : 5,
    minView: report.disclosure ? report.disclosure.minView : 20,
    excludeFlagged: s.excludeFlagged
      ? "In questo rapporto sono escluse dalle stime."
      : "In questo rapporto restano nelle stime.",
    generated: h.when(report.generatedAt),
    surveyTitle: report.survey.title.it,
    surveyVersion: report.survey.version,
  };
}

function capitalised(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
