import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";
import { formBody } from "../helpers/respondent.js";

const ROOT = join(import.meta.dirname, "../..");
let server: ChildProcess | undefined;
afterEach(() => server?.kill("SIGKILL"));

/** Starts the real server (src/main.ts) on a free port and waits for its first line. */
async function startServer(dbPath: string): Promise<string> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: dbPath, SURVEYS_DIR: FIXTURE_SURVEYS },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    server!.stdout!.once("data", () => resolve());
    server!.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}

async function post(url: string, fields: Record<string, string | string[]>): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    body: formBody(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  expect(res.status, await res.text()).toBe(303);
  return res.headers.get("location")!;
}

describe("durability", () => {
  it("keeps a response acknowledged with the thank-you redirect after the process is killed", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "crash-")), "db.sqlite");
    const base = await startServer(dbPath);
    let at = await post(`${base}/s/prova/start`, { lang: "it" });
    const token = /\/r\/([^/]+)\//.exec(at)![1];
    at = await post(`${base}${at}`, { eta: "18_44", quartiere: "centro", action: "next" });
    at = await post(`${base}${at}`, { usati: "cie", action: "next" });
    at = await post(`${base}${at}`, { "soddisfazione/cie": "9", action: "next" });
    at = await post(`${base}${at}`, { "classifica/1": "cie", "classifica/2": "imu", orari: "sabato", action: "next" });
    at = await post(`${base}${at}`, { action: "next" });
    // After the last page: the summary.
    expect(at).toMatch(/riepilogo$/);
    expect(await post(`${base}/r/${token}/invia`, { lang: "it" })).toMatch(/grazie$/);
    server!.kill("SIGKILL");
    await new Promise((resolve) => server!.once("exit", resolve));

    const db = openDatabase(dbPath);
    const stored = listResponses(db, "prova");
    expect(stored.map((r) => r.answers)).toEqual([
      {
        eta: "18_44",
        quartiere: "centro",
        usati: "cie",
        "soddisfazione/cie": "9",
        classifica: "cie imu",
        orari: "sabato",
      },
    ]);
    db.$client.close();
  });
});
