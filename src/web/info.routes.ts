import { Router } from "express";
import { allSettings } from "../admin/settings.repository.js";
import type { Db } from "../db/client.js";
import { surveyState } from "../surveys/lifecycle.js";
import type { SurveyRegistry } from "../surveys/registry.js";

/** The home page (open questionnaires) and the accessibility statement. */
export function infoRouter(db: Db, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    const settings = allSettings(db);
    const open = registry.all().filter((s) => surveyState(s.definition, settings.get(s.definition.id), now()) === "open");
    res.render("home", { surveys: open.map((s) => s.definition) });
  });
  router.get("/accessibilita", (_req, res) => res.render("accessibility"));
  return router;
}
