import { kindOf } from "../../../src/surveys/kinds/index.js";
import type { Parsed, SummaryLine } from "../../../src/surveys/kinds/kind.js";
import type { LoadedSurvey } from "../../../src/surveys/loader.js";
import type { Answers } from "../../../src/surveys/options.js";
import { catalogueSchema, surveySchema, type Question } from "../../../src/surveys/schema.js";

const CATALOGUE = catalogueSchema.parse({
  kind: "catalogue",
  id: "servizi",
  version: 1,
  title: { it: "Servizi", en: "Services" },
  areas: [{ value: "demografici", label: { it: "Demografici", en: "Registry" } }],
  services: ["cie", "anagrafe", "tari", "imu", "scuola"].map((code, i) => ({
    code,
    name: { it: `Servizio ${code}`, en: `Service ${code}` },
    description: { it: "d", en: "d" },
    owner: { it: "o", en: "o" },
    area: "demografici",
    retired: i === 4,
  })),
});

/** A survey with one page and these questions, as the loader gives it. */
export function surveyWith(...questions: Record<string, unknown>[]): LoadedSurvey {
  const definition = surveySchema.parse({
    kind: "survey",
    id: "prova_kind",
    version: 1,
    title: { it: "Prova", en: "Test" },
    catalogue: "servizi",
    privacy: { it: "Informativa.", en: "Notice." },
    pages: [
      {
        id: "p1",
        title: { it: "Pagina", en: "Page" },
        questions: questions.map((q) => ({ label: { it: `Domanda ${q.id}`, en: `Question ${q.id}` }, ...q })),
      },
    ],
  });
  return { definition, catalogue: CATALOGUE, hash: "test", file: "test.json" };
}

export function questionOf(survey: LoadedSurvey, id: string): Question {
  return survey.definition.pages[0].questions.find((q) => q.id === id)!;
}

/** The kind of the question parses these form fields. */
export function parse(survey: LoadedSurvey, id: string, body: Record<string, unknown>, context: Answers = {}): Parsed {
  const q = questionOf(survey, id);
  return kindOf(q).parse(q, { survey, body, context, lang: "it" });
}

export function summary(survey: LoadedSurvey, id: string, answers: Answers, lang: "it" | "en" = "it"): SummaryLine[] {
  const q = questionOf(survey, id);
  return kindOf(q).summary(q, survey, answers, lang);
}

export function columnKeys(survey: LoadedSurvey, id: string, answered?: ReadonlySet<string>): string[] {
  const q = questionOf(survey, id);
  return kindOf(q)
    .columns(q, survey, answered)
    .map((c) => c.key);
}

export function codebookOf(
  survey: LoadedSurvey,
  id: string,
  column = 0,
): ReturnType<ReturnType<typeof kindOf>["codebook"]> {
  const q = questionOf(survey, id);
  const kind = kindOf(q);
  return kind.codebook(q, kind.columns(q, survey)[column], survey);
}

/** The problems the kind's own definition check reports for the question, under the path `q`. */
export function problemsOf(survey: LoadedSurvey, id: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const questions = survey.definition.pages[0].questions;
  const index = questions.findIndex((q) => q.id === id);
  const earlier = new Map(questions.slice(0, index).map((q) => [q.id, q]));
  const q = questions[index];
  kindOf(q).check(q, {
    path: "q",
    survey: survey.definition,
    catalogue: survey.catalogue,
    earlier,
    earlierPages: new Set(),
    report: (path, message) => void problems.push({ path, message }),
  });
  return problems;
}

/** The problems the kind's compatibility rule reports when `after` follows the published `before`, under the path `q`. */
export function changesOf(before: LoadedSurvey, after: LoadedSurvey, id: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const q = questionOf(after, id);
  kindOf(q).compatible(q, questionOf(before, id), {
    path: "q",
    name: `la domanda «${id}»`,
    version: 1,
    history: [before.definition],
    report: (path, message) => void problems.push({ path, message }),
  });
  return problems;
}
