import { statfsSync } from "node:fs";

/** Below this much free space the database may fail to write a response: the check reports it. */
export const MIN_FREE_BYTES = 200 * 1024 * 1024;

export interface MigrationState {
  applied: number;
  expected: number;
  /** The newest shipped migration is among those applied. */
  latest: boolean;
}

/** What the check asks the database: the storage boundary answers it on either engine (`Storage.migrationState`). */
export interface HealthSource {
  /** The database answers and has every shipped migration; rejects when it does not answer. */
  migrationState(): Promise<MigrationState>;
}

export interface Health {
  status: "ok" | "error";
  database: { reachable: boolean };
  migrations: { applied: number; expected: number; ok: boolean };
  disk: { freeBytes: number | null; minFreeBytes: number; ok: boolean };
}

/**
 * Database reachable, migrations applied, free space: through the storage boundary (either engine; on
 * SQLite src/storage/sqlite.ts pings the file and reads its migrations); the disk is the one the app's
 * data folder is on.
 */
export async function checkStorageHealth(
  storage: HealthSource,
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
