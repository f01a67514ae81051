import { questionsBefore, type DraftSurvey } from "../../surveys/draft-survey.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { Catalogue, Condition, Question } from "../../surveys/schema.js";
import type { Crumb } from "../common/breadcrumb.js";
import { describeCondition, editable, labeller, OPERATORS, operatorsFor, valuesFor } from "./condition-form.js";
import { problemLinks, type ProblemLink } from "./support.js";

/** What the condition page of a question knows (src/web/designer/conditions.ts). */
export interface ConditionPageInput {
  draft: DraftSurvey;
  question: Question;
  catalogue: Catalogue | undefined;
  /** The earlier question picked in step 1, by id ("" before one is picked). */
  sourceId: string;
  error: string | null;
  problems: DefinitionProblem[];
}

/** What the condition page prints (views/admin/designer/condition.ejs): every text and option ready. */
export interface ConditionPageView {
  title: string;
  backLink: Crumb;
  heading: string;
  problems: ProblemLink[];
  problemsTitle: string;
  selfUrl: string;
  /** The question's condition in words, or null when it is always shown. */
  showIfText: string | null;
  /** The «tutte insieme» / «almeno una» choice, when the condition joins several comparisons. */
  join: { all: boolean; any: boolean } | null;
  /** The comparisons, each removable; null for a composite condition written in JSON, only removable whole. */
  leaves: { text: string; index: number; position: number }[] | null;
  error: string | null;
  /** The earlier questions a condition may look at, the one picked selected; empty for the first question. */
  sourceOptions: { value: string; label: string; selected: boolean }[];
  /** Step 2, once an earlier question is picked: its operators and its answers, or a number to compare with. */
  source: {
    id: string;
    label: string;
    operators: { op: string; label: string }[];
    values: { id: string; value: string; label: string }[] | null;
    numberInput: boolean;
  } | null;
}

export function conditionPageView(input: ConditionPageInput): ConditionPageView {
  const { draft, question, catalogue } = input;
  const before = questionsBefore(draft, question.id);
  const source = before.find((q) => q.id === input.sourceId);
  const current = editable(question.showIf);
  const describe = (c: Condition): string => describeCondition(c, labeller(draft, catalogue));
  const operators = source ? OPERATORS.filter((o) => operatorsFor(source).includes(o.op)) : [];
  const problems = problemLinks(input.problems);
  const values = source ? valuesFor(source, catalogue) : null;
  return {
    title: `${input.error || problems.length ? "Errore: " : ""}Condizione della domanda «${question.id}»`,
    backLink: { href: `/admin/designer/${draft.id}#q-${question.id}`, text: "Torna alla bozza" },
    heading: `Quando mostrare la domanda «${question.label.it}»`,
    problems,
    problemsTitle:
      problems.length === 1 ? "C'è un problema da correggere" : `Ci sono ${problems.length} problemi da correggere`,
    selfUrl: `/admin/designer/${draft.id}/domande/${question.id}/condizione`,
    showIfText: question.showIf ? describe(question.showIf) : null,
    join: current && current.leaves.length > 1 ? { all: current.join === "all", any: current.join === "any" } : null,
    leaves: current ? current.leaves.map((leaf, i) => ({ text: describe(leaf), index: i, position: i + 1 })) : null,
    error: input.error,
    sourceOptions: before.map((q) => ({ value: q.id, label: `${q.label.it} (${q.id})`, selected: q === source })),
    source: source
      ? {
          id: source.id,
          label: source.label.it,
          operators: operators.map((o) => ({ op: o.op, label: o.label })),
          values:
            values &&
            values.map((c, i) => ({ id: `f-valori-${i}`, value: c.value, label: `${c.label.it} (${c.value})` })),
          // A number to compare with when the question's operators include «at least».
          numberInput: operators.some((o) => o.op === "gte"),
        }
      : null,
  };
}
