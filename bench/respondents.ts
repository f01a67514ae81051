import type { SyntheticResponse } from "../src/demo/generator.js";
import type { LoadedSurvey } from "../src/surveys/loader.js";
import { allParts } from "../src/surveys/flow.js";
import { answersToBody } from "../src/surveys/validate.js";
import { forwardedFor } from "./load.js";

export interface JourneyFigures {
  /** Questionnaires sent (POST /invia answered with the thank-you redirect) per second. */
  completes: number;
  /** HTTP requests per second during those journeys (every GET and POST a browser makes). */
  rps: number;
  requestsPerQuestionnaire: number;
  p99: number;
}

/**
 * `connections` citizens at once fill in the questionnaire over HTTP the way a browser without
 * JavaScript does (intro, start, every page: GET then POST, summary, send, thank-you page), each with
 * the answers of a synthetic citizen, for `seconds`. Every citizen comes from its own address.
 */
export async function journeys(
  base: string,
  survey: LoadedSurvey,
  people: readonly SyntheticResponse[],
  connections: number,
  seconds: number,
): Promise<JourneyFigures> {
  const latencies: number[] = [];
  let requests = 0;
  let completes = 0;
  let next = 0;
  const end = Date.now() + seconds * 1000;

  async function call(path: string, ip: string, form?: URLSearchParams): Promise<{ status: number; location: string }> {
    const t = performance.now();
    const res = await fetch(base + path, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { "x-forwarded-for": ip, ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form?.toString(),
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    requests++;
    if (res.status >= 400) throw new Error(`${form ? "POST" : "GET"} ${path}: ${res.status}`);
    return { status: res.status, location: res.headers.get("location") ?? "" };
  }

  async function one(): Promise<void> {
    const i = next++;
    const person = people[i % people.length];
    const ip = forwardedFor(i);
    const lang = person.meta.lang;
    await call(`/s/${survey.definition.id}`, ip);
    let at = (await call(`/s/${survey.definition.id}/start`, ip, new URLSearchParams({ lang }))).location;
    for (let hops = 0; hops < 40; hops++) {
      if (at.includes("/grazie")) {
        await call(at, ip);
        completes++;
        return;
      }
      const shown = await call(at, ip);
      if (shown.status === 303) {
        at = shown.location;
        continue;
      }
      const path = at.split("?")[0];
      // A split page's later parts are `id-2`, `id-3` … (src/surveys/flow.ts, pageParts).
      const pageId = /\/p\/([a-z0-9_]+(?:-\d+)?)$/.exec(path)?.[1];
      const form = new URLSearchParams({ lang });
      if (pageId) {
        const page = allParts(survey, person.answers).find((p) => p.id === pageId);
        if (!page) throw new Error(`pagina sconosciuta ${pageId}`);
        for (const [key, value] of Object.entries(answersToBody(page.questions, person.answers))) {
          for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
        }
        form.set("action", "next");
        at = (await call(path, ip, form)).location;
      } else if (path.endsWith("/riepilogo")) {
        at = (await call(path.replace(/riepilogo$/, "invia"), ip, form)).location;
      } else {
        throw new Error(`percorso inatteso ${at}`);
      }
    }
    throw new Error("questionario non concluso in 40 passi");
  }

  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    completes: completes / elapsed,
    rps: requests / elapsed,
    requestsPerQuestionnaire: completes ? requests / completes : 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}
