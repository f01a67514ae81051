import { Router } from "express";
import type { SurveyRegistry } from "../surveys/registry.js";

/** The home page (open questionnaires) and the accessibility statement. */
export function infoRouter(registry: SurveyRegistry): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.render("home", { surveys: registry.open().map((s) => s.definition) });
  });
  router.get("/accessibilita", (_req, res) => res.render("accessibility"));
  return router;
}
