import { Router, type Response } from "express";
import type { DraftSurvey } from "../../surveys/draft-survey.js";
import { addPage, changePage, movePage, removePage, type PageFields } from "./pages.service.js";
import type { StoredDraft } from "./designer.service.js";
import type { Storage } from "../../storage/types.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { readKnown } from "./known.service.js";
import { guarded } from "../common/access.js";
import { errorsByField, loadDraft, problemLinks, str } from "./support.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { formOf } from "../common/form.js";

/** Pages of a draft: add, rename, move, delete. */
export function designerPagesRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();

  function pageOf(stored: StoredDraft, pageId: string): number {
    const at = stored.draft.pages.findIndex((p) => p.id === pageId);
    if (at < 0) throw notFound();
    return at;
  }

  const renderPage = (
    res: Response,
    draft: DraftSurvey,
    pageId: string | null,
    values: Record<string, string>,
    problems: DefinitionProblem[],
    status = 200,
  ): void => {
    res.status(status).render("admin/designer/page-form", {
      draft,
      pageId,
      values,
      errors: errorsByField(problems),
      problems: problemLinks(problems),
    });
  };

  const pageValues = (body: unknown): PageFields => {
    const b = (body ?? {}) as Record<string, unknown>;
    return Object.fromEntries(
      ["id", "title.it", "title.en", "intro.it", "intro.en", "rowsPerPage"].map((k) => [k, str(b[k]).trim()]),
    ) as PageFields;
  };

  guarded(router, "POST /admin/designer/:surveyId/pagine", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const values = pageValues(formOf(req));
    const result = await addPage(storage, stored, values, currentUser(res).username);
    if (!result.ok) return renderPage(res, stored.draft, null, values, result.problems, 422);
    res.redirect(303, `/admin/designer/${stored.draft.id}#pagina-${values.id}`);
  });

  guarded(router, "GET /admin/designer/:surveyId/pagine/:pageId", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const page = stored.draft.pages[pageOf(stored, String(req.params.pageId))];
    const values = {
      id: page.id,
      "title.it": page.title.it,
      "title.en": page.title.en,
      "intro.it": page.intro?.it ?? "",
      "intro.en": page.intro?.en ?? "",
      rowsPerPage: page.rowsPerPage === undefined ? "" : String(page.rowsPerPage),
    };
    renderPage(res, stored.draft, page.id, values, []);
  });

  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const at = pageOf(stored, String(req.params.pageId));
    const values: PageFields = { ...pageValues(formOf(req)), id: stored.draft.pages[at].id };
    const result = await changePage(
      storage,
      await readKnown(storage, registry),
      stored,
      at,
      values,
      currentUser(res).username,
    );
    if (!result.ok) return renderPage(res, stored.draft, values.id, values, result.problems, 422);
    res.redirect(303, `/admin/designer/${stored.draft.id}#pagina-${values.id}`);
  });

  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId/sposta", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const at = pageOf(stored, String(req.params.pageId));
    await movePage(storage, stored, at, formOf(req).direzione === "su" ? "up" : "down", currentUser(res).username);
    res.redirect(303, `/admin/designer/${stored.draft.id}#pagina-${String(req.params.pageId)}`);
  });

  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId/elimina", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const at = pageOf(stored, String(req.params.pageId));
    await removePage(storage, stored, at, currentUser(res).username);
    res.redirect(303, `/admin/designer/${stored.draft.id}`);
  });

  return router;
}
