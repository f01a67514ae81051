import { createHash } from "node:crypto";
import { Router, type Response } from "express";
import { audit } from "../admin/audit.repository.js";
import type { Db } from "../db/client.js";
import { ensureEnteRow, loadEnte, saveEnte } from "../ente/load.js";
import { findStemma, saveStemma } from "../ente/repository.js";
import { ENTE_LABELS, enteSchema, REQUIRED_FIELDS, type EnteField } from "../ente/schema.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { guarded } from "./access.js";
import { notFound } from "./errors.js";
import { firstSteps } from "./first-steps.js";
import { currentUser } from "./session.js";
import { MAX_STEMMA_BYTES, sniffImageType, type StemmaUpload } from "./stemma-upload.js";

const FIELDS = Object.keys(ENTE_LABELS) as EnteField[];

/** The «Ente» page (the comune as data), its stemma, the favicon and the «primi passi» checklist. */
export function enteRouter(db: Db, registry: SurveyRegistry, marginsFile: string, now: () => Date): Router {
  const router = Router();

  function renderForm(res: Response, status: number, extra: Record<string, unknown> = {}): void {
    const ente = loadEnte(db);
    const values = Object.fromEntries(FIELDS.map((f) => [f, String(ente[f])]));
    res.status(status).render("admin/ente", {
      labels: ENTE_LABELS,
      fields: FIELDS,
      required: REQUIRED_FIELDS,
      ente,
      values,
      errors: {},
      notice: null,
      stemmaError: null,
      maxStemmaKb: MAX_STEMMA_BYTES / 1024,
      ...extra,
    });
  }

  guarded(router, "GET /admin/ente", (req, res) => {
    const notice = req.query.salvato ? "Dati dell'ente salvati." : req.query.stemma ? "Stemma aggiornato." : null;
    renderForm(res, 200, { notice });
  });

  guarded(router, "POST /admin/ente", (req, res) => {
    const raw = Object.fromEntries(FIELDS.map((f) => [f, typeof req.body?.[f] === "string" ? req.body[f] : ""]));
    const parsed = enteSchema.safeParse(raw);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      return renderForm(res, 422, { values: raw, errors });
    }
    const user = currentUser(res).username;
    saveEnte(db, parsed.data, user, now());
    audit(db, { username: user, action: "ente.modificato", target: "ente", details: `nome ${parsed.data.name}; IPA ${parsed.data.ipaCode}` }, now());
    res.redirect(303, "/admin/ente?salvato=1");
  });

  guarded(router, "POST /admin/ente/stemma", (req, res) => {
    const upload = res.locals.stemmaUpload as StemmaUpload | undefined;
    const user = currentUser(res).username;
    if (req.body?.remove === "1") {
      ensureEnteRow(db, user, now());
      saveStemma(db, null, null, user, now());
      audit(db, { username: user, action: "ente.stemma", target: "ente", details: "rimosso" }, now());
      return res.redirect(303, "/admin/ente?stemma=1");
    }
    if (!upload || upload.tooLarge || !upload.image) {
      const stemmaError = upload?.tooLarge
        ? `L'immagine supera ${MAX_STEMMA_BYTES / 1024} KB: ne scelga una più leggera.`
        : "Scelga un file immagine con lo stemma (PNG, JPEG, WebP o SVG).";
      return renderForm(res, upload?.tooLarge ? 413 : 422, { stemmaError });
    }
    const type = sniffImageType(upload.image);
    if (!type) return renderForm(res, 422, { stemmaError: "Il file non è un'immagine PNG, JPEG, WebP o SVG." });
    ensureEnteRow(db, user, now());
    saveStemma(db, upload.image, type, user, now());
    audit(db, { username: user, action: "ente.stemma", target: "ente", details: `${type}, ${upload.image.length} byte` }, now());
    res.redirect(303, "/admin/ente?stemma=1");
  });

  guarded(router, "GET /admin/primi-passi", (_req, res) => {
    res.render("admin/first-steps", { steps: firstSteps(db, registry, marginsFile) });
  });

  router.get("/ente/stemma", (req, res) => {
    const stemma = findStemma(db);
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

  router.get("/favicon.ico", (_req, res) => {
    const stemma = findStemma(db);
    if (!stemma) return res.status(404).type("text/plain").send("Nessuna icona.");
    res.redirect(302, "/ente/stemma");
  });

  return router;
}
