import { Router } from "express";
import type { Storage } from "../../storage/types.js";
import { samplePanel, type SamplePanel } from "../../report/sample-panel.service.js";
import { MARGINS_OF_ERROR, type MarginOfError } from "../../report/sample-status.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { romeDay } from "../common/rome-time.js";
import { sampleView } from "./sample-view.js";

const MAX_DAYS = 366;

/** The live fieldwork panel: responses per day and the sample against the census margins. */
export function reportPanelRouter(
  storage: Storage,
  registry: SurveyRegistry,
  marginsFile: string,
  now: () => Date,
): Router {
  const router = Router();

  guarded(router, "GET /admin/questionari/:surveyId/campione", async (req, res) => {
    const survey = registry.current(String(req.params.surveyId));
    if (!survey) throw notFound();
    const asked = Number(req.query.margine);
    const margin = (MARGINS_OF_ERROR.some((m) => m === asked) ? asked : 5) as MarginOfError;
    // The census comparison is for the questionnaire that asks age, sex and quartiere (the citizens').
    const inputs = await storage.reportInputs.read({ surveyId: survey.definition.id });
    const { responses, weighted, margins, status } = samplePanel(inputs, survey, marginsFile, margin);
    const problem = !weighted
      ? "Questo questionario non ha domande di ponderazione (età, sesso, quartiere): il confronto con la popolazione riguarda il questionario dei cittadini."
      : !margins
        ? "Nessun file di margini di censimento."
        : margins.ok
          ? null
          : margins.errors.slice(0, 5);
    res.render("admin/report-sample", {
      survey: survey.definition,
      synthetic: responses.some((r) => r.synthetic),
      status,
      margins: margins?.ok ? { name: margins.margins.name, illustrative: margins.margins.illustrative } : null,
      margin,
      ...sampleView(status, problem, perDay(responses, now()), responses.length),
    });
  });

  return router;
}

/** Responses per Rome calendar day, from the first response to today (the last year at most), with the running total. */
function perDay(
  responses: SamplePanel["responses"],
  at: Date,
): { day: string; label: string; count: number; cumulative: number }[] {
  if (responses.length === 0) return [];
  const counts = new Map<string, number>();
  for (const r of responses) {
    const day = romeDay(new Date(r.submittedAt));
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const sorted = [...counts.keys()].sort();
  const today = romeDay(at);
  const last = sorted[sorted.length - 1] > today ? sorted[sorted.length - 1] : today;
  const days: string[] = [];
  for (
    let d = new Date(`${last}T00:00:00Z`);
    days.length < MAX_DAYS && d.toISOString().slice(0, 10) >= sorted[0];
    d = new Date(d.getTime() - 86_400_000)
  ) {
    days.push(d.toISOString().slice(0, 10));
  }
  days.reverse();
  let running = [...counts].filter(([day]) => day < days[0]).reduce((s, [, n]) => s + n, 0);
  return days.map((day) => {
    const count = counts.get(day) ?? 0;
    running += count;
    return {
      day,
      count,
      cumulative: running,
      label: new Date(`${day}T12:00:00Z`).toLocaleDateString("it-IT", {
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: "UTC",
      }),
    };
  });
}
