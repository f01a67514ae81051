import { existsSync, statSync } from "node:fs";
import type { Db } from "../db/client.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { buildReport } from "./build.js";
import type { Report } from "./contract.js";
import {
  readInputDataSqlite,
  readInputStateSqlite,
  type ReportInputData,
  type ReportInputState,
  type ReportInputsReader,
  type ReportSurveys,
} from "./inputs.js";
import { marginsFrom } from "./margins-source.js";
import type { ReplicateThreading } from "./replicates.js";
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
  /**
   * Threads the bootstrap may use (by default every core): not an input, the report is the same for
   * any number. Only a number crosses to the report worker; the object form is for builds in this process.
   */
  threads?: number | ReplicateThreading;
}

export interface BuiltReport {
  /** The state of every input the report was built from: equal inputs give an identical report. */
  inputs: string;
  report: Report;
}

/** The surveys whose stored data a job reads. */
export function surveysOf(job: Pick<ReportJob, "survey" | "staffSurvey">): ReportSurveys {
  return { surveyId: job.survey.definition.id, staffSurveyId: job.staffSurvey?.definition.id };
}

/**
 * The state of a report's inputs now: survey versions, settings, filters, which margins, and a
 * fingerprint of the responses. Cheap (a few small queries), so a page can ask it at every view.
 */
export function reportInputs(db: Db, job: Omit<ReportJob, "generatedAt">): string {
  return inputsKey(job, readInputStateSqlite(db, surveysOf(job)));
}

/** reportInputs through the storage's reader, on either engine. */
export async function reportInputsFrom(
  reader: ReportInputsReader,
  job: Omit<ReportJob, "generatedAt">,
): Promise<string> {
  return inputsKey(job, await reader.state(surveysOf(job)));
}

function inputsKey(job: Omit<ReportJob, "generatedAt">, state: ReportInputState): string {
  const { survey, staffSurvey } = job;
  const stored = state.storedMargins;
  const marginsVersion = stored
    ? `caricati ${stored.uploadedAt}`
    : existsSync(job.marginsFile)
      ? `file ${statSync(job.marginsFile).mtimeMs}`
      : "nessuno";
  return JSON.stringify([
    survey.definition.id,
    survey.definition.version,
    staffSurvey?.definition.version ?? null,
    { ...state.settings, ...job.settings },
    job.filters,
    marginsVersion,
    state.fingerprint,
  ]);
}

/**
 * Builds the report of a job from the database. The inputs and the responses are read in one read
 * transaction, so the inputs returned are exactly those the report was built from even while
 * citizens keep answering on another connection.
 */
export function runReportJob(db: Db, job: ReportJob): BuiltReport {
  return buildFromInputs(job, readInputDataSqlite(db, surveysOf(job)));
}

/** runReportJob through the storage's reader: the same data gives byte for byte the same report. */
export async function runReportJobFrom(reader: ReportInputsReader, job: ReportJob): Promise<BuiltReport> {
  return buildFromInputs(job, await reader.read(surveysOf(job)));
}

function buildFromInputs(job: ReportJob, data: ReportInputData): BuiltReport {
  const { survey, staffSurvey } = job;
  const margins = marginsFrom(data.storedMargins, survey, job.marginsFile);
  const report = buildReport({
    citizenSurvey: survey,
    citizenVersions: new Map((job.olderVersions ?? []).map((v) => [v.definition.version, v])),
    citizens: data.citizens,
    staffSurvey,
    staff: data.staff,
    margins: margins?.ok ? margins.margins : undefined,
    marginsProblem:
      margins && !margins.ok
        ? `Le stime non sono ponderate: i margini di censimento non corrispondono al questionario (${margins.errors.slice(0, 3).join(" ")}).`
        : undefined,
    settings: { ...data.settings, ...job.settings },
    filters: job.filters,
    generatedAt: job.generatedAt,
    threads: job.threads,
  });
  return { inputs: inputsKey(job, data), report };
}
