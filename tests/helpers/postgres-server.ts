/**
 * A throwaway PostgreSQL server from Debian's binaries, without a system service: `initdb` into a
 * temporary directory and `pg_ctl start` on a free loopback port; stopped and removed by stop() or
 * when the process exits. The tests use it through postgres.ts (usePostgres); the benchmark directly.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

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

const USER = "sportello";

export interface TestPostgres {
  /** The URL of a database on this server. */
  url(database: string): string;
  /**
   * Creates an empty database and returns its URL. With `icuLocale` its text sorts by that ICU
   * locale's rules (a linguistic order, as many installations' databases do), not byte by byte.
   */
  createDatabase(options?: { icuLocale?: string }): Promise<string>;
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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server on a port free a moment ago. Between that moment and the server's bind another
 * process may take the port (two suites side by side start dozens of servers and app nodes): then the
 * start fails with «Address already in use» in the log, and it is tried again on another free port.
 */
async function startOnFreePort(
  dir: string,
  data: string,
  fsync: "on" | "off",
  pickPort: () => Promise<number>,
): Promise<number> {
  const log = join(dir, "server.log");
  for (let attempt = 1; ; attempt++) {
    const port = await pickPort();
    const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=${fsync} -c max_connections=60`;
    try {
      run(join(POSTGRES_BIN, "pg_ctl"), ["start", "-w", "-D", data, "-l", log, "-o", settings]);
      return port;
    } catch (error) {
      const taken = existsSync(log) && readFileSync(log, "utf8").includes("Address already in use");
      if (!taken || attempt === 5) throw error;
      writeFileSync(log, "");
    }
  }
}

/**
 * `pickPort`: how a free port is chosen (a test gives a taken one first, to see the start retried).
 * `durable`: fsync on, as a production server runs (the benchmark's submissions are compared with
 * SQLite's synchronous=FULL); the tests run with fsync off, which changes nothing they check.
 */
export async function startPostgres(
  options: { durable?: boolean; pickPort?: () => Promise<number> } = {},
): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "sportello-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
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
  const port = await startOnFreePort(dir, data, options.durable ? "on" : "off", options.pickPort ?? freePort);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    // Test files share a worker process (isolate: false): a stopped server leaves no exit listener behind.
    process.removeListener("exit", stop);
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
    async createDatabase(options = {}) {
      const name = `test_${process.pid}_${++created}`;
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        const { icuLocale } = options;
        if (icuLocale !== undefined && !/^[A-Za-z-]+$/.test(icuLocale)) throw new Error(`ICU locale: ${icuLocale}`);
        await client.query(
          icuLocale === undefined
            ? `CREATE DATABASE ${name}`
            : `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE '${icuLocale}' LOCALE 'C'`,
        );
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}
