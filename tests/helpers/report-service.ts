import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { saveReportSettings } from "../../src/storage/sqlite-report-settings.js";
import type { ReportBuilder } from "../../src/report/builders.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import type { Db } from "../../src/db/client.js";
import type { StoredResponse } from "../../src/responses/records.js";
import type { SurveyRegistry } from "../../src/surveys/registry.js";
import { syntheticSample } from "../report/fixtures.js";

/** A new database file in a temporary folder: a report worker can open it (it cannot open `:memory:`). */
export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), "report-service-")), "sportello.sqlite");
}

/** Stores the demo generator's responses and asks for fewer replicates, so that each build is quick. */
export function storeDemoResponses(
  db: Db,
  registry: SurveyRegistry,
  citizens: number,
  staff: number,
  seed: number,
): StoredResponse[] {
  const sample = syntheticSample(citizens, staff, seed);
  db.transaction((tx) => {
    for (const r of [...sample.citizens, ...sample.staff]) storeOne(tx, registry, r);
  });
  saveReportSettings(db, "cittadini", { ...DEFAULT_SETTINGS, replicates: 100 }, "test");
  return sample.citizens;
}

export function storeOne(db: Db, registry: SurveyRegistry, r: StoredResponse): void {
  const stored = recordResponse(db, registry.current(r.surveyId)!, r.answers, {
    channel: r.channel,
    lang: r.lang,
    startedAt: r.startedAt,
    submittedAt: r.submittedAt,
    synthetic: true,
  });
  if (!stored.ok) throw new Error(JSON.stringify(stored.page));
}

export interface Latch {
  open: () => void;
  closed: Promise<void>;
}

export function latch(): Latch {
  let open!: () => void;
  const closed = new Promise<void>((resolve) => (open = resolve));
  return { open, closed };
}

export interface Hold {
  /** Lets the held build go on. */
  open: () => void;
  /** Resolves once a build has started and is being held. */
  entered: Promise<void>;
}

/**
 * The real builder, held at the start of each build until the test opens the current latch: so a
 * test sees what the server does while a report is being built, without depending on how long it takes.
 */
export function heldBuilder(real: ReportBuilder): { builder: ReportBuilder; hold(): Hold } {
  let gate = latch();
  let entered = latch();
  gate.open();
  return {
    builder: {
      async build(job) {
        entered.open();
        await gate.closed;
        return real.build(job);
      },
      close: () => real.close(),
    },
    hold() {
      gate = latch();
      entered = latch();
      return { open: gate.open, entered: entered.closed };
    },
  };
}
