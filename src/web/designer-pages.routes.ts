import { Router, type Response } from "express";
import { idProblem, saveIfClean, storeDraft } from "../admin/designer.service.js";
import { moveItem, type DraftSurvey } from "../admin/draft-survey.js";
import type { StoredDraft } from "../admin/survey-drafts.repository.js";
import type { Db } from "../db/client.js";
import type { DefinitionProblem } from "../surveys/checks.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { guarded } from "./access.js";
import { errorsByField, loadDraft, problemLinks, str } from "./designer-support.js";
import { notFound } from "./errors.js";
import { currentUser } from "./session.js";

/** Pages of a draft: add, rename, move, delete. */
export function designerPagesRouter(db: Db, registry: SurveyRegistry): Router {
  const router = Router();

  function pageOf(stored: StoredDraft, pageId: string): number {
    const at = stored.draft.pages.findIndex((p) => p.id === pageId);
    if (at < 0) throw notFound();
    return at;
  }

  const renderPage = (res: Response, draft: DraftSurvey, pageId: string | null, values: Record<string, string>, problems: DefinitionProblem[], status = 200): void => {
    res.status(status).render("admin/designer/page-form", { draft, pageId, values, errors: errorsByField(problems), problems: problemLinks(problems) });
  };

  const pageValues = (body: unknown): Record<string, string> => {
    const b = (body ?? {}) as Record<string, unknown>;
    return Object.fromEntries(["id", "title.it", "title.en", "intro.it", "intro.en"].map((k) => [k, str(b[k]).trim()]));
  };

  guarded(router, "POST /admin/designer/:surveyId/pagine", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const values = pageValues(req.body);
    const problems: DefinitionProblem[] = [];
    const bad = idProblem(values.id, "della pagina");
    if (bad) problems.push({ path: "id", message: bad });
    else if (stored.draft.pages.some((p) => p.id === values.id)) problems.push({ path: "id", message: `C'è già una pagina con id «${values.id}».` });
    if (!values["title.it"]) problems.push({ path: "title.it", message: "Scriva il titolo in italiano." });
    if (!values["title.en"]) problems.push({ path: "title.en", message: "Scriva il titolo in inglese." });
    if (problems.length) return renderPage(res, stored.draft, null, values, problems, 422);
    const draft = structuredClone(stored.draft);
    draft.pages.push({ id: values.id, title: { it: values["title.it"], en: values["title.en"] }, questions: [] });
    storeDraft(db, draft, currentUser(res).username, "progettazione.pagina.aggiunta", values.id);
    res.redirect(303, `/admin/designer/${draft.id}#pagina-${values.id}`);
  });

  guarded(router, "GET /admin/designer/:surveyId/pagine/:pageId", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const page = stored.draft.pages[pageOf(stored, String(req.params.pageId))];
    const values = { id: page.id, "title.it": page.title.it, "title.en": page.title.en, "intro.it": page.intro?.it ?? "", "intro.en": page.intro?.en ?? "" };
    renderPage(res, stored.draft, page.id, values, []);
  });

  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const at = pageOf(stored, String(req.params.pageId));
    const values: Record<string, string> = { ...pageValues(req.body), id: stored.draft.pages[at].id };
    const draft = structuredClone(stored.draft);
    const page = draft.pages[at];
    page.title = { it: values["title.it"], en: values["title.en"] };
    if (values["intro.it"] || values["intro.en"]) page.intro = { it: values["intro.it"], en: values["intro.en"] };
    else delete page.intro;
    const prefix = `pages[${at}]`;
    const own = (path: string): boolean => path.startsWith(`${prefix}.title`) || path.startsWith(`${prefix}.intro`);
    const result = saveIfClean(db, registry, draft, own, currentUser(res).username, "progettazione.pagina.modificata", page.id);
    if (!result.ok) return renderPage(res, stored.draft, page.id, values, result.problems.map((p) => ({ ...p, path: p.path.slice(prefix.length + 1) })), 422);
    res.redirect(303, `/admin/designer/${draft.id}#pagina-${page.id}`);
  });

  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId/sposta", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const at = pageOf(stored, String(req.params.pageId));
    const draft = structuredClone(stored.draft);
    const direction = req.body?.direzione === "su" ? "up" : "down";
    if (moveItem(draft.pages, at, direction)) {
      storeDraft(db, draft, currentUser(res).username, "progettazione.pagina.spostata", `${String(req.params.pageId)} ${direction === "up" ? "su" : "giù"}`);
    }
    res.redirect(303, `/admin/designer/${draft.id}#pagina-${String(req.params.pageId)}`);
  });

  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId/elimina", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const at = pageOf(stored, String(req.params.pageId));
    const draft = structuredClone(stored.draft);
    const [removed] = draft.pages.splice(at, 1);
    storeDraft(db, draft, currentUser(res).username, "progettazione.pagina.eliminata", `${removed.id} (${removed.questions.length} domande)`);
    res.redirect(303, `/admin/designer/${draft.id}`);
  });

  return router;
}
