import { createHash } from "node:crypto";
import { Router } from "express";
import { notFound } from "../common/errors.js";
import type { Storage } from "../../storage/types.js";
import { openSurveys } from "./open-survey.service.js";
import type { SurveyRegistry } from "../../surveys/registry.js";

/** The home page (open questionnaires), the accessibility statement, the stemma and the favicon. */
export function infoRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    const open = await openSurveys(storage, registry, now());
    res.render("home", { surveys: open.map((s) => s.definition) });
  });
  router.get("/accessibilita", (_req, res) => res.render("accessibility"));

  // The comune's stemma, in the header of every page (public, on either engine).
  router.get("/ente/stemma", async (req, res) => {
    const stemma = await storage.ente.stemma();
    if (!stemma) throw notFound();
    const etag = `"${createHash("sha256").update(stemma.image).digest("base64url").slice(0, 16)}"`;
    res.set({
      "Content-Type": stemma.type,
      ETag: etag,
      // The pages link it with ?v=<etag>, so a new stemma is a new URL.
      "Cache-Control": "public, max-age=31536000, immutable",
      // An SVG is a document: nothing in it may run or load anything.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
    if (req.headers["if-none-match"] === etag) return res.status(304).end();
    res.send(stemma.image);
  });

  router.get("/favicon.ico", async (_req, res) => {
    const stemma = await storage.ente.stemma();
    if (!stemma) return res.status(404).type("text/plain").send("Nessuna icona.");
    res.redirect(302, "/ente/stemma");
  });

  return router;
}
