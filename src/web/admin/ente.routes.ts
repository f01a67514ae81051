import { Router, type Response } from "express";
import type { Storage } from "../../storage/types.js";
import { ENTE_LABELS, enteSchema, REQUIRED_FIELDS, type EnteField } from "../../ente/schema.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { firstSteps } from "./first-steps.js";
import { currentUser } from "../common/session.js";
import { MAX_STEMMA_BYTES, sniffImageType, type StemmaUpload } from "./stemma-upload.js";
import { formOf, textOf } from "../common/form.js";

const FIELDS = Object.keys(ENTE_LABELS) as EnteField[];

/** The «Ente» page (the comune as data), the stemma's upload and the «primi passi» checklist (either engine). */
export function enteRouter(storage: Storage, registry: SurveyRegistry, marginsFile: string, now: () => Date): Router {
  const router = Router();

  async function renderForm(res: Response, status: number, extra: Record<string, unknown> = {}): Promise<void> {
    const ente = await storage.ente.load();
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

  guarded(router, "GET /admin/ente", async (req, res) => {
    const notice = req.query.salvato ? "Dati dell'ente salvati." : req.query.stemma ? "Stemma aggiornato." : null;
    await renderForm(res, 200, { notice });
  });

  guarded(router, "POST /admin/ente", async (req, res) => {
    const raw = Object.fromEntries(FIELDS.map((f): [EnteField, string] => [f, textOf(req, f)]));
    const parsed = enteSchema.safeParse(raw);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      return renderForm(res, 422, { values: raw, errors });
    }
    const user = currentUser(res).username;
    await storage.ente.save(parsed.data, user, now());
    res.redirect(303, "/admin/ente?salvato=1");
  });

  guarded(router, "POST /admin/ente/stemma", async (req, res) => {
    const upload = res.locals.stemmaUpload as StemmaUpload | undefined;
    const user = currentUser(res).username;
    if (formOf(req).remove === "1") {
      await storage.ente.replaceStemma(null, user, now());
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
    await storage.ente.replaceStemma({ image: upload.image, type }, user, now());
    res.redirect(303, "/admin/ente?stemma=1");
  });

  guarded(router, "GET /admin/primi-passi", async (_req, res) => {
    res.render("admin/first-steps", { steps: await firstSteps(storage, registry, marginsFile) });
  });

  return router;
}
