import type { Response } from "express";
import type { Report } from "../../report/contract.js";
import { ReportUnavailable } from "../../report/load.js";
import type { ReportService } from "../../report/service.js";
import type { ReportFilters } from "../../report/types.js";
import { notFound } from "../common/errors.js";

/** Seconds after which a page still being prepared reloads itself (no JavaScript needed). */
export const REFRESH_SECONDS = 5;
const FAILED_RETRY_SECONDS = 60;
const FAILED_TEXT =
  "Non è stato possibile calcolare il rapporto. L'errore è stato registrato: lo segnali all'amministratore del sistema. Il calcolo sarà ritentato tra un minuto, o prima se arrivano nuove risposte o cambiano le impostazioni.";

export interface ServedReport {
  report: Report;
  /** Newer answers or settings exist and the report is being recomputed: «aggiornamento in corso». */
  updating: boolean;
}

/**
 * The report a page shows, or null once a "being prepared" answer has been sent. Never computes a
 * report here: a missing or outdated one is asked of the report service, which builds it in a worker.
 */
export async function serveReport(
  reports: ReportService,
  surveyId: string,
  filters: ReportFilters,
  res: Response,
  format: "html" | "json" | "file",
): Promise<ServedReport | null> {
  let view;
  try {
    view = await reports.view(surveyId, filters);
  } catch (error) {
    if (error instanceof ReportUnavailable) throw notFound();
    throw error;
  }
  if (view.status === "fresh") return statusHeader(res, { report: view.report, updating: false });
  if (view.status === "updating") return statusHeader(res, { report: view.report, updating: true });
  if (view.status === "failed") {
    // A build that fails is a defect (logged by the service): the last good report stays readable.
    if (view.report) return statusHeader(res, { report: view.report, updating: false });
    res.status(503).set("Retry-After", String(FAILED_RETRY_SECONDS)).set("X-Report-Status", "failed");
    if (format === "json") res.json({ status: "failed", message: FAILED_TEXT });
    else res.render("report/preparing", { title: "Rapporto non disponibile", failed: FAILED_TEXT });
    return null;
  }
  res.status(503).set("Retry-After", String(REFRESH_SECONDS)).set("X-Report-Status", "preparing");
  if (format === "json")
    res.json({ status: "preparing", message: "Il rapporto è in preparazione: riprovi tra qualche secondo." });
  else {
    res.set("Refresh", String(REFRESH_SECONDS));
    res.render("report/preparing", { title: "Rapporto in preparazione", seconds: REFRESH_SECONDS });
  }
  return null;
}

function statusHeader(res: Response, served: ServedReport): ServedReport {
  res.set("X-Report-Status", served.updating ? "updating" : "fresh");
  return served;
}
