import type { Response } from "express";
import type { DraftSurvey } from "../../surveys/draft-survey.js";
import { findSurveyDraft, surveyVersions, type StoredDraft } from "./designer.service.js";
import { readKnown } from "./known.service.js";
import type { Storage } from "../../storage/types.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { notFound } from "../common/errors.js";

export const str = (value: unknown): string => (typeof value === "string" ? value : "");

export { fieldId } from "../common/field-id.js";
import { fieldId } from "../common/field-id.js";

/**
 * The draft of a URL. A published survey without a draft leads to its overview (where
 * "Modifica" makes one); an unknown id is a 404.
 */
export async function loadDraft(
  storage: Storage,
  registry: SurveyRegistry,
  surveyId: string,
  res: Response,
): Promise<StoredDraft | null> {
  const stored = await findSurveyDraft(storage, surveyId);
  if (stored) return stored;
  if (registry.current(surveyId) || surveyVersions(await readKnown(storage, registry), surveyId).length) {
    res.redirect(303, `/admin/designer/${surveyId}`);
    return null;
  }
  throw notFound();
}

/** The schema's generic messages, said as an author would want to read them. */
const PLAIN: [RegExp, string][] = [
  [/^Troppo piccolo: string deve avere >=1 caratteri$/, "Scriva il testo."],
  [/^Input non valido: atteso string, ricevuto undefined$/, "Manca: lo scriva."],
  [/^Input non valido: atteso numero, ricevuto string$/, "Scriva un numero, ad esempio 5."],
  [/^Input non valido: atteso int.*$/, "Scriva un numero intero."],
  [/^Troppo grande: number deve essere <=(\d+)$/, "Il valore può essere al massimo $1."],
  [/^Troppo piccolo: number deve essere >=(\d+)$/, "Il valore deve essere almeno $1."],
  [/^Troppo piccolo: array deve avere >=(\d+) elementi$/, "Servono almeno $1 righe compilate."],
];

export function plainProblem(problem: DefinitionProblem): DefinitionProblem {
  const rule = PLAIN.find(([pattern]) => pattern.test(problem.message));
  return rule ? { ...problem, message: problem.message.replace(rule[0], rule[1]) } : problem;
}

export interface ProblemLink extends DefinitionProblem {
  href?: string;
}

/** Each problem with a link to the form (and field) where it can be corrected. */
export function problemLinks(problems: DefinitionProblem[], draft?: DraftSurvey): ProblemLink[] {
  return problems.map(plainProblem).map((p) => {
    if (!draft) return { ...p, href: p.path ? `#${fieldId(p.path)}` : undefined };
    const base = `/admin/designer/${draft.id}`;
    const q = /^pages\[(\d+)\]\.questions\[(\d+)\]\.?(.*)$/.exec(p.path);
    const question = q && draft.pages[Number(q[1])]?.questions[Number(q[2])];
    if (q && question) {
      const target = q[3].startsWith("showIf")
        ? `${base}/domande/${question.id}/condizione`
        : `${base}/domande/${question.id}${q[3] ? `#${fieldId(q[3])}` : ""}`;
      return { ...p, message: `Domanda «${question.id}»: ${p.message}`, href: target };
    }
    const page = /^pages\[(\d+)\]\.?(.*)$/.exec(p.path);
    const pageAt = page && draft.pages[Number(page[1])];
    if (page && pageAt)
      return { ...p, message: `Pagina «${pageAt.title.it}»: ${p.message}`, href: `${base}/pagine/${pageAt.id}` };
    return { ...p, href: `${base}/impostazioni${p.path ? `#${fieldId(p.path)}` : ""}` };
  });
}

/** Problems keyed by field name, for the messages beside each field. */
export function errorsByField(problems: DefinitionProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems.map(plainProblem))
    errors[p.path] = errors[p.path] ? `${errors[p.path]} ${p.message}` : p.message;
  return errors;
}

export const UPLOAD_PATH = "/admin/designer/carica";

/** A pasted definition: the shipped questionnaires are near 30 kB, more once URL-encoded. */
export const UPLOAD_LIMIT = "1mb";
