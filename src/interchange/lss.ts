import { DEFAULT_PRIVACY, finishImport, ImportError, type ImportResult } from "./draft-builder.js";
import { LssContext } from "./lss-context.js";
import { type LssPage, mapQuestion } from "./lss-questions.js";
import { readLss, str } from "./lss-read.js";

export interface LssOptions {
  /** The id of the draft; by default `ls_` and the LimeSurvey survey id. */
  id?: string;
}

/**
 * Imports a LimeSurvey structure export into a survey definition for a designer draft: each question
 * group becomes a page, each question is mapped by its type (lss-questions.ts), and what has no
 * equivalent is listed with the reason.
 */
export function importLss(xml: string, options: LssOptions = {}): ImportResult {
  const doc = readLss(xml);
  const ctx = new LssContext(doc);
  const notes: string[] = [];

  const pages: LssPage[] = [];
  for (const group of doc.groups) {
    const name = ctx.pick(group.texts, (t) => t.name).find(Boolean) ?? "";
    const id = ctx.pageId(plainSlug(name) || `pagina_${pages.length + 1}`);
    ctx.codes.set(id, `gruppo ${group.gid}`);
    const page: LssPage = {
      id,
      title: ctx.text(group.texts, (t) => t.name, `Pagina ${pages.length + 1}`),
      questions: [],
    };
    const intro = ctx.optionalText(group.texts, (t) => t.description);
    if (intro) page.intro = intro;
    const condition = ctx.relevanceOf(group.relevance, `gruppo «${page.title.it}»`);
    if (condition) page.showIf = condition;
    for (const q of doc.questions) if (q.gid === group.gid) mapQuestion(ctx, page, q);
    pages.push(page);
  }

  const surveyId = options.id ?? `ls_${str(doc.survey.sid).replace(/\D/g, "") || "importato"}`;
  const surveyText = (get: (t: { title: string; description: string; policy: string }) => string) =>
    new Map([...doc.surveyTexts].map(([l, t]) => [l, get(t)]));
  const title = ctx.text(
    surveyText((t) => t.title),
    (t) => t,
    surveyId,
  );
  const description = ctx.optionalText(
    surveyText((t) => t.description),
    (t) => t,
  );
  const policy = ctx.optionalText(
    surveyText((t) => t.policy),
    (t) => t,
  );
  const { it, en } = ctx.langs;
  if (!it || !en) {
    const missing =
      !it && !en
        ? `Manca sia l'italiano sia l'inglese: i testi in «${doc.baseLanguage}» sono stati messi in entrambe le lingue.`
        : !it
          ? "Manca l'italiano."
          : "Manca l'inglese.";
    notes.push(`Lingue del file: ${doc.languages.join(", ")}. ${missing}`);
  }
  notes.push(...ctx.fill.notes());
  if (!policy)
    notes.push("Il file non ha un'informativa sulla privacy: è stata messa quella predefinita, da rivedere.");
  notes.push(
    `Esportazione LimeSurvey (versione del database ${doc.dbVersion}); la risposta «Nessuna risposta» di LimeSurvey corrisponde a lasciare la domanda senza risposta (le domande non obbligatorie lo permettono).`,
  );
  if (!pages.length) throw new ImportError("Il file non contiene gruppi di domande.");

  const json = {
    kind: "survey" as const,
    id: surveyId,
    version: 1,
    status: "open" as const,
    title,
    ...(description ? { description } : {}),
    access: "public" as const,
    draftDays: 30,
    privacy: policy ?? DEFAULT_PRIVACY,
    pages,
  };
  return finishImport("lss", json, ctx.codes, ctx.unmapped, notes);
}

/** A page id from a group's name: ASCII, lower case, underscores, at most 30 characters. */
function plainSlug(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 30);
}
