import { existsSync, statSync } from "node:fs";
import type { Db } from "../db/client.js";
import { listResponses } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { buildReport, type Report } from "./build.js";
import { responsesFingerprint } from "./cache.js";
import { marginsFor } from "./margins-source.js";
import { readReportSettings, readStoredMargins } from "./settings.repository.js";
import type { ReportFilters, ReportSettings } from "./types.js";

/**
 * Everything a report is built from, as plain data: it crosses to the report worker as a message,
 * so the surveys travel with it and the worker needs no registry of its own.
 */
export interface ReportJob {
  survey: LoadedSurvey;
  /** The survey's older published versions: their responses are read with their own definition. */
  olderVersions?: LoadedSurvey[];
  staffSurvey?: LoadedSurvey;
  marginsFile: string;
  filters: ReportFilters;
  /** Settings over those stored for the survey (the CLI's --seed, a test's smaller replicate count). */
  settings?: Partial<ReportSettings>;
  generatedAt: string;
}

export interface BuiltReport {
  /** The state of every input the report was built from: equal inputs give an identical report. */
  inputs: string;
  report: Report;
}

/**
 * The state of a report's inputs now: survey versions, settings, filters, which margins, and a
 * fingerprint of the responses. Cheap (a few small queries), so a page can ask it at every view.
 */
export function reportInputs(db: Db, job: Omit<ReportJob, "generatedAt">): string {
  const { survey, staffSurvey } = job;
  const settings = { ...readReportSettings(db, survey.definition.id), ...job.settings };
  const stored = readStoredMargins(db, survey.definition.id);
  const marginsVersion = stored ? `caricati ${stored.uploadedAt}` : existsSync(job.marginsFile) ? `file ${statSync(job.marginsFile).mtimeMs}` : "nessuno";
  return JSON.stringify([
    survey.definition.id, survey.definition.version, staffSurvey?.definition.version ?? null, settings, job.filters, marginsVersion,
    responsesFingerprint(db, [survey.definition.id, ...(staffSurvey ? [staffSurvey.definition.id] : [])]),
  ]);
}

/**
 * Builds the report of a job from the database. The inputs and the responses are read in one read
 * transaction, so the inputs returned are exactly those the report was built from even while
 * citizens keep answering on another connection (WAL gives the transaction its own snapshot).
 */
export function runReportJob(db: Db, job: ReportJob): BuiltReport {
  const read = (): BuiltReport => {
    const inputs = reportInputs(db, job);
    const { survey, staffSurvey } = job;
    const settings = { ...readReportSettings(db, survey.definition.id), ...job.settings };
    const margins = marginsFor(db, survey, job.marginsFile);
    const report = buildReport({
      citizenSurvey: survey,
      citizenVersions: new Map((job.olderVersions ?? []).map((v) => [v.definition.version, v])),
      citizens: listResponses(db, survey.definition.id),
      staffSurvey,
      staff: staffSurvey ? listResponses(db, staffSurvey.definition.id) : [],
      margins: margins?.ok ? margins.margins : undefined,
      marginsProblem: margins && !margins.ok ? `Le stime non sono ponderate: i margini di censimento non corrispondono al questionario (${margins.errors.slice(0, 3).join(" ")}).` : undefined,
      settings,
      filters: job.filters,
      generatedAt: job.generatedAt,
    });
    return { inputs, report };
  };
  const client = (db as { $client?: { inTransaction: boolean; transaction: (fn: () => BuiltReport) => { deferred: () => BuiltReport } } }).$client;
  return client && !client.inTransaction ? client.transaction(read).deferred() : read();
}
