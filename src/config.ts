import { resolve } from "node:path";
import { z } from "zod";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/sportello.db"),
  /** postgres://… selects PostgreSQL instead of the embedded SQLite (docs/postgresql.md); unset or empty: SQLite. */
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || /^postgres(ql)?:\/\//.test(v), {
      message: "DATABASE_URL deve iniziare con postgres:// o postgresql:// (oppure non essere impostata: SQLite)",
    }),
  SURVEYS_DIR: z.string().min(1).default("surveys"),
  /** The census margins the report weights to, unless an administrator uploaded others. */
  MARGINS_FILE: z.string().min(1).default("reports/margins/limbiate.csv"),
  /** The comune's data (name, IPA code, contacts, links) a new database starts from; the «Ente» page edits them. */
  ENTE_FILE: z.string().min(1).default("config/ente.json"),
  /** Kept for existing installations: the name a new database's ente gets instead of the file's. */
  COMUNE_NAME: z.string().min(1).optional(),
  /** Set when a reverse proxy terminates HTTPS (e.g. "1" for one proxy hop). */
  TRUST_PROXY: z.string().optional(),
  /** Open (unsent, unexpired) drafts a survey may have before new ones are refused: a flood can't fill the disk. */
  /** pino threshold: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MAX_OPEN_DRAFTS: z.coerce.number().int().min(1).default(50_000),
  /**
   * The address citizens and staff reach the app at (https://questionari.comune.example.it): resume
   * links, account invitations and code slips are built from it, never from the request's Host header.
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || publicUrlProblem(v) === null, {
      message:
        "PUBLIC_URL deve essere un indirizzo http:// o https:// senza percorso, query né credenziali, ad esempio https://questionari.comune.example.it",
    }),
});

/** Why a PUBLIC_URL is not acceptable; null when it is. */
function publicUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "protocol";
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== ""))
    return "parts";
  return null;
}

export type Config = Readonly<{
  port: number;
  host: string;
  databasePath: string;
  /** The PostgreSQL URL, or undefined: the embedded SQLite at databasePath. */
  databaseUrl: string | undefined;
  surveysDir: string;
  marginsFile: string;
  enteFile: string;
  comuneName: string | undefined;
  trustProxy: string | undefined;
  maxOpenDrafts: number;
  logLevel: string;
  /** The public origin (no trailing slash), or undefined: then links use the request's own address. */
  publicUrl: string | undefined;
}>;

/** Reads the environment once; a bad value stops the start with a message saying which and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Configurazione non valida:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH === ":memory:" ? e.DATABASE_PATH : resolve(e.DATABASE_PATH),
    databaseUrl: e.DATABASE_URL || undefined,
    surveysDir: resolve(e.SURVEYS_DIR),
    marginsFile: resolve(e.MARGINS_FILE),
    enteFile: resolve(e.ENTE_FILE),
    comuneName: e.COMUNE_NAME,
    trustProxy: e.TRUST_PROXY,
    maxOpenDrafts: e.MAX_OPEN_DRAFTS,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
  });
}
