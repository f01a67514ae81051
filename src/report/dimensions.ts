import type { LoadedSurvey } from "../surveys/loader.js";
import { allQuestions } from "../surveys/options.js";
import { DIMENSION_TEXTS, type Dimension } from "../surveys/vocabulary.js";

/**
 * The census dimensions the report treats specially: the area (the design's strata, a filter, the
 * sample status by area), the age band (a filter) and sex. The report finds each through the
 * questionnaire, by the `analysis.dimension` of a weighting question, and never by a variable's name:
 * another comune's questionnaire may call them anything. A questionnaire without them still has a
 * report, without strata by area and without those filters.
 */
export interface DimensionVariable {
  dimension: Dimension;
  /** The margin variable (`analysis.variable`), which is also the filter's query parameter. */
  variable: string;
  /** How the report names it («Quartiere»). */
  label: string;
}

/** The census dimensions the questionnaire marks, in the order area, age, sex. */
export function dimensionsOf(survey: LoadedSurvey): DimensionVariable[] {
  const marked = new Map<Dimension, string>();
  for (const q of allQuestions(survey.definition)) {
    if (q.analysis?.role === "weighting" && q.analysis.dimension && q.analysis.variable)
      marked.set(q.analysis.dimension, q.analysis.variable);
  }
  return (Object.keys(DIMENSION_TEXTS) as Dimension[]).flatMap((d) => {
    const variable = marked.get(d);
    return variable ? [{ dimension: d, variable, label: DIMENSION_TEXTS[d].it }] : [];
  });
}

/** The margin variable of the area, the strata of the survey design; "" when the questionnaire has none (one stratum). */
export function areaVariableOf(survey: LoadedSurvey): string {
  return dimensionsOf(survey).find((d) => d.dimension === "area")?.variable ?? "";
}

/** Margin variable → its name in the report («Fascia d'età»), for the dimensions the questionnaire marks. */
export function variableLabelsOf(survey: LoadedSurvey): Record<string, string> {
  return Object.fromEntries(dimensionsOf(survey).map((d) => [d.variable, d.label]));
}
