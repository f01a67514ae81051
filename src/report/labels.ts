import { kindOf } from "../surveys/kinds/index.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { allQuestions } from "../surveys/options.js";
import type { Catalogue } from "../surveys/schema.js";
import { variableLabelsOf } from "./dimensions.js";
import { questionsByRole } from "./records.js";

/**
 * The Italian names a report prints in place of codes: services and areas from the catalogue,
 * answer categories from the questionnaires. Built once from the surveys, so the pages and the
 * offline file (and the CLI) name things exactly as the questionnaire did.
 */
export interface ReportLabels {
  services: Record<string, string>;
  areas: Record<string, string>;
  /** Service → its macro-area. */
  serviceAreas: Record<string, string>;
  /** Question id → value → label (choices, or the columns of a matrix). */
  choices: Record<string, Record<string, string>>;
  /** Weighting variable → value → label. */
  variables: Record<string, Record<string, string>>;
  /** Weighting variable of a census dimension → its name («Fascia d'età»); other variables print their own name. */
  variableNames: Record<string, string>;
  /** Analysis role → question id (offices → "uffici"), for the per-service cards. */
  roles: Record<string, string>;
  /** Training subject → label (rows of the staff survey's training question). */
  subjects: Record<string, string>;
}

export function catalogueLabels(
  catalogue: Catalogue | undefined,
): Pick<ReportLabels, "services" | "areas" | "serviceAreas"> {
  return {
    serviceAreas: Object.fromEntries((catalogue?.services ?? []).map((s) => [s.code, s.area])),
    services: Object.fromEntries((catalogue?.services ?? []).map((s) => [s.code, s.name.it])),
    areas: Object.fromEntries((catalogue?.areas ?? []).map((a) => [a.value, a.label.it])),
  };
}

export function reportLabels(citizenSurvey: LoadedSurvey, staffSurvey?: LoadedSurvey): ReportLabels {
  const labels: ReportLabels = {
    ...catalogueLabels(citizenSurvey.catalogue),
    choices: {},
    variables: {},
    variableNames: variableLabelsOf(citizenSurvey),
    roles: {},
    subjects: {},
  };
  for (const survey of [citizenSurvey, staffSurvey]) {
    if (!survey) continue;
    for (const q of allQuestions(survey.definition)) {
      const options = kindOf(q).report?.labels(q, survey) ?? [];
      if (options.length && !labels.choices[q.id])
        labels.choices[q.id] = Object.fromEntries(options.map((c) => [c.value, c.label.it]));
    }
  }
  for (const [role, questions] of questionsByRole(citizenSurvey)) {
    if (role === "weighting") {
      for (const q of questions)
        if (q.analysis?.variable) labels.variables[q.analysis.variable] = labels.choices[q.id] ?? {};
    } else if (questions[0]) labels.roles[role] = questions[0].id;
  }
  const training = staffSurvey ? questionsByRole(staffSurvey).get("training")?.[0] : undefined;
  if (training?.type === "matrix" && training.rows.from === "list")
    labels.subjects = Object.fromEntries(training.rows.rows.map((r) => [r.value, r.label.it]));
  return labels;
}

/** Labels from the catalogue alone (the CLI may have nothing else): codes stand for the rest. */
export function minimalLabels(catalogue: Catalogue | undefined): ReportLabels {
  return { ...catalogueLabels(catalogue), choices: {}, variables: {}, variableNames: {}, roles: {}, subjects: {} };
}

/** A label, or the code made readable ("villaggio_giovi" → "villaggio giovi"). */
export function labelOr(map: Record<string, string> | undefined, code: string): string {
  return map?.[code] ?? code.replace(/_/g, " ");
}
