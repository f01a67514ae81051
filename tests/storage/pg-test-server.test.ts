import { createServer, type Server } from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, HAS_POSTGRES, startPostgres, type TestPostgres } from "../helpers/postgres-server.js";

// The tests' throwaway PostgreSQL (tests/helpers/postgres-server.ts): two suites side by side start
// dozens of servers, and a port free when chosen can be taken before the server binds it.
describe.skipIf(!HAS_POSTGRES && !process.env.CI)("the tests' PostgreSQL server", () => {
  let blocker: Server | undefined;
  let server: TestPostgres | undefined;
  afterAll(async () => {
    server?.stop();
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  });

  it("starts on another port when the one it chose was taken in the meantime", async () => {
    blocker = createServer();
    const taken = await new Promise<number>((resolve) =>
      blocker!.listen(0, "127.0.0.1", () => resolve((blocker!.address() as { port: number }).port)),
    );
    const offered: number[] = [];
    server = await startPostgres({
      pickPort: async () => {
        const port = offered.length === 0 ? taken : await freePort();
        offered.push(port);
        return port;
      },
    });
    expect(offered).toHaveLength(2);
    expect(offered[0]).toBe(taken);
    const url = await server.createDatabase();
    expect(new URL(url).port).toBe(String(offered[1]));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query<{ one: number }>("select 1 as one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it("leaves no exit listener behind once stopped (files share a worker process)", async () => {
    const before = process.listenerCount("exit");
    const other = await startPostgres();
    expect(process.listenerCount("exit")).toBe(before + 1);
    other.stop();
    expect(process.listenerCount("exit")).toBe(before);
  });
});
