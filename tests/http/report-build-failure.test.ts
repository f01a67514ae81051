import { describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteReportService, createSqliteWorkerBuilder } from "../../src/storage/sqlite-report-source.js";
import { createTestApp, SHIPPED_MARGINS, SHIPPED_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { createUser, getAs, signIn } from "../helpers/auth.js";

describe("a report build that fails", () => {
  it("gives a polite 503 (page and JSON), logs the error, and is not retried at once from the same inputs", async () => {
    const t = createTestApp(SHIPPED_SURVEYS);
    // A real worker that cannot start: its database file is gone (as after a disk failure).
    const failing = createSqliteWorkerBuilder(join(tmpdir(), "sportello-nessun-database", "sparito.sqlite"));
    const reports = createSqliteReportService(t.db, t.registry, { marginsFile: SHIPPED_MARGINS, builder: failing });
    const app = createApp({ db: t.db, registry: t.registry, config: TEST_CONFIG, reports });
    await createUser(t.db, "giunta");
    const giunta = await signIn(app, "giunta");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect((await getAs(app, giunta, "/reports/cittadini")).status).toBe(503);
      await reports.idle();
      const page = await getAs(app, giunta, "/reports/cittadini");
      expect(page.status).toBe(503);
      expect(page.text).toContain("Non è stato possibile calcolare il rapporto");
      expect(page.headers["x-report-status"]).toBe("failed");
      const json = await getAs(app, giunta, "/reports/cittadini.json");
      expect(json.status).toBe(503);
      expect(json.body.status).toBe("failed");
      expect(reports.buildCount()).toBe(1);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await reports.close();
    }
  });
});
