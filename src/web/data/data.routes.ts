import { Router, type Response } from "express";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { isCalendarDay } from "../../admin/dates.js";
import { surveyVersions } from "../../admin/export.service.js";
import { exportResponsesCsv } from "../../admin/response-export.service.js";
import { importResponsesCsv, type ImportProblem } from "../../admin/import.service.js";
import { saveRetention } from "../../admin/retention.service.js";
import { counted } from "../../format/wording.js";
import type { Storage } from "../../storage/types.js";
import { codebook, type CodebookEntry } from "../../surveys/codebook.js";
import { neutralise } from "../../surveys/csv-format.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { CHANNEL_LABELS, filterQuery, parseFilter, type FilterValues } from "./filters.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { formatInteger } from "../../format/italian.js";
import { formOf, textOf } from "../common/form.js";

/** The import form may carry a whole survey's CSV: a larger body limit, for signed-in admins only. */
export const IMPORT_PATH = "/admin/questionari/:surveyId/importa";
export const IMPORT_LIMIT = "20mb";
const SHOWN_PROBLEMS = 200;


/** Export, import, codebook and retention of a survey's responses (either engine). */
export function dataRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();
  const surveyOf = (id: string): LoadedSurvey => registry.current(id) ?? (() => { throw notFound(); })();

  const renderData = async (res: Response, survey: LoadedSurvey, status: number, extra: Record<string, unknown> = {}): Promise<void> => {
    const id = survey.definition.id;
    const settings = await storage.surveys.findSettings(id);
    res.status(status).render("admin/data", {
      survey: survey.definition,
      total: await storage.responses.countMatching({ surveyId: id }),
      synthetic: await storage.responses.hasSynthetic(id),
      channels: CHANNEL_LABELS,
      values: { canale: "", dal: "", al: "", simulati: "" } satisfies FilterValues,
      errors: {},
      problems: null,
      notice: null,
      importLimit: IMPORT_LIMIT,
      retention: { retainUntil: settings?.retainUntil ?? "", draftDays: settings?.draftDays ? String(settings.draftDays) : "" },
      retentionErrors: {},
      ...extra,
    });
  };

  guarded(router, "GET /admin/questionari/:surveyId/dati", async (req, res) => {
    const survey = surveyOf(req.params.surveyId as string);
    const imported = Number(req.query.importate);
    const notice = Number.isInteger(imported) && imported > 0 ? imported === 1 ? "Importata 1 risposta." : `Importate ${formatInteger(imported)} risposte.` : req.query.salvato === "1" ? "Impostazioni di conservazione salvate." : null;
    await renderData(res, survey, 200, { notice });
  });

  guarded(router, "GET /admin/questionari/:surveyId/esporta.csv", async (req, res) => {
    const survey = surveyOf(req.params.surveyId as string);
    const { filter, values, errors } = parseFilter(survey.definition.id, req.query);
    if (Object.keys(errors).length) return renderData(res, survey, 422, { values, errors });
    res.attachment(`${survey.definition.id}-risposte.csv`).type("text/csv; charset=utf-8");
    try {
      const query = filterQuery(values);
      const trail = { username: currentUser(res).username, details: (rows: number) => `${counted(rows, "risposta", "risposte")}${query ? ` (filtri: ${query})` : ""}` };
      await exportResponsesCsv(storage, registry, filter, res, trail);
    } catch (error) {
      // The browser went away mid-download: nothing to answer and nothing to log.
      if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
    }
  });

  guarded(router, "POST /admin/questionari/:surveyId/importa", async (req, res) => {
    const survey = surveyOf(req.params.surveyId as string);
    const text = textOf(req, "csv");
    if (!text.trim()) return renderData(res, survey, 422, { problems: { shown: [{ row: 0, reason: "Incolli il contenuto del file CSV nel riquadro." }], more: 0 } });
    const result = await importResponsesCsv(storage.responses, registry, survey.definition.id, text, currentUser(res).username);
    if (!result.ok) return renderData(res, survey, 422, { problems: shownProblems(result.problems) });
    res.redirect(303, `/admin/questionari/${survey.definition.id}/dati?importate=${result.count}`);
  });

  const retentionSchema = z.object({
    retainUntil: z.string().trim().refine((s) => s === "" || isCalendarDay(s), { message: "Scriva una data nel formato aaaa-mm-gg, ad esempio 2031-12-31." }),
    draftDays: z.string().trim().refine((s) => s === "" || (/^\d{1,3}$/.test(s) && +s >= 1 && +s <= 365), { message: "Scriva un numero intero di giorni da 1 a 365, oppure lasci vuoto." }),
  }, { message: "Il modulo è incompleto: ricarichi la pagina e riprovi." });

  guarded(router, "POST /admin/questionari/:surveyId/conservazione", async (req, res) => {
    const survey = surveyOf(req.params.surveyId as string);
    const parsed = retentionSchema.safeParse({ retainUntil: formOf(req).retainUntil, draftDays: formOf(req).draftDays });
    if (!parsed.success) {
      const retentionErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) retentionErrors[String(issue.path[0] ?? "retainUntil")] ??= issue.path.length ? issue.message : "Il modulo è incompleto: ricarichi la pagina e riprovi.";
      const typed = { retainUntil: textOf(req, "retainUntil"), draftDays: textOf(req, "draftDays") };
      return renderData(res, survey, 422, { retention: typed, retentionErrors });
    }
    const { retainUntil, draftDays } = parsed.data;
    await saveRetention(storage.surveys, survey.definition.id, { retainUntil: retainUntil || null, draftDays: draftDays ? Number(draftDays) : null }, currentUser(res).username);
    res.redirect(303, `/admin/questionari/${survey.definition.id}/dati?salvato=1`);
  });

  const entriesOf = async (survey: LoadedSurvey): Promise<CodebookEntry[]> =>
    codebook(surveyVersions(registry, survey.definition.id), await storage.responses.answeredKeys(survey.definition.id));

  guarded(router, "GET /admin/questionari/:surveyId/codebook", async (req, res) => {
    const survey = surveyOf(req.params.surveyId as string);
    res.render("admin/data-codebook", { survey: survey.definition, entries: await entriesOf(survey) });
  });

  guarded(router, "GET /admin/questionari/:surveyId/codebook.csv", async (req, res) => {
    const survey = surveyOf(req.params.surveyId as string);
    const values = (e: CodebookEntry, lang: "it" | "en"): string => e.values.map((v) => `${v.value}=${v.label[lang]}`).join(" | ");
    const rows = (await entriesOf(survey)).map((e) => [e.column, e.questionId, e.type, e.label.it, e.label.en, values(e, "it"), values(e, "en"), e.note, e.role, e.versions.join(" ")]);
    const header = ["column", "question", "type", "label_it", "label_en", "values_it", "values_en", "note", "analysis_role", "versions"];
    res.attachment(`${survey.definition.id}-codebook.csv`).type("text/csv; charset=utf-8");
    res.send(stringify([header, ...rows.map((r) => r.map(neutralise))], { bom: true }));
  });

  return router;
}

function shownProblems(problems: ImportProblem[]): { shown: ImportProblem[]; more: number } {
  return { shown: problems.slice(0, SHOWN_PROBLEMS), more: Math.max(0, problems.length - SHOWN_PROBLEMS) };
}
