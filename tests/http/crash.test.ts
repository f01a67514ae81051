import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import type { Answers } from "../../src/surveys/options.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { validateAnswers } from "../../src/surveys/validate.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";
import {
  completeProva,
  brokenResponseCounts,
  provaAnswers,
  spawnServer,
  type SpawnedServer,
} from "../helpers/server.js";

const CYCLES = 5;
const CLIENTS = 8;

let server: SpawnedServer | undefined;
afterEach(async () => server?.kill());

describe("crash safety", () => {
  it(
    `keeps every acknowledged response, whole and once, through ${CYCLES} SIGKILLs under ${CLIENTS} concurrent respondents`,
    // A budget against a hang, not a speed limit: five server start-ups and kills take about 35 s alone,
    // and over 90 s with two suites side by side on 2 cores (where the whole test once passed every check
    // of its five cycles and still hit a 90 s limit).
    { timeout: 300_000 },
    async () => {
      const dbPath = join(mkdtempSync(join(tmpdir(), "crash-")), "db.sqlite");
      const survey = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()].find((s) => s.definition.id === "prova")!;
      const sent = new Map<string, Answers>(); // every questionnaire whose sending request left the client
      const acknowledged = new Set<string>(); // those that got the 303 to the thank-you page

      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        server = await spawnServer(dbPath);
        const base = server.base;
        let ackedThisCycle = 0;
        // Kill once a random number of acknowledgements came in, so requests are in flight at every stage.
        const killAfter = 15 + Math.floor(Math.random() * 25);
        let killing: Promise<void> | undefined;
        const client = async (c: number): Promise<void> => {
          for (let i = 0; ; i++) {
            const tag = `ciclo ${cycle} cliente ${c} n ${i}`;
            const answers = provaAnswers(tag, i + c);
            try {
              const ok = await completeProva(base, answers, `10.${cycle}.0.${c + 1}`, () => sent.set(tag, answers));
              if (ok) {
                acknowledged.add(tag);
                if (++ackedThisCycle >= killAfter && !killing) killing = server!.kill();
              }
            } catch {
              return; // the server is gone: this client stops, as a browser would show an error
            }
          }
        };
        await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
        await killing;

        const db = openDatabase(dbPath);
        const stored = listResponses(db, "prova");
        db.$client.close();
        const byTag = new Map<string, number>();
        for (const response of stored) {
          const tag = response.answers.commento;
          byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
          // Whole: what was sent, exactly, and valid by the questionnaire's own rules.
          expect(sent.has(tag), `stored but never sent: ${tag}`).toBe(true);
          expect(response.answers).toEqual(sent.get(tag));
          const checked = validateAnswers(survey, response.answers, "it");
          expect(checked.ok).toBe(true);
        }
        // Exactly once: no response twice, and every acknowledged one is there.
        expect([...byTag.entries()].filter(([, n]) => n > 1)).toEqual([]);
        expect([...acknowledged].filter((tag) => !byTag.has(tag))).toEqual([]);
        expect(brokenResponseCounts(dbPath)).toEqual({ unreadableAnswers: 0, responsesWithoutAnswers: 0 });
        console.log(
          `crash cycle ${cycle}: acknowledged ${acknowledged.size} in total (${ackedThisCycle} this cycle), sent ${sent.size}, stored ${stored.length}`,
        );
      }
      expect(acknowledged.size).toBeGreaterThanOrEqual(CYCLES * 15);
    },
  );
});
