import { Router } from "express";
import { checkStorageHealth } from "../../ops/health.js";
import type { Storage } from "../../storage/types.js";

/** GET /healthz: 200 with the checks when all pass, 503 when one fails (Docker's HEALTHCHECK, monitoring). */
export function healthRouter(storage: Storage, dataDir: string): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const health = await checkStorageHealth(storage, dataDir);
    res
      .set("Cache-Control", "no-store")
      .status(health.status === "ok" ? 200 : 503)
      .json(health);
  });
  return router;
}
