import type { SyntheticResponse } from "../src/demo/generator.js";
import { openPostgresStorage } from "../src/storage/postgres/index.js";
import type { Storage } from "../src/storage/types.js";
import { HAS_POSTGRES, startPostgres } from "../tests/helpers/postgres-server.js";
import { startProduct, type ProductServer } from "./compiled.js";
import { CITIZENS } from "./fixtures.js";
import { forwardedFor, measure, type LoadFigures } from "./load.js";
import type { HttpOptions } from "./http-bench.js";

/** The HTTP figures of the product on PostgreSQL with a given number of app nodes. */
export interface PostgresNodesFigures {
  nodes: number;
  surveyPage: LoadFigures;
  questionPage: LoadFigures;
  submit: LoadFigures;
}

export type PostgresFigures = { runs: PostgresNodesFigures[] } | { skipped: string };

/**
 * The product started as `DATABASE_URL=… npm start` (one child per app node) on a throwaway
 * PostgreSQL with fsync on, as a production server runs; the load is spread over the nodes (a
 * reverse proxy's round robin: each node gets its share of the connections, the rates are summed).
 * Each node count gets a new database, so the second run does not read the first one's responses.
 */
export async function postgresBench(
  build: string,
  people: readonly SyntheticResponse[],
  o: HttpOptions,
  nodeCounts: readonly number[],
  log: (line: string) => void,
): Promise<PostgresFigures> {
  if (!HAS_POSTGRES) return { skipped: "PostgreSQL not installed (apt-get install postgresql)" };
  const server = await startPostgres({ durable: true });
  try {
    const runs: PostgresNodesFigures[] = [];
    for (const nodes of nodeCounts)
      runs.push(await onNodes(build, await server.createDatabase(), nodes, people, o, log));
    return { runs };
  } finally {
    server.stop();
  }
}

async function onNodes(
  build: string,
  url: string,
  nodes: number,
  people: readonly SyntheticResponse[],
  o: HttpOptions,
  log: (line: string) => void,
): Promise<PostgresNodesFigures> {
  const children: ProductServer[] = [];
  let storage: Storage | undefined;
  try {
    // One after the other: the first migrates and publishes, the others find it done.
    for (let i = 0; i < nodes; i++)
      children.push(await startProduct(build, "/nonexistent/sportello.db", { DATABASE_URL: url }));
    const bases = children.map((c) => `http://127.0.0.1:${c.port}`);
    storage = await openPostgresStorage(url, { max: 4 });
    const survey = (await storage.surveys.readPublished()).find((s) => s.definition.id === CITIZENS)!;
    const draftFor = async (person: SyntheticResponse): Promise<string> => {
      const draft = await storage!.drafts.create({
        surveyId: CITIZENS,
        surveyVersion: survey.definition.version,
        lang: person.meta.lang,
        channel: "web",
        codeHash: null,
        days: 30,
      });
      await storage!.drafts.save(draft.token, person.answers, person.meta.lang);
      return draft.token;
    };
    const label = `PostgreSQL, ${nodes} ${nodes === 1 ? "nodo" : "nodi"}`;

    log(`${label}: GET /s/${CITIZENS}…`);
    const surveyPage = await spread(bases, o, (base, node) => ({
      url: `${base}/s/${CITIZENS}`,
      headers: { "x-forwarded-for": forwardedFor(1 + node) },
    }));
    const person = people.find((p) => Object.keys(p.answers).some((k) => k.startsWith("volte/")))!;
    const token = await draftFor(person);
    log(`${label}: GET /r/:token/p/esperienza…`);
    const questionPage = await spread(bases, o, (base, node) => ({
      url: `${base}/r/${token}/p/esperienza`,
      headers: { "x-forwarded-for": forwardedFor(100 + node) },
    }));

    log(`${label}: ${o.drafts} bozze complete pronte per l'invio…`);
    const tokens: string[] = [];
    for (let i = 0; i < o.drafts; i++) tokens.push(await draftFor(people[i % people.length]));
    const before = await storage.responses.count(CITIZENS);
    log(`${label}: invio POST /r/:token/invia…`);
    const share = Math.ceil(tokens.length / nodes);
    const parts = await Promise.all(
      bases.map((base, node) => {
        const mine = tokens.slice(node * share, (node + 1) * share);
        let used = 0;
        return measure(
          {
            connections: Math.max(1, Math.round(o.connections / nodes)),
            amount: mine.length,
            url: base,
            requests: [
              {
                method: "POST",
                setupRequest: (req) => {
                  const i = used++;
                  return {
                    ...req,
                    path: `/r/${mine[i]}/invia`,
                    body: "lang=it",
                    headers: {
                      "content-type": "application/x-www-form-urlencoded",
                      "x-forwarded-for": forwardedFor(node * share + i),
                    },
                  };
                },
              },
            ],
          },
          303,
          0,
        );
      }),
    );
    const submit = combine(parts);
    const stored = (await storage.responses.count(CITIZENS)) - before;
    if (stored !== submit.requests)
      throw new Error(`${label}: ${submit.requests} invii risposti 303 ma ${stored} risposte salvate`);
    return { nodes, surveyPage, questionPage, submit };
  } finally {
    await storage?.close();
    for (const c of children) await c.stop();
  }
}

/** The same load on every node at once, the connections shared out; the rates summed. */
async function spread(
  bases: readonly string[],
  o: HttpOptions,
  target: (base: string, node: number) => { url: string; headers: Record<string, string> },
): Promise<LoadFigures> {
  const connections = Math.max(1, Math.round(o.connections / bases.length));
  return combine(
    await Promise.all(
      bases.map((base, node) => measure({ connections, duration: o.seconds, ...target(base, node) }, 200, o.warmup)),
    ),
  );
}

/** Rates add up; the latencies are the worst node's (a conservative p50 and p99). */
function combine(parts: readonly LoadFigures[]): LoadFigures {
  return {
    rps: parts.reduce((sum, p) => sum + p.rps, 0),
    p50: Math.max(...parts.map((p) => p.p50)),
    p99: Math.max(...parts.map((p) => p.p99)),
    requests: parts.reduce((sum, p) => sum + p.requests, 0),
    seconds: Math.max(...parts.map((p) => p.seconds)),
  };
}
