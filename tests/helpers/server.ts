/**
 * The real server (src/main.ts) in a child process, and respondents that drive it over fetch:
 * for tests that kill the process or copy its database while it serves.
 *
 *   const s = await spawnServer(dbPath);                  // waits for the first line
 *   const ok = await completeProva(s.base, "c1", "10.0.0.1"); // answers, or null if not acknowledged
 *   await s.kill();                                        // SIGKILL, resolves when it is gone
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.js";
import type { Answers } from "../../src/surveys/options.js";
import { FIXTURE_SURVEYS } from "./app.js";
import { formBody, type Fields } from "./respondent.js";

export const ROOT = join(import.meta.dirname, "../..");

export interface SpawnedServer {
  base: string;
  child: ChildProcess;
  kill(): Promise<void>;
}

export async function spawnServer(dbPath: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    // TRUST_PROXY: each simulated client sends its own X-Forwarded-For, as behind the comune's proxy.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: dbPath,
      SURVEYS_DIR: FIXTURE_SURVEYS,
      TRUST_PROXY: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

async function post(url: string, fields: Fields, address: string): Promise<{ status: number; location: string }> {
  const res = await fetch(url, {
    method: "POST",
    body: formBody(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
    redirect: "manual",
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location") ?? "" };
}

/** What a respondent to the fixture survey `prova` sends; `commento` makes each one recognisable. */
export function provaAnswers(tag: string, n: number): Answers {
  return {
    eta: "18_44",
    quartiere: n % 2 ? "centro" : "mombello",
    usati: "cie",
    "soddisfazione/cie": String(n % 11),
    classifica: "cie imu",
    orari: "sabato",
    commento: tag,
  };
}

/**
 * Fills in `prova` page by page and sends it. Resolves true only when sending was acknowledged
 * with the redirect to the thank-you page; `onSend` runs just before the sending request.
 * A connection error (the server killed) rejects.
 */
export async function completeProva(
  base: string,
  answers: Answers,
  address: string,
  onSend?: () => void,
): Promise<boolean> {
  let r = await post(`${base}/s/prova/start`, { lang: "it" }, address);
  if (r.status !== 303) return false;
  const token = /\/r\/([^/]+)\//.exec(r.location)?.[1];
  const pages: Fields[] = [
    { eta: answers.eta, quartiere: answers.quartiere },
    { usati: answers.usati },
    { "soddisfazione/cie": answers["soddisfazione/cie"] },
    { "classifica/1": "cie", "classifica/2": "imu", orari: answers.orari },
    { commento: answers.commento },
  ];
  for (const fields of pages) {
    r = await post(`${base}${r.location}`, { ...fields, action: "next" }, address);
    if (r.status !== 303) return false;
  }
  // After the last page the respondent goes to the summary.
  if (!r.location.endsWith("riepilogo")) return false;
  onSend?.();
  r = await post(`${base}/r/${token}/invia`, { lang: "it" }, address);
  return r.status === 303 && r.location.endsWith("/grazie");
}

/** Responses whose answers are not a readable, non-empty JSON object: there must be none, whatever the crash. */
export function brokenResponseCounts(dbPath: string): { unreadableAnswers: number; responsesWithoutAnswers: number } {
  const db = openDatabase(dbPath);
  try {
    const one = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
    return {
      unreadableAnswers: one(
        "SELECT count(*) AS n FROM responses WHERE NOT json_valid(answers) OR json_type(answers) <> 'object'",
      ),
      responsesWithoutAnswers: one("SELECT count(*) AS n FROM responses WHERE answers = '{}'"),
    };
  } finally {
    db.$client.close();
  }
}
