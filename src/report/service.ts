import type { SurveyRegistry } from "../surveys/registry.js";
import type { Report } from "./contract.js";
import type { ReportBuilder } from "./builders.js";
import type { ReportInputsReader } from "./inputs.js";
import { reportInputsFrom, type BuiltReport, type ReportJob } from "./job.js";
import { reportJobFor } from "./load.js";
import type { ReportFilters } from "./types.js";

/** What a report page can show now. */
export type ReportView =
  | { status: "fresh"; report: Report }
  /** The last finished report; newer answers or settings exist and a rebuild has been asked for. */
  | { status: "updating"; report: Report }
  /** No report of this view was ever finished: the first build has been asked for. */
  | { status: "preparing" }
  /** The build from the current inputs failed; the last finished report, if any, is still served. */
  | { status: "failed"; report?: Report; message: string };

export interface ReportService {
  /** Never builds on the caller's turn: serves what is finished and asks for what is missing. Throws ReportUnavailable. */
  view(surveyId: string, filters: ReportFilters): Promise<ReportView>;
  /** Builds started so far (what tests count to see bursts coalesce). */
  buildCount(): number;
  /** Resolves once no build is running or waiting. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ReportServiceOptions {
  marginsFile: string;
  now?: () => Date;
  /** Where builds run, instead of the source's builder (tests hold or fail builds with it). */
  builder?: ReportBuilder;
  /**
   * How long a view waits for the build it asked for before answering with what it has. Waiting
   * is asynchronous (the server keeps serving): a small survey's report comes fresh at once, a
   * town-sized one shows the last finished report with «aggiornamento in corso».
   */
  waitMs?: number;
  /** Quiet time before a build starts, so that a burst of views and answers makes one build. */
  debounceMs?: number;
}

/** Finished reports kept: one per view (survey and filters), the least recently read dropped. */
const MAX_VIEWS = 24;
/** A failed build is not tried again from the same inputs before this (a crash may be transient). */
const RETRY_FAILED_MS = 60_000;

/**
 * Where a report service reads and builds, on either engine: the reader of the inputs (asked at every
 * view) and the builder (a worker with its own connection or pool). On PostgreSQL both come from
 * src/storage/postgres/report-source.ts, on SQLite from src/storage/sqlite-report-source.ts.
 */
export interface ReportSource {
  inputs: ReportInputsReader;
  builder: ReportBuilder;
  /** Several app nodes (PostgreSQL): where one node's finished reports are found by all. */
  shared?: SharedReports;
}

/**
 * Finished reports shared between app nodes, so that one node builds a view and every node serves
 * it. Keyed by the view (survey and filters); a report is served only while the data still has the
 * fingerprint (`inputs`) it was built from.
 */
export interface SharedReports {
  /** The last finished report of a view, as its JSON, with the fingerprint of its data. */
  find(viewKey: string): Promise<{ inputs: string; report: string } | undefined>;
  save(viewKey: string, inputs: string, report: string): Promise<void>;
  /** Runs `build` unless another node is building the same view from the same data now ("busy", at once). */
  exclusively<T>(
    viewKey: string,
    inputs: string,
    build: () => Promise<T>,
  ): Promise<{ status: "built"; value: T } | { status: "busy" }>;
}

/**
 * The reports of the web: built one at a time off the request path, each view's last finished
 * report kept with the state of the inputs it was built from. A view whose inputs are unchanged is
 * served from memory; otherwise its rebuild is asked for and coalesced: while a build runs, any
 * number of requests for the same view make at most one more build, and a build whose inputs have
 * not changed since the last finished one is skipped.
 *
 * Works over any storage: `options.builder`, if given, replaces the source's.
 */
