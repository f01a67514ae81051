import { ROLE_NAMES } from "../surveys/vocabulary.js";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createAccount } from "../admin/accounts.service.js";
import { createSqliteStorage } from "../storage/sqlite.js";
import { loadConfig, type Config } from "../config.js";
import type { Role } from "../db/schema.js";
import { DEFAULT_MARGINS, fillWithSynthetic } from "./demo.js";
import { openWithSurveys } from "./data-context.js";

/** Fixed, so every demo shows the same synthetic Limbiate (only the dates follow the day it starts). */
export const DEMO_SEED = 20261127;
export const DEMO_CITIZENS = 800;
export const DEMO_STAFF = 60;

/** One account per role; the operator's name is the one on the synthetic paper questionnaires. */
const ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
  { username: "admin", displayName: "Amministratore (demo)", role: "admin" },
  { username: "analista", displayName: "Analista (demo)", role: "analyst" },
  { username: "operatore", displayName: "Operatore (demo)", role: "operator" },
  { username: "giunta", displayName: "Giunta (demo)", role: "giunta" },
];

export interface DemoAccount {
  username: string;
  role: Role;
  password: string;
}

/**
 * The demo's configuration: the environment's port and surveys, but always its own database
 * (data/demo.db, or DEMO_DATABASE_PATH), never the one in DATABASE_PATH.
 */
export function demoConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig({ ...env, DATABASE_PATH: env.DEMO_DATABASE_PATH || "data/demo.db" });
}

/**
 * Recreates the demo database: the synthetic responses (fieldwork ending today, so the survey pages
 * have recent days to show) and one account per role with a fresh random password.
 */
export async function prepareDemo(
  config: Config,
  counts = { citizens: DEMO_CITIZENS, staff: DEMO_STAFF },
  now = new Date(),
): Promise<DemoAccount[]> {
  if (config.databasePath === ":memory:") throw new Error("La demo ha bisogno di un file di database.");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(config.databasePath + suffix, { force: true });
  mkdirSync(dirname(config.databasePath), { recursive: true });
  const { db, registry } = openWithSurveys(config);
  try {
    const end = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
    const storage = createSqliteStorage(db);
    await fillWithSynthetic(
      storage.responses,
      registry,
      { ...counts, seed: DEMO_SEED, marginsPath: resolve(DEFAULT_MARGINS), end },
      "(demo)",
    );
    const accounts: DemoAccount[] = [];
    for (const a of ACCOUNTS) {
      const password = randomBytes(12).toString("base64url");
      const created = await createAccount(storage.accounts, { ...a, password }, "(demo)");
      if (!created.ok)
        throw new Error(`Account demo ${a.username} non creato: ${Object.values(created.errors).join(" ")}`);
      accounts.push({ username: a.username, role: a.role, password });
    }
    return accounts;
  } finally {
    db.$client.close();
  }
}

/** What the demo prints once it listens: where to go and how to sign in. */
export function demoBanner(
  port: number,
  accounts: DemoAccount[],
  counts = { citizens: DEMO_CITIZENS, staff: DEMO_STAFF },
): string {
  const width = Math.max(...accounts.map((a) => a.username.length));
  return [
    "",
    `DEMO (dati simulati: ${counts.citizens} cittadini e ${counts.staff} dipendenti inventati, seme ${DEMO_SEED})`,
    `  Accesso: http://localhost:${port}/login   questionario: http://localhost:${port}/s/cittadini`,
    "  Account, con password generate ora e valide solo per questa demo:",
    ...accounts.map((a) => `    ${a.username.padEnd(width)}  ${a.password}   (${ROLE_NAMES[a.role].name})`),
    "  Il database della demo si ricrea a ogni avvio: nulla di ciò che fa qui viene conservato.",
    "",
  ].join("\n");
}
