import { Router, type Response } from "express";
import { z } from "zod";
import { CRITERIA } from "../../analysis/index.js";
import type { Storage } from "../../storage/types.js";
import { questionsByRole } from "../../report/records.js";
import {
  CRITERION_LABELS,
  parseSettingsForm,
  settingsFormValues,
  type SettingsFormValues,
} from "../../report/settings-form.js";
import { changeReportSettings, resetMargins, uploadMargins } from "../../report/settings.service.js";
import { DEFAULT_SETTINGS } from "../../report/types.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { settingsPage } from "./settings-view.js";
import { EMPTY_MARGINS_FORM, marginsPage, type MarginsForm } from "./margins-view.js";
import { formOf } from "../common/form.js";

/** A margins file is a few dozen lines, but a pasted one may exceed the global 100 kB limit once encoded. */
export const MARGINS_PATH = "/admin/questionari/:surveyId/margini";
export const MARGINS_LIMIT = "1mb";

const str = (value: unknown): string => (typeof value === "string" ? value : "");

const marginsSchema = z.object({
  csv: z.string().trim().min(1, "Incolli il contenuto del file CSV dei margini nel riquadro."),
  source: z
    .string()
    .trim()
    .min(1, "Indichi la fonte dei dati (ad esempio: anagrafe, estrazione al 31/12/2025).")
    .max(500, "La fonte può essere lunga al massimo 500 caratteri."),
  kind: z.enum(["verificati", "illustrativi"], { error: "Scelga se i dati sono verificati o illustrativi." }),
  name: z.string().trim().max(200, "Il nome del file può essere lungo al massimo 200 caratteri."),
});

/** The administrator's report settings (criteria weights, gate, bootstrap) and the census margins upload. */
export function reportSettingsRouter(
  storage: Storage,
  registry: SurveyRegistry,
  marginsFile: string,
  now: () => Date,
): Router {
  const store = storage.reportSettings;
  const router = Router();
  /** Only a survey with a report (the citizen questionnaire) has report settings. */
  const surveyOf = (id: unknown): LoadedSurvey => {
    const survey = registry.current(String(id));
    if (!survey || !questionsByRole(survey).has("services_used")) throw notFound();
    return survey;
  };

  const renderSettings = async (
    res: Response,
    survey: LoadedSurvey,
    status: number,
    extra: { values?: SettingsFormValues; errors?: Record<string, string>; notice?: string | null } = {},
  ): Promise<void> => {
    const values = extra.values ?? settingsFormValues(await store.settings(survey.definition.id));
    res.status(status).render(
      "admin/report-settings",
      settingsPage({
        survey: survey.definition,
        criteria: CRITERIA.map((c) => ({ key: c, label: CRITERION_LABELS[c] })),
        values,
        defaults: settingsFormValues(DEFAULT_SETTINGS),
        errors: extra.errors ?? {},
        notice: extra.notice ?? null,
      }),
    );
  };

  guarded(router, "GET /admin/questionari/:surveyId/impostazioni-rapporto", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    const notice =
      req.query.salvato === "1"
        ? "Impostazioni del rapporto salvate: i pesi sono stati riportati a somma 100 %."
        : req.query.salvato === "predefiniti"
          ? "Ripristinati i valori predefiniti."
          : null;
    await renderSettings(res, survey, 200, { notice });
  });

  guarded(router, "POST /admin/questionari/:surveyId/impostazioni-rapporto", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    const form = parseSettingsForm(formOf(req));
    if (!form.ok) return renderSettings(res, survey, 422, { values: form.values, errors: form.errors });
    await changeReportSettings(
      store,
      survey.definition.id,
      form.settings,
      currentUser(res).username,
      "rapporto.impostazioni",
      now(),
    );
    res.redirect(303, `/admin/questionari/${survey.definition.id}/impostazioni-rapporto?salvato=1`);
  });

  guarded(router, "POST /admin/questionari/:surveyId/impostazioni-rapporto/predefiniti", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    await changeReportSettings(
      store,
      survey.definition.id,
      DEFAULT_SETTINGS,
      currentUser(res).username,
      "rapporto.impostazioni.predefinite",
      now(),
    );
    res.redirect(303, `/admin/questionari/${survey.definition.id}/impostazioni-rapporto?salvato=predefiniti`);
  });

  const renderMargins = async (
    res: Response,
    survey: LoadedSurvey,
    status: number,
    form: MarginsForm = EMPTY_MARGINS_FORM,
    notice: string | null = null,
  ): Promise<void> => {
    // The diagnosis weighs the answers so far, as the report would: its inputs from one snapshot.
    const inputs = await storage.reportInputs.read({ surveyId: survey.definition.id });
    res.status(status).render("admin/report-margins", marginsPage(inputs, survey, marginsFile, form, notice));
  };

  guarded(router, "GET /admin/questionari/:surveyId/margini", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    const notice =
      req.query.salvato === "1"
        ? "Margini salvati: il rapporto li usa da ora."
        : req.query.salvato === "predefiniti"
          ? "Ripristinato il file di margini predefinito."
          : null;
    await renderMargins(res, survey, 200, EMPTY_MARGINS_FORM, notice);
  });

  guarded(router, "POST /admin/questionari/:surveyId/margini", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    const values = {
      csv: str(formOf(req).csv),
      source: str(formOf(req).source),
      kind: str(formOf(req).kind),
      name: str(formOf(req).name),
    };
    const parsed = marginsSchema.safeParse(values);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      return renderMargins(res, survey, 422, { values, errors, lineErrors: [] });
    }
    const d = parsed.data;
    const name =
      d.name.split(/[\\/]/).pop() || `margini-${survey.definition.id}-${now().toISOString().slice(0, 10)}.csv`;
    const result = await uploadMargins(
      store,
      survey,
      { name, csv: d.csv, illustrative: d.kind === "illustrativi", source: d.source },
      currentUser(res).username,
      now(),
    );
    if (!result.ok)
      return renderMargins(res, survey, 422, {
        values,
        errors: { csv: "Il file ha dei problemi: non è stato salvato nulla." },
        lineErrors: result.errors.slice(0, 200),
      });
    res.redirect(303, `/admin/questionari/${survey.definition.id}/margini?salvato=1`);
  });

  guarded(router, "POST /admin/questionari/:surveyId/margini/predefiniti", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    await resetMargins(store, survey.definition.id, currentUser(res).username, now());
    res.redirect(303, `/admin/questionari/${survey.definition.id}/margini?salvato=predefiniti`);
  });

  return router;
}