export function createReportServiceOn(
  source: ReportSource,
  registry: SurveyRegistry,
  options: ReportServiceOptions,
): ReportService {
  const reader = source.inputs;
  const shared = source.shared;
  const builder = options.builder ?? source.builder;
  const now = options.now ?? (() => new Date());
  const waitMs = options.waitMs ?? 1000;
  const debounceMs = options.debounceMs ?? 100;

  const finished = new Map<string, BuiltReport>();
  const failed = new Map<string, { inputs: string; message: string; at: number }>();
  const pending = new Map<string, ReportJob>();
  const waiters = new Map<string, (() => void)[]>();
  let idleWaiters: (() => void)[] = [];
  let running: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let builds = 0;

  const viewKeyOf = (job: ReportJob): string => JSON.stringify([job.survey.definition.id, job.filters]);

  const notify = (key: string): void => {
    const list = waiters.get(key) ?? [];
    waiters.delete(key);
    for (const wake of list) wake();
  };
  const settleIdle = (): void => {
    if (running || timer || pending.size > 0) return;
    const list = idleWaiters;
    idleWaiters = [];
    for (const wake of list) wake();
  };
  const remember = (key: string, built: BuiltReport): void => {
    finished.delete(key);
    finished.set(key, built);
    if (finished.size > MAX_VIEWS) finished.delete(finished.keys().next().value!);
  };

  const schedule = (): void => {
    if (!running && !timer && pending.size > 0) {
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, debounceMs);
    }
    settleIdle();
  };

  /**
   * Starts the next waiting build, if none is running. `running` is set before its inputs are read,
   * so no second build starts while the first one's inputs are being compared.
   */
  const pump = (): void => {
    if (running || pending.size === 0) return settleIdle();
    const [key, job] = pending.entries().next().value!;
    pending.delete(key);
    running = key;
    let built = false;
    void buildIfChanged(key, job)
      .then((didBuild) => (built = didBuild))
      .finally(() => {
        running = null;
        notify(key);
        // A skipped build leaves no burst to wait for: the next waiting view goes at once.
        if (built) schedule();
        else pump();
      });
  };

  /** Takes the report another node finished from the same data, if there is one. */
  const adopt = async (key: string, wanted: string): Promise<boolean> => {
    if (!shared) return false;
    try {
      const found = await shared.find(key);
      if (found?.inputs !== wanted) return false;
      remember(key, { inputs: wanted, report: JSON.parse(found.report) as Report });
      failed.delete(key);
      return true;
    } catch (error) {
      console.error(`Rapporto ${key}: lettura del rapporto condiviso non riuscita.`, error);
      return false;
    }
  };

  const buildIfChanged = async (key: string, job: ReportJob): Promise<boolean> => {
    let wanted: string;
    try {
      wanted = await reportInputsFrom(reader, job);
    } catch (error) {
      // The next view asks again: the database may be back by then.
      console.error(`Rapporto ${key}: lettura dei dati non riuscita.`, error);
      return false;
    }
    // Asked for while an earlier build ran, but nothing changed since that build read its inputs.
    if (finished.get(key)?.inputs === wanted) return false;
    // Another node finished it meanwhile.
    if (await adopt(key, wanted)) return false;
    const build = (): Promise<BuiltReport> => {
      builds++;
      return builder.build(job);
    };
    // Under the lock, look again and share before letting go: a node that gets the lock right after
    // this one finds the result instead of building it a second time.
    const buildAndShare = async (): Promise<BuiltReport | null> => {
      if (await adopt(key, wanted)) return null;
      const built = await build();
      await share(key, built);
      return built;
    };
    try {
      const outcome = shared
        ? await shared.exclusively(key, wanted, buildAndShare)
        : { status: "built" as const, value: await build() };
      // Another node is building this view from the same data (the next view takes its result), or had built it.
      if (outcome.status === "busy" || outcome.value === null) return false;
      remember(key, outcome.value);
      failed.delete(key);
    } catch (error) {
      // Kept with its inputs, so the same failing build is not retried until something changes.
      failed.set(key, { inputs: wanted, message: (error as Error).message, at: Date.now() });
      console.error(`Rapporto ${key}: calcolo non riuscito.`, error);
    }
    return true;
  };

  const share = async (key: string, built: BuiltReport): Promise<void> => {
    try {
      await shared!.save(key, built.inputs, JSON.stringify(built.report));
    } catch (error) {
      // This node still serves it; the other nodes build their own.
      console.error(`Rapporto ${key}: salvataggio del rapporto condiviso non riuscito.`, error);
    }
  };

  const waitFor = (key: string, ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timeout = setTimeout(resolve, ms);
      const list = waiters.get(key) ?? [];
      list.push(() => {
        clearTimeout(timeout);
        resolve();
      });
      waiters.set(key, list);
    });

  const settled = async (key: string, job: ReportJob): Promise<ReportView | null> => {
    const wanted = await reportInputsFrom(reader, job);
    const last = finished.get(key);
    if (last?.inputs === wanted) {
      remember(key, last);
      return { status: "fresh", report: last.report };
    }
    if (await adopt(key, wanted)) return { status: "fresh", report: finished.get(key)!.report };
    const failure = failed.get(key);
    if (failure?.inputs === wanted && Date.now() - failure.at < RETRY_FAILED_MS)
      return { status: "failed", report: last?.report, message: failure.message };
    return null;
  };

  return {
    async view(surveyId, filters) {
      const job = reportJobFor(registry, surveyId, { marginsFile: options.marginsFile, filters, now: now() });
      const key = viewKeyOf(job);
      const ready = await settled(key, job);
      if (ready) return ready;
      // The latest request's job replaces an older waiting one: one build, with the newest time stamp.
      pending.delete(key);
      pending.set(key, job);
      schedule();
      if (waitMs > 0) {
        await waitFor(key, waitMs);
        const after = await settled(key, job);
        if (after) return after;
      }
      const last = finished.get(key);
      return last ? { status: "updating", report: last.report } : { status: "preparing" };
    },
    buildCount: () => builds,
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      await builder.close();
    },
  };
}
