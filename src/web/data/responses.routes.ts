import { Router, type Response } from "express";
import { formatRomeTime } from "../../admin/dates.js";
import { eraseResponse } from "../../admin/erasure.service.js";
import type { ResponseWithAnswers } from "../../responses/records.js";
import type { Storage } from "../../storage/types.js";
import { ownsKey } from "../../surveys/flow.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { CHANNEL_LABELS, filterQuery, parseFilter } from "./filters.js";
import { notFound } from "../common/errors.js";
import { displayAnswer } from "../respondent/page-view.js";
import { currentUser } from "../common/session.js";
import { responsesPage } from "./responses-view.js";
import { formOf, textOf } from "../common/form.js";

const PAGE_SIZE = 50;
const REASON_MAX = 500;

/** The responses browser, one response, and its erasure on request (GDPR art. 17); either engine. */
export function dataResponsesRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();
  const { responses } = storage;

  guarded(router, "GET /admin/questionari/:surveyId/risposte", async (req, res) => {
    const survey = registry.current(req.params.surveyId as string);
    if (!survey) throw notFound();
    const { filter, values, errors } = parseFilter(survey.definition.id, req.query);
    const total = Object.keys(errors).length ? 0 : await responses.countMatching(filter);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const asked = Number(req.query.pagina);
    const page = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
    const rows = Object.keys(errors).length ? [] : await responses.listMatching(filter, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    res.status(Object.keys(errors).length ? 422 : 200).render(
      "admin/data-responses",
      responsesPage({
        survey: survey.definition,
        rows: rows.map((r) => ({ ...r, when: formatRomeTime(r.submittedAt) })),
        total,
        page,
        pages,
        values,
        errors,
        query: filterQuery(values),
        channels: CHANNEL_LABELS,
        synthetic: await responses.hasSynthetic(survey.definition.id),
        notice: req.query.eliminata === "1" ? "La risposta è stata eliminata e l'operazione è stata registrata." : null,
      }),
    );
  });

  const responseOf = async (id: string): Promise<ResponseWithAnswers> => {
    const response = await responses.find(id);
    if (!response) throw notFound();
    return response;
  };

  guarded(router, "GET /admin/risposte/:responseId", async (req, res) => {
    const response = await responseOf(req.params.responseId as string);
    res.render("admin/data-response", { response: describe(response), channels: CHANNEL_LABELS });
  });

  const renderErase = (res: Response, response: ResponseWithAnswers, status: number, error: string | null, reason = ""): void => {
    res.status(status).render("admin/data-erase", { response: describe(response), error, reason, reasonMax: REASON_MAX });
  };

  guarded(router, "GET /admin/risposte/:responseId/elimina", async (req, res) => {
    renderErase(res, await responseOf(req.params.responseId as string), 200, null);
  });

  guarded(router, "POST /admin/risposte/:responseId/elimina", async (req, res) => {
    const response = await responseOf(req.params.responseId as string);
    const reason = textOf(req, "reason").replace(/\s+/g, " ").trim();
    if (!reason) return renderErase(res, response, 422, "Scriva il motivo dell'eliminazione (ad esempio: richiesta dell'interessato del giorno, protocollo n.).");
    if (reason.length > REASON_MAX) return renderErase(res, response, 422, `Il motivo è troppo lungo: al massimo ${REASON_MAX} caratteri.`, reason);
    if (formOf(req).confirm !== "1") return renderErase(res, response, 422, "Confermi di voler eliminare definitivamente questa risposta.", reason);
    if (!(await eraseResponse(responses, response.id, reason, currentUser(res).username))) throw notFound();
    res.redirect(303, `/admin/questionari/${response.surveyId}/risposte?eliminata=1`);
  });

  /** The answers with the question labels of the version the respondent answered. */
  function describe(response: ResponseWithAnswers) {
    const survey = registry.version(response.surveyId, response.surveyVersion);
    const used = new Set<string>();
    const items = (survey?.definition.pages ?? []).flatMap((page) =>
      page.questions.flatMap((q) => {
        const keys = Object.keys(response.answers).filter((k) => ownsKey(q, k));
        if (keys.length === 0) return [];
        keys.forEach((k) => used.add(k));
        return [{ id: q.id, label: q.label.it, shown: displayAnswer(survey!, q, response.answers, "it") }];
      }),
    );
    // Anything the definition can't name (it should not happen) is still shown, never hidden.
    const unknown = Object.entries(response.answers).filter(([k]) => !used.has(k)).map(([k, v]) => ({ id: k, label: k, shown: [{ label: "", value: v }] }));
    return { ...response, when: formatRomeTime(response.submittedAt), title: survey?.definition.title.it ?? response.surveyId, items: [...items, ...unknown] };
  }

  return router;
}
