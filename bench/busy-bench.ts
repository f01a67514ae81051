import { hashPassword } from "../src/admin/passwords.js";
import { insertUser } from "../src/storage/sqlite-users.js";
import type { SyntheticResponse } from "../src/demo/generator.js";
import { answersToBody } from "../src/surveys/validate.js";
import { startProduct } from "./compiled.js";
import { CITIZENS, openBenchDb, prefillDrafts } from "./fixtures.js";
import { forwardedFor } from "./load.js";

export interface Latencies {
  p50: number;
  p99: number;
  count: number;
}

export interface BusyFigures {
  /** From the first report view to the report served fresh (built by the server's worker). */
  buildMs: number;
  idle: { page: Latencies; post: Latencies };
  building: { page: Latencies; post: Latencies };
  serverMaxRss: number;
}

const PASSWORD = "una frase lunga per la giunta del banco di prova";
const CONNECTIONS = 4;

/**
 * Citizens' latency while the server's worker builds the report of the largest database: the
 * product started on it (as `npm start` does), a giunta member opens the report (the first view
 * asks for the build), and meanwhile citizens open the questionnaire (GET /s/:id) and send a page
 * of answers (POST /r/:token/p/:page), 4 at a time, until the report is served fresh. The same
 * traffic for 3 s before, with no build, gives the idle figures beside it.
 */
export async function busyBench(
  path: string,
  build: string,
  people: readonly SyntheticResponse[],
  log: (line: string) => void,
): Promise<BusyFigures> {
  const { db, registry } = openBenchDb(path);
  const survey = registry.current(CITIZENS)!;
  const page = survey.definition.pages[0];
  let tokens: string[];
  try {
    insertUser(db, {
      username: "giunta-bench",
      displayName: "Giunta (banco di prova)",
      passwordHash: await hashPassword(PASSWORD),
      role: "giunta",
    });
    tokens = prefillDrafts(db, registry, people, 200);
  } finally {
    db.$client.close();
  }
  const server = await startProduct(build, path);
  const base = `http://127.0.0.1:${server.port}`;
  try {
    // The sign-in form first, as a browser: its login-CSRF cookie and token.
    const form = await fetch(`${base}/login`, { headers: { "x-forwarded-for": "10.200.0.1" } });
    const formCookie = form.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": "10.200.0.1",
        cookie: formCookie,
      },
      body: new URLSearchParams({ _csrf: token, username: "giunta-bench", password: PASSWORD }).toString(),
    });
    const cookie =
      login.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .find((c) => !c.startsWith("sportello_accesso=")) ?? "";
    if (login.status !== 303 || !cookie) throw new Error(`accesso della giunta non riuscito: ${login.status}`);

    let n = 0;
    const citizens = async (until: () => boolean): Promise<{ page: number[]; post: number[] }> => {
      const out = { page: [] as number[], post: [] as number[] };
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (!until()) {
            const i = n++;
            const ip = forwardedFor(i);
            let t = performance.now();
            const shown = await fetch(`${base}/s/${CITIZENS}`, { headers: { "x-forwarded-for": ip } });
            await shown.arrayBuffer();
            if (shown.status !== 200) throw new Error(`GET /s/${CITIZENS}: ${shown.status}`);
            out.page.push(performance.now() - t);
            const person = people[i % people.length];
            const form = new URLSearchParams({ lang: person.meta.lang, action: "next" });
            for (const [key, value] of Object.entries(answersToBody(page.questions, person.answers))) {
              for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
            }
            t = performance.now();
            const sent = await fetch(`${base}/r/${tokens[i % tokens.length]}/p/${page.id}`, {
              method: "POST",
              redirect: "manual",
              headers: { "x-forwarded-for": ip, "content-type": "application/x-www-form-urlencoded" },
              body: form.toString(),
            });
            await sent.arrayBuffer();
            if (sent.status !== 303) throw new Error(`POST /r/:token/p/${page.id}: ${sent.status}`);
            out.post.push(performance.now() - t);
          }
        }),
      );
      return out;
    };

    const idleEnd = Date.now() + 3000;
    const idle = await citizens(() => Date.now() >= idleEnd);

    log("il rapporto del database più grande nel worker del server, con cittadini in linea…");
    const reportUrl = `${base}/reports/${CITIZENS}.json`;
    const started = performance.now();
    let fresh = false;
    const first = await fetch(reportUrl, { headers: { cookie, "x-forwarded-for": "10.200.0.1" } });
    await first.arrayBuffer();
    let buildMs = 0;
    // A small database is built within the second the first view waits for it: then nothing to measure during.
    if (first.status === 200) {
      buildMs = performance.now() - started;
      fresh = true;
    } else if (first.status !== 503)
      throw new Error(`il primo rapporto doveva essere «in preparazione» (503), non ${first.status}`);
    const poll = (async () => {
      while (!fresh) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const res = await fetch(reportUrl, { headers: { cookie, "x-forwarded-for": "10.200.0.1" } });
        await res.arrayBuffer();
        if (res.status === 200 && res.headers.get("x-report-status") === "fresh") {
          buildMs = performance.now() - started;
          fresh = true;
        } else if (res.status !== 503) throw new Error(`rapporto: ${res.status}`);
      }
    })();
    const building = await citizens(() => fresh);
    await poll;
    const memory = server.memory();
    return { buildMs, idle: summarise(idle), building: summarise(building), serverMaxRss: memory.maxRss };
  } finally {
    await server.stop();
  }
}

function summarise(samples: { page: number[]; post: number[] }): { page: Latencies; post: Latencies } {
  return { page: percentiles(samples.page), post: percentiles(samples.post) };
}

function percentiles(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), count: sorted.length };
}
