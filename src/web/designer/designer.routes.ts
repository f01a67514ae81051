import { Router, type Response } from "express";
import { latestCatalogues } from "./catalogues.service.js";
import { QUESTION_TYPES } from "./question-form.js";
import {
  createSurveyDraft,
  discardDraft,
  draftFromPublished,
  draftProblems,
  findSurveyDraft,
  isDesignerWord,
  listSurveyDrafts,
  publishDraft,
  storeDraft,
  surveyVersions,
} from "./designer.service.js";
import { readKnown } from "./known.service.js";
import type { DraftSurvey } from "../../surveys/draft-survey.js";
import { checkDefinition, nextVersion, publishedHistory } from "./publish.service.js";
import type { Storage } from "../../storage/types.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { loadDraft, plainProblem, problemLinks, str } from "./support.js";
import { surveyPageView } from "./survey-page-view.js";
import { designerIndexView, type NewSurveyForm } from "./index-view.js";
import { formOf } from "../common/form.js";

/** The survey designer: list, create, overview, publish, download and upload of definitions. */
export function designerRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();

  const renderIndex = async (res: Response, status: number, form?: NewSurveyForm): Promise<void> => {
    const view = designerIndexView({
      published: registry.all(),
      drafts: await listSurveyDrafts(storage),
      form: form ?? { values: {}, errors: {}, problems: [] },
    });
    res.status(status).render("admin/designer/index", view);
  };

  guarded(router, "GET /admin/designer", (_req, res) => renderIndex(res, 200));

  guarded(router, "POST /admin/designer", async (req, res) => {
    const values = {
      id: str(formOf(req).id).trim(),
      "title.it": str(formOf(req)["title.it"]),
      "title.en": str(formOf(req)["title.en"]),
    };
    const result = await createSurveyDraft(
      storage,
      registry,
      values.id,
      { it: values["title.it"], en: values["title.en"] },
      currentUser(res).username,
    );
    if (!result.ok)
      return renderIndex(res, 422, {
        values,
        errors: Object.fromEntries(result.problems.map((p) => [p.path, p.message])),
        problems: problemLinks(result.problems),
      });
    res.redirect(303, `/admin/designer/${values.id}`);
  });

  guarded(router, "GET /admin/designer/carica", (_req, res) =>
    res.render("admin/designer/upload", { json: "", problems: [] }),
  );

  guarded(router, "POST /admin/designer/carica", async (req, res) => {
    const json = str(formOf(req).json);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      return res.status(422).render("admin/designer/upload", {
        json,
        problems: [{ path: "", message: `Il testo non è un JSON leggibile: ${(e as Error).message}` }],
      });
    }
    const id = str((parsed as { id?: unknown } | null)?.id);
    // The number is assigned when publishing; here it only has to pass the checks.
    const known = await readKnown(storage, registry);
    const checked = checkDefinition(known, { ...(parsed as object), version: nextVersion(known, id) });
    if (!checked.ok)
      return res.status(422).render("admin/designer/upload", { json, problems: checked.problems.map(plainProblem) });
    if (isDesignerWord(id))
      return res.status(422).render("admin/designer/upload", {
        json,
        problems: [{ path: "id", message: `«${id}» è una parola riservata: scelga un altro id.` }],
      });
    const draft = JSON.parse(json) as DraftSurvey;
    draft.version = nextVersion(known, id);
    await storeDraft(storage, draft, currentUser(res).username, "progettazione.caricato", "definizione JSON caricata");
    res.redirect(303, `/admin/designer/${draft.id}?caricato=1`);
  });

  guarded(router, "GET /admin/designer/:surveyId", async (req, res) => {
    const id = String(req.params.surveyId);
    const stored = await findSurveyDraft(storage, id);
    const known = await readKnown(storage, registry);
    const versions = surveyVersions(known, id);
    if (!stored && !versions.length && !registry.current(id)) throw notFound();
    const draft = stored?.draft;
    res.render(
      "admin/designer/survey",
      surveyPageView({
        surveyId: id,
        stored,
        current: registry.current(id)?.definition,
        versions: versions.map((v) => ({ version: v.definition.version, publishedAt: v.publishedAt })),
        problems: draft ? draftProblems(known, draft) : [],
        types: QUESTION_TYPES,
        catalogue: draft?.catalogue ? latestCatalogues(known).get(draft.catalogue) : undefined,
        uploaded: Boolean(req.query.caricato),
        published: req.query.pubblicato ? str(req.query.pubblicato) : null,
      }),
    );
  });

  guarded(router, "POST /admin/designer/:surveyId/modifica", async (req, res) => {
    if (!(await draftFromPublished(storage, registry, String(req.params.surveyId), currentUser(res).username)))
      throw notFound();
    res.redirect(303, `/admin/designer/${String(req.params.surveyId)}`);
  });

  guarded(router, "POST /admin/designer/:surveyId/scarta", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    await discardDraft(storage, stored.surveyId, currentUser(res).username);
    res.redirect(303, "/admin/designer");
  });

  guarded(router, "POST /admin/designer/:surveyId/pubblica", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const result = await publishDraft(storage, registry, stored, currentUser(res).username);
    if (!result.ok) return renderPublishRefused(res, stored.draft, result.problems);
    res.redirect(303, `/admin/designer/${stored.surveyId}?pubblicato=${result.survey.definition.version}`);
  });

  function renderPublishRefused(res: Response, draft: DraftSurvey, problems: DefinitionProblem[]): void {
    res.status(422).render("admin/designer/refused", { draft, problems: problemLinks(problems, draft) });
  }

  guarded(router, "GET /admin/designer/:surveyId/json", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    sendJson(res, `${stored.surveyId}-bozza.json`, stored.draft);
  });

  guarded(router, "GET /admin/designer/:surveyId/versioni/:version/json", async (req, res) => {
    const version = Number(String(req.params.version));
    const known = await readKnown(storage, registry);
    const found =
      surveyVersions(known, String(req.params.surveyId)).find((v) => v.definition.version === version)?.definition ??
      publishedHistory(known, String(req.params.surveyId)).find((d) => d.version === version);
    if (!found) throw notFound();
    sendJson(res, `${found.id}-v${found.version}.json`, found);
  });

  return router;
}

function sendJson(res: Response, filename: string, value: unknown): void {
  res
    .type("application/json")
    .attachment(filename)
    .send(`${JSON.stringify(value, null, 2)}\n`);
}
