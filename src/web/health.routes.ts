import { Router } from "express";
import type { Db } from "../db/client.js";
import { checkHealth } from "../ops/health.js";

/** GET /healthz: 200 with the checks when all pass, 503 when one fails (Docker's HEALTHCHECK, monitoring). */
export function healthRouter(db: Db, dataDir: string): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    const health = checkHealth(db, dataDir);
    res.set("Cache-Control", "no-store").status(health.status === "ok" ? 200 : 503).json(health);
  });
  return router;
}
