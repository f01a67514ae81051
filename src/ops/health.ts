import { statfsSync } from "node:fs";
import { pingDatabase, readMigrationState } from "../db/health.repository.js";
import type { Db } from "../db/client.js";
import type { MigrationState, Storage } from "../storage/types.js";

/** Below this much free space the database may fail to write a response: the check reports it. */
export const MIN_FREE_BYTES = 200 * 1024 * 1024;

export interface Health {
  status: "ok" | "error";
  database: { reachable: boolean };
  migrations: { applied: number; expected: number; ok: boolean };
  disk: { freeBytes: number | null; minFreeBytes: number; ok: boolean };
}

/** Database reachable, migrations applied, free space where the database lives. */
export function checkHealth(db: Db, dataDir: string, minFreeBytes = MIN_FREE_BYTES): Health {
  let state: MigrationState | null = null;
  try {
    pingDatabase(db);
    state = readMigrationState(db);
  } catch {
    state = null;
  }
  return healthOf(state, dataDir, minFreeBytes);
}

/** The same checks through the storage boundary (either engine); the disk is the one the app's data folder is on. */
export async function checkStorageHealth(
  storage: Storage,
  dataDir: string,
  minFreeBytes = MIN_FREE_BYTES,
): Promise<Health> {
  let state: MigrationState | null = null;
  try {
    state = await storage.migrationState();
  } catch {
    state = null;
  }
  return healthOf(state, dataDir, minFreeBytes);
}

/** `state` is null when the database did not answer. */
function healthOf(state: MigrationState | null, dataDir: string, minFreeBytes: number): Health {
  const reachable = state !== null;
  const migrations = state
    ? { applied: state.applied, expected: state.expected, ok: state.latest && state.applied >= state.expected }
    : { applied: 0, expected: 0, ok: false };
  let freeBytes: number | null = null;
  try {
    const fs = statfsSync(dataDir);
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    freeBytes = null;
  }
  const diskOk = freeBytes !== null && freeBytes >= minFreeBytes;
  const ok = reachable && migrations.ok && diskOk;
  return {
    status: ok ? "ok" : "error",
    database: { reachable },
    migrations,
    disk: { freeBytes, minFreeBytes, ok: diskOk },
  };
}
