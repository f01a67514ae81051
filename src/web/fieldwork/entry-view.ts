import type { FieldError } from "../../surveys/answers.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { Lang } from "../../surveys/messages.js";
import type { Answers } from "../../surveys/options.js";
import type { Question } from "../../surveys/schema.js";
import { kindOf } from "../../surveys/kinds/index.js";
import { parseVersion, versionKey } from "../../surveys/kinds/maxdiff.js";
import { fieldId } from "../common/field-id.js";
import { displayAnswer, maxdiffView, type QuestionView } from "../respondent/page-view.js";
import type { SummaryItem } from "../common/error-summary.js";
import { choicesFor, conditionInstruction, questionNumbers, rowsInstruction } from "../respondent/paper-view.js";

/**
 * Every question of the survey for the operator's screen, numbered as on the paper version,
 * with every row and no condition hidden: the operator types what is on paper, and the
 * server drops what the earlier answers make irrelevant. The number and the paper's
 * instruction go into the label and help, so the survey page template draws them unchanged.
 */
export function entryQuestions(
  survey: LoadedSurvey,
  errors: FieldError[],
  lang: Lang = "it",
  designVersion = 1,
  sent: Record<string, unknown> = {},
): QuestionView[] {
  const numbers = questionNumbers(survey.definition);
  return survey.definition.pages.flatMap((page) => {
    const pageNote = conditionInstruction(survey, page.showIf, numbers, lang);
    return page.questions.map((q) => {
      const n = numbers.get(q.id)!;
      const notes = [
        pageNote,
        conditionInstruction(survey, q.showIf, numbers, lang),
        rowsInstruction(q, numbers, lang),
        q.help?.[lang],
      ]
        .filter(Boolean)
        .join(" ");
      const numbered = {
        ...q,
        label: { it: `${n}. ${q.label.it}`, en: `${n}. ${q.label.en}` },
        help: notes ? { it: notes, en: notes } : undefined,
      } as Question;
      const own = errors.filter((e) => e.question === q.id);
      const kind = kindOf(q);
      const rows = kind.rows?.(q, survey, null) ?? [];
      return {
        q: numbered,
        choices: choicesFor(survey, q),
        rows,
        liveCondition: null,
        errors: Object.fromEntries(own.map((e) => [e.field, e.message])),
        grouped: kind.grouped(q),
        field: kind.firstField(q, rows),
        // The operator types one printed design version; a form sent back keeps the version it had.
        maxdiff:
          q.type === "maxdiff"
            ? maxdiffView(
                survey,
                q,
                {},
                "",
                parseVersion(q, sent[versionKey(q)]) ?? Math.min(designVersion, q.versions),
              )
            : undefined,
      };
    });
  });
}

/** The id of the first control of the form, where the cursor goes for the next paper form. */
export function firstFieldId(views: QuestionView[]): string | null {
  const first = views[0];
  if (!first) return null;
  return fieldId(first.field);
}

export interface Difference {
  question: Question;
  number: number;
  first: string;
  second: string;
}

/** The differing questions of two typings, as the operator compares them side by side. */
export function differencesView(
  survey: LoadedSurvey,
  questions: Question[],
  first: Answers,
  second: Answers,
): Difference[] {
  const numbers = questionNumbers(survey.definition);
  const shown = (q: Question, answers: Answers): string => {
    const parts = displayAnswer(survey, q, answers, "it");
    return parts.length
      ? parts.map((p) => (p.label ? `${p.label}: ${p.value}` : p.value)).join("; ")
      : "(nessuna risposta)";
  };
  return questions.map((q) => ({
    question: q,
    number: numbers.get(q.id)!,
    first: shown(q, first),
    second: shown(q, second),
  }));
}

/** The error summary of the differences page: each question still to decide, then the rules the choices break. */
export function resolveSummary(
  differences: Difference[],
  errors: Readonly<Record<string, string>>,
  problems: readonly string[],
): SummaryItem[] {
  const items: SummaryItem[] = differences
    .filter((d) => errors[d.question.id])
    .map((d) => ({ href: `#f-scelta-${d.question.id}`, text: `Domanda ${d.number} — ${errors[d.question.id]}` }));
  if (problems.length) {
    items.push({
      text: `Le scelte fatte insieme non sono coerenti con le regole del questionario: ${problems.join(" ")} Controlli di nuovo il modulo, oppure ripeta la seconda digitazione.`,
    });
  }
  return items;
}
