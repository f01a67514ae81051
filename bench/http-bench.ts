import { join } from "node:path";
import type { SyntheticResponse } from "../src/demo/generator.js";
import { createDraft, saveDraft } from "../src/storage/sqlite-drafts.js";
import { countResponses } from "../src/storage/sqlite-responses.js";
import { startChild, type Child } from "./child.js";
import { startProduct, type ProductServer } from "./compiled.js";
import { CITIZENS, openBenchDb, prefillDrafts } from "./fixtures.js";
import { forwardedFor, measure, type LoadFigures } from "./load.js";
import { journeys, type JourneyFigures } from "./respondents.js";

export interface HttpOptions {
  seconds: number;
  warmup: number;
  connections: number;
  /** Drafts ready to send for the raw /invia measurement (each can be sent once). */
  drafts: number;
}

export interface HttpFigures {
  hello: LoadFigures;
  surveyPage: LoadFigures;
  questionPage: LoadFigures;
  journeys: JourneyFigures;
  submit: LoadFigures;
  stored: number;
  serverIdleRss: number;
  serverPeakRss: number;
  helloPeakRss: number;
}

/**
 * The product (compiled, started as `npm start` starts it, from `build`: compileProduct) and a bare
 * express app, side by side on loopback, each in its own process.
 */
export async function httpBench(
  dir: string,
  build: string,
  people: readonly SyntheticResponse[],
  o: HttpOptions,
  log: (line: string) => void,
): Promise<HttpFigures> {
  const path = join(dir, "server.db");
  const { db, registry } = openBenchDb(path);
  const survey = registry.current(CITIZENS)!;
  const children: (Child | ProductServer)[] = [];
  try {
    const hello = await startChild(join(import.meta.dirname, "hello-server.ts"));
    children.push(hello);
    const product = await startProduct(build, path);
    children.push(product);
    const helloUrl = `http://127.0.0.1:${hello.port}`;
    const url = `http://127.0.0.1:${product.port}`;
    const run = { connections: o.connections, duration: o.seconds };

    log(`hello (${o.seconds} s)…`);
    const helloFigures = await measure({ ...run, url: `${helloUrl}/` }, 200, o.warmup);
    log(`pagina del questionario GET /s/${CITIZENS}…`);
    const surveyPage = await measure(
      { ...run, url: `${url}/s/${CITIZENS}`, headers: { "x-forwarded-for": forwardedFor(1) } },
      200,
      o.warmup,
    );

    // A live draft on the page with the "for each service you used" grids (the heaviest to draw).
    const person = people.find((p) => Object.keys(p.answers).some((k) => k.startsWith("volte/")))!;
    const draft = createDraft(db, {
      surveyId: CITIZENS,
      surveyVersion: survey.definition.version,
      lang: "it",
      channel: "web",
      codeHash: null,
      days: 30,
    });
    saveDraft(db, draft.token, person.answers, "it");
    log("pagina di una bozza GET /r/:token/p/esperienza…");
    const questionPage = await measure(
      { ...run, url: `${url}/r/${draft.token}/p/esperienza`, headers: { "x-forwarded-for": forwardedFor(2) } },
      200,
      o.warmup,
    );

    log(`questionari completi via HTTP (${o.connections} cittadini alla volta)…`);
    const journeyFigures = await journeys(url, survey, people, o.connections, o.seconds);

    log(`${o.drafts} bozze complete pronte per l'invio…`);
    const tokens = prefillDrafts(db, registry, people, o.drafts);
    const before = countResponses(db, CITIZENS);
    let used = 0;
    log("invio POST /r/:token/invia…");
    // Exactly one request per prepared draft (autocannon's `amount`), with no warm-up: a run timed by
    // duration sends as many as the machine allows, and a fast run used up the drafts before its end.
    const submit = await measure(
      {
        connections: o.connections,
        amount: tokens.length,
        url,
        requests: [
          {
            method: "POST",
            setupRequest: (req) => {
              const i = used++;
              if (i >= tokens.length)
                throw new Error(`bozze esaurite (${tokens.length}): aumentare il numero di bozze`);
              return {
                ...req,
                path: `/r/${tokens[i]}/invia`,
                body: "lang=it",
                headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor(i) },
              };
            },
          },
        ],
      },
      303,
      0,
    );
    const stored = countResponses(db, CITIZENS) - before;
    if (stored < submit.requests || stored > used)
      throw new Error(`invii: ${submit.requests} risposte 303 ma ${stored} risposte salvate (${used} bozze usate)`);

    const memory = product.memory();
    const helloMemory = await hello.ask<{ maxRss: number }>("memory");
    return {
      hello: helloFigures,
      surveyPage,
      questionPage,
      journeys: journeyFigures,
      submit,
      stored,
      serverIdleRss: product.idleRss,
      serverPeakRss: memory.maxRss,
      helloPeakRss: helloMemory.maxRss,
    };
  } finally {
    for (const c of children) await c.stop();
    db.$client.close();
  }
}
