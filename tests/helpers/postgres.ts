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
import { afterAll, beforeAll } from "vitest";
import { HAS_POSTGRES, POSTGRES_BIN, startPostgres, type TestPostgres } from "./postgres-server.js";

export { HAS_POSTGRES, POSTGRES_BIN, startPostgres, type TestPostgres };

if (!HAS_POSTGRES) {
  const message = `PostgreSQL not found in ${POSTGRES_BIN} (initdb, pg_ctl): install it with "apt-get install postgresql" or set POSTGRES_BIN.`;
  if (process.env.CI) throw new Error(`${message} In CI the PostgreSQL tests must run.`);
  console.warn(`\n⚠ ${message} The PostgreSQL tests are SKIPPED.\n`);
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

/** The two engines an HTTP test runs its cases on: `describe.each(ENGINES)`; PostgreSQL only when there is one. */
export const ENGINES = [
  { name: "sqlite" as const, available: true },
  { name: "postgres" as const, available: HAS_POSTGRES },
];
