/**
 * A real PostgreSQL for the tests, without a system service: each test file that needs one runs
 * `initdb` into a temporary directory and `pg_ctl start` on a free loopback port, creates a
 * database per test (or per need), and stops the server at the end. The binaries are Debian's
 * (`apt-get install postgresql`; .ci/run installs them); POSTGRES_BIN points elsewhere.
 * Without them the PostgreSQL tests are skipped with a warning, except in CI, where they fail.
 *
 *   const pg = usePostgres();                                     // beforeAll / afterAll
 *   describe.skipIf(!HAS_POSTGRES)("…", () => { … await pg().createDatabase() … });
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

/** POSTGRES_BIN, else the newest of Debian's /usr/lib/postgresql/<major>/bin. */
function findBinaries(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return join(root, majors.find((m) => existsSync(join(root, m, "bin", "initdb"))) ?? "15", "bin");
}

export const POSTGRES_BIN = findBinaries();
export const HAS_POSTGRES = existsSync(join(POSTGRES_BIN, "initdb")) && existsSync(join(POSTGRES_BIN, "pg_ctl"));

if (!HAS_POSTGRES) {
  const message = `PostgreSQL not found in ${POSTGRES_BIN} (initdb, pg_ctl): install it with "apt-get install postgresql" or set POSTGRES_BIN.`;
  if (process.env.CI) throw new Error(`${message} In CI the PostgreSQL tests must run.`);
  console.warn(`\n⚠ ${message} The PostgreSQL tests are SKIPPED.\n`);
}

const USER = "sportello";

export interface TestPostgres {
  /** The URL of a database on this server. */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

/** initdb refuses to run as root (CI runs as root): then the server runs as Debian's `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

function run(command: string, args: string[]): void {
  const [cmd, argv] = asServerUser(command, args);
  execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "sportello-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const port = await freePort();
  // C locale: text sorts and compares byte by byte, as in SQLite (see docs/postgresql.md).
  run(join(POSTGRES_BIN, "initdb"), [
    "-D",
    data,
    "-U",
    USER,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=60`;
  run(join(POSTGRES_BIN, "pg_ctl"), ["start", "-w", "-D", data, "-l", join(dir, "server.log"), "-o", options]);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    const [cmd, argv] = asServerUser(join(POSTGRES_BIN, "pg_ctl"), ["stop", "-w", "-m", "immediate", "-D", data]);
    spawnSync(cmd, argv, { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run killed halfway must not leave a server behind.
  process.once("exit", stop);
  const url = (database: string): string => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  let created = 0;
  return {
    url,
    async createDatabase() {
      const name = `test_${process.pid}_${++created}`;
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}

/** Starts a server before the file's tests (when the binaries are there) and stops it after them. */
export function usePostgres(): () => TestPostgres {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    if (HAS_POSTGRES) server = await startPostgres();
  });
  afterAll(() => server?.stop());
  return () => {
    if (!server) throw new Error("PostgreSQL is not running (HAS_POSTGRES is false)");
    return server;
  };
}
