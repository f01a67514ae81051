import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import type { Storage } from "../../src/storage/types.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { CITIZEN_ANSWERS } from "./engines.js";

/**
 * The app node's crash, not the database server's: the test server runs with fsync off, and a
 * server crash is PostgreSQL's own WAL guarantee (synchronous_commit on). What this checks is ours:
 * the node acknowledges only after COMMIT, so nothing acknowledged lives only in the node.
 */
const ROOT = join(import.meta.dirname, "../..");
const server = usePostgres();
let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

/** Runs the node, waits for its first line (the acknowledgement), kills it at once with SIGKILL. */
function sendThenKill(url: string, token: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "send-and-hang.ts"), url, token],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const early = (code: number | null): void =>
      reject(new Error(`node exited (${code}) before acknowledging: ${stderr}`));
    child.once("exit", early);
    child.stdout.once("data", (line: Buffer) => {
      child.off("exit", early);
      child.once("exit", () => resolve(line.toString().trim()));
      child.kill("SIGKILL");
    });
  });
}

describe.skipIf(!HAS_POSTGRES)("an acknowledged response on PostgreSQL", () => {
  it("survives the app node being killed the moment it says «grazie»", async () => {
    const url = await server().createDatabase();
    storage = await openPostgresStorage(url, { max: 1 });
    const draft = await storage.drafts.create({
      surveyId: "prova",
      surveyVersion: 1,
      lang: "it",
      channel: "web",
      codeHash: null,
      days: 30,
    });
    await storage.drafts.save(draft.token, CITIZEN_ANSWERS, "it");
    expect(await sendThenKill(url, draft.token)).toBe(JSON.stringify({ status: "stored", codeProtected: false }));
    const [response] = await storage.responses.list("prova");
    expect(response.answers).toEqual(CITIZEN_ANSWERS);
    expect(await storage.drafts.find(draft.token)).toMatchObject({ submitted: true, answers: {} });
  });
});
