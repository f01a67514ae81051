import { describe, expect, it } from "vitest";
import { auditPage } from "../../src/web/admin/audit-view.js";

describe("the audit log page (views/admin/audit.ejs)", () => {
  it("writes each action's time in Rome's, as the log always has, keeping the order and the other columns", () => {
    const page = auditPage([
      {
        at: "2026-07-01T22:30:05.000Z",
        username: "anna",
        action: "utente.creato",
        target: "bruno",
        details: "ruolo admin",
      },
      { at: "2026-02-03T09:15:07.000Z", username: "bruno", action: "ente.salvato", target: "", details: "" },
    ]);
    expect(page.entries).toEqual([
      {
        at: "02/07/2026, 00:30:05",
        username: "anna",
        action: "utente.creato",
        target: "bruno",
        details: "ruolo admin",
      },
      { at: "03/02/2026, 10:15:07", username: "bruno", action: "ente.salvato", target: "", details: "" },
    ]);
  });
});
