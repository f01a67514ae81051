import { Router, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { readinessProblems } from "../../ente/readiness.js";
import { fieldworkStatus, purgeEmptyDraftsOf, saveFieldworkSettings } from "./fieldwork.service.js";
import type { Storage } from "../../storage/types.js";
import { surveyState, type SurveyState } from "../../surveys/lifecycle.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { paperView } from "../respondent/paper-view.js";
import { formatRome, isoToRomeLocal, romeDay, romeLocalToIso } from "../common/rome-time.js";
import { currentUser } from "../common/session.js";
import { channelRows, dayRows, surveyActions, surveyFacts } from "./survey-view.js";
import { formatInteger } from "../../format/italian.js";
import { formOf } from "../common/form.js";
import { asLang } from "../../surveys/messages.js";

export const STATE_LABELS: Record<SurveyState, string> = {
  draft: "Bozza",
  scheduled: "Programmato",
  open: "Aperto",
  closed: "Chiuso",
};
const STATUS_LABELS = { draft: "Bozza", open: "Aperto", closed: "Chiuso" } as const;

/**
 * The page of one survey for the staff (state, live counts, what each role can do), the
 * administrator's lifecycle settings, and the printable paper version.
 */
export function fieldworkRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();

  /** The survey of the URL; an unknown id falls through, so another router's fixed path (e.g. "nuovo") still matches. */
  const surveyOf = (req: Request, next: NextFunction): LoadedSurvey | null => {
    const survey = registry.current(String(req.params.surveyId));
    if (!survey) next();
    return survey ?? null;
  };

  interface PageForm {
    notice?: string | null;
    errors?: Record<string, string>;
    values?: Record<string, string>;
  }

  async function renderPage(res: Response, survey: LoadedSurvey, status: number, form: PageForm = {}): Promise<void> {
    const id = survey.definition.id;
    const settings = await storage.surveys.findSettings(id);
    const at = now();
    const days = 7;
    const since = new Date(at.getTime() - (days + 1) * 86_400_000).toISOString();
    const fieldwork = await fieldworkStatus(storage, survey, since, at);
    const ente = await storage.ente.load();
    const role = currentUser(res).role;
    const errors = form.errors ?? {};
    const values = form.values ?? {
      status: settings?.status ?? survey.definition.status,
      opensAt: settings?.opensAt ? isoToRomeLocal(settings.opensAt) : "",
      closesAt: settings?.closesAt ? isoToRomeLocal(settings.closesAt) : "",
    };
    res.status(status).render("admin/survey", {
      survey: survey.definition,
      ...surveyActions(survey.definition, role),
      state: STATE_LABELS[surveyState(survey.definition, settings, at)],
      facts: surveyFacts({
        survey: survey.definition,
        role,
        opensAt: settings?.opensAt ? formatRome(settings.opensAt) : null,
        closesAt: settings?.closesAt ? formatRome(settings.closesAt) : null,
        counts: fieldwork.counts,
        pendingPaper: fieldwork.pendingPaper,
        openDrafts: fieldwork.openDrafts,
        codes: fieldwork.codes,
        readiness: readinessProblems(ente, survey.definition),
        statusLabels: STATUS_LABELS,
        values,
        errors,
      }),
      channelRows: channelRows(fieldwork.counts.byChannel),
      dayRows: dayRows(lastDays(fieldwork.recentSubmissions, at, days)),
      notice: form.notice ?? null,
      errors,
      values,
    });
  }

  guarded(router, "GET /admin/questionari/:surveyId", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const purged =
      typeof req.query.bozze === "string" && /^\d{1,9}$/.test(req.query.bozze) ? Number(req.query.bozze) : null;
    const notice = req.query.salvato
      ? "Impostazioni della raccolta salvate."
      : purged !== null
        ? `Eliminati ${formatInteger(purged)} questionari iniziati senza risposte.`
        : null;
    await renderPage(res, survey, 200, { notice });
  });

  /** Drafts started but holding no answer (e.g. a flood of starts from before they cost nothing): deleted, audited. */
  guarded(router, "POST /admin/questionari/:surveyId/bozze-vuote/elimina", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const purged = await purgeEmptyDraftsOf(storage, survey.definition.id, currentUser(res).username, now());
    res.redirect(303, `/admin/questionari/${survey.definition.id}?bozze=${purged}`);
  });

  const lifecycleSchema = z.object({
    status: z.enum(["draft", "open", "closed"], { error: "Scelga lo stato del questionario." }),
    opensAt: z.string().max(40).default(""),
    closesAt: z.string().max(40).default(""),
  });

  guarded(router, "POST /admin/questionari/:surveyId/stato", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const raw = {
      status: formOf(req).status,
      opensAt: formOf(req).opensAt ?? "",
      closesAt: formOf(req).closesAt ?? "",
    };
    const values = {
      status: typeof raw.status === "string" ? raw.status : "",
      opensAt: typeof raw.opensAt === "string" ? raw.opensAt : "",
      closesAt: typeof raw.closesAt === "string" ? raw.closesAt : "",
    };
    const errors: Record<string, string> = {};
    const parsed = lifecycleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors[String(issue.path[0])] =
          issue.path[0] === "status" ? "Scelga lo stato del questionario." : "Valore non valido.";
    }
    const opensAt = values.opensAt.trim() ? romeLocalToIso(values.opensAt) : null;
    const closesAt = values.closesAt.trim() ? romeLocalToIso(values.closesAt) : null;
    if (values.opensAt.trim() && !opensAt)
      errors.opensAt = "Indichi una data e un'ora di apertura valide, ad esempio 2026-03-01T09:00.";
    if (values.closesAt.trim() && !closesAt)
      errors.closesAt = "Indichi una data e un'ora di chiusura valide, ad esempio 2026-03-31T18:00.";
    if (opensAt && closesAt && closesAt <= opensAt)
      errors.closesAt = "La chiusura deve essere successiva all'apertura.";
    const problems =
      parsed.success && parsed.data.status === "open"
        ? readinessProblems(await storage.ente.load(), survey.definition)
        : [];
    if (problems.length)
      errors.status = `Il questionario non può essere aperto al pubblico finché l'informativa privacy non è completa. ${problems.join(" ")} Completi i dati nella pagina «Ente» (Amministrazione → Ente) o i testi del questionario, poi riprovi.`;
    if (Object.keys(errors).length || !parsed.success) return renderPage(res, survey, 422, { errors, values });
    await saveFieldworkSettings(
      storage,
      survey.definition.id,
      { status: parsed.data.status, opensAt, closesAt },
      currentUser(res).username,
      now(),
    );
    res.redirect(303, `/admin/questionari/${survey.definition.id}?salvato=1`);
  });

  guarded(router, "GET /admin/questionari/:surveyId/carta", (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    // A best–worst question prints one design version per form; ?versione=N picks it (1 by default).
    res.render("admin/paper", paperView(survey, asLang(res.locals.lang), Number(req.query.versione) || 1));
  });

  return router;
}

/** Responses per Rome calendar day over the last `n` days, today last. */
function lastDays(
  submissions: readonly string[],
  at: Date,
  n: number,
): { day: string; label: string; count: number }[] {
  const today = romeDay(at);
  const [y, m, d] = today.split("-").map(Number);
  const days = Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(y, m - 1, d - (n - 1 - i))).toISOString().slice(0, 10),
  );
  const counts = new Map(days.map((day) => [day, 0]));
  for (const iso of submissions) {
    const day = romeDay(new Date(iso));
    if (counts.has(day)) counts.set(day, counts.get(day)! + 1);
  }
  return days.map((day) => ({
    day,
    label: new Date(`${day}T12:00:00Z`).toLocaleDateString("it-IT", {
      weekday: "short",
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    }),
    count: counts.get(day)!,
  }));
}
