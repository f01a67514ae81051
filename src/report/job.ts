import { existsSync, statSync } from "node:fs";
import type { LoadedSurvey } from "../surveys/loader.js";
import { buildReport } from "./build.js";
import type { Report } from "./contract.js";
import type { ReportInputData, ReportInputState, ReportInputsReader, ReportSurveys } from "./inputs.js";
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
export async function reportInputsFrom(
  reader: ReportInputsReader,
  job: Omit<ReportJob, "generatedAt">,
): Promise<string> {
  return inputsKey(job, await reader.state(surveysOf(job)));
}

/** The key of a report's inputs from their state already read: equal keys, an identical report. */
export function inputsKey(job: Omit<ReportJob, "generatedAt">, state: ReportInputState): string {
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
 * Builds the report of a job from the storage's reader, on either engine: the inputs and the
 * responses come from one snapshot, so the inputs returned are exactly those the report was built
 * from even while citizens keep answering. The same data gives byte for byte the same report.
 */
export async function runReportJobFrom(reader: ReportInputsReader, job: ReportJob): Promise<BuiltReport> {
  return buildFromInputs(job, await reader.read(surveysOf(job)));
}

/** The report of a job from its inputs already read (a synchronous reader calls this directly). */
export function buildFromInputs(job: ReportJob, data: ReportInputData): BuiltReport {
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
