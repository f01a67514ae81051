import { DONT_KNOW, type Catalogue, type Choice, type Question, type SurveyDefinition, type Text } from "./schema.js";

export type Answers = Record<string, string>;

const DONT_KNOW_LABEL: Text = { it: "Non so", en: "Don't know" };

/** Services still offered: retired codes stay valid in old answers but are not asked about. */
export function activeServices(catalogue: Catalogue): Choice[] {
  return catalogue.services.filter((s) => !s.retired).map((s) => ({ value: s.code, label: s.name }));
}

/** Every service of the catalogue, retired ones marked: old answers keep their meaning. */
export function allServices(catalogue: Catalogue | undefined): Choice[] {
  return (catalogue?.services ?? []).map((s) => ({
    value: s.code,
    label: s.retired ? { it: `${s.name.it} (dismesso)`, en: `${s.name.en} (retired)` } : s.name,
  }));
}

type WithChoices = { choices?: Choice[]; choicesFrom?: "catalogue" };

/** The choices a single, multi or ranking question offers. */
export function choicesOf(question: WithChoices, catalogue: Catalogue | undefined): Choice[] {
  if (question.choices) return question.choices;
  return catalogue ? activeServices(catalogue) : [];
}

/** The columns of a matrix: named columns, or the points of its scale (plus "non so"). */
export function columnsOf(question: Extract<Question, { type: "matrix" }>): Choice[] {
  if (question.columns) return question.columns;
  const scale = question.scale!;
  return scalePoints(scale.min, scale.max, scale.dontKnow);
}

export function scalePoints(min: number, max: number, dontKnow: boolean): Choice[] {
  const points: Choice[] = [];
  for (let v = min; v <= max; v++) points.push({ value: String(v), label: { it: String(v), en: String(v) } });
  if (dontKnow) points.push({ value: DONT_KNOW, label: DONT_KNOW_LABEL });
  return points;
}

/**
 * The rows a matrix shows for these answers. Rows can depend on earlier answers
 * ("for each service you used"), so a matrix may have no rows and is then skipped.
 */
export function rowsOf(
  question: Extract<Question, { type: "matrix" }>,
  survey: SurveyDefinition,
  catalogue: Catalogue | undefined,
  answers: Answers,
): Choice[] {
  const source = question.rows;
  if (source.from === "list") return source.rows;
  if (source.from === "catalogue") {
    if (!catalogue) return [];
    if (!source.areaQuestion) return activeServices(catalogue);
    const area = answers[source.areaQuestion];
    return catalogue.services
      .filter((s) => !s.retired && s.area === area)
      .map((s) => ({ value: s.code, label: s.name }));
  }
  const picked = new Set((answers[source.question] ?? "").split(" ").filter(Boolean));
  const origin = findQuestion(survey, source.question);
  if (!origin || !("choices" in origin || "choicesFrom" in origin)) return [];
  return choicesOf(origin as WithChoices, catalogue).filter((c) => picked.has(c.value) && !c.exclusive);
}

export function findQuestion(survey: SurveyDefinition, id: string): Question | undefined {
  for (const page of survey.pages) {
    const found = page.questions.find((q) => q.id === id);
    if (found) return found;
  }
  return undefined;
}

export function allQuestions(survey: SurveyDefinition): Question[] {
  return survey.pages.flatMap((p) => p.questions);
}
