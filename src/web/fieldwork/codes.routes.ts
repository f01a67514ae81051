import { Router, type NextFunction, type Request, type Response } from "express";
import { stringify } from "csv-stringify/sync";
import type { Storage } from "../../storage/types.js";
import { generateAccessCodes, handOutCodes, revokeCode, revokeUnusedCodes } from "./codes.service.js";
import { normaliseCode } from "../../responses/codes.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { currentUser } from "../common/session.js";
import { publicOrigin } from "../common/public-url.js";
import { formatInteger } from "../../format/italian.js";
import { formOf, textOf } from "../common/form.js";

export const MAX_CODES = 10_000;
const SLIPS_PER_SHEET = 24;

/**
 * Access codes of a survey. Codes are stored only as hashes, so the clear codes exist in one
 * place only: the page that answers the generation. That page carries them, packed in a hidden
 * field, to the CSV download and to the printable sheet; nothing on the server keeps them.
 */
export function codesRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();

  const surveyOf = (req: Request, next: NextFunction): LoadedSurvey | null => {
    const survey = registry.current(String(req.params.surveyId));
    if (!survey) next();
    return survey ?? null;
  };

  const renderCodes = async (
    res: Response,
    survey: LoadedSurvey,
    status: number,
    extra: Record<string, unknown> = {},
  ): Promise<void> => {
    res.status(status).render("admin/codes", {
      survey: survey.definition,
      counts: await storage.accessCodes.countStates(survey.definition.id),
      max: MAX_CODES,
      notice: null,
      errors: {},
      values: { count: "", code: "" },
      ...extra,
    });
  };

  guarded(router, "GET /admin/questionari/:surveyId/codici", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const revoked = Number(req.query.revocati);
    const notice = req.query.revocato
      ? "Il codice è stato revocato: non potrà più essere usato."
      : Number.isInteger(revoked) && req.query.revocati !== undefined
        ? `${formatInteger(revoked)} codici non usati sono stati revocati.`
        : null;
    await renderCodes(res, survey, 200, { notice });
  });

  guarded(router, "POST /admin/questionari/:surveyId/codici", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const raw = textOf(req, "count").trim();
    if (survey.definition.access !== "code") {
      return renderCodes(res, survey, 409, {
        errors: { count: "Questo questionario è aperto a tutti e non usa codici di accesso." },
        values: { count: raw, code: "" },
      });
    }
    const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= MAX_CODES)) {
      return renderCodes(res, survey, 422, {
        errors: { count: `Indichi quanti codici generare: un numero intero da 1 a ${formatInteger(MAX_CODES)}.` },
        values: { count: raw, code: "" },
      });
    }
    const codes = await generateAccessCodes(storage, survey.definition.id, n, currentUser(res).username, now());
    // The only copy of these codes: the browser must not keep it either.
    res.set("Cache-Control", "no-store");
    res.render("admin/codes-generated", {
      survey: survey.definition,
      codes,
      packed: pack(codes),
      url: surveyUrl(req, survey),
    });
  });

  /**
   * The codes posted back from the generation page, keeping those of this survey. Used or not, they
   * are all kept: the answer must not tell one code's state (the counts say how many, never which).
   * Every attempt is audited, refused ones too.
   */
  const postedCodes = async (
    req: Request,
    res: Response,
    survey: LoadedSurvey,
    action: string,
    describe: (n: number) => string,
  ): Promise<{ codes: string[]; dropped: number } | null> => {
    const posted = await handOutCodes(
      storage,
      survey.definition.id,
      unpack(formOf(req).codici),
      action,
      describe,
      currentUser(res).username,
      now(),
    );
    if (posted.ok) return posted;
    if (posted.reason === "none")
      await renderCodes(res, survey, 422, {
        notice: "Non ci sono codici da scaricare o stampare: li generi di nuovo da questa pagina.",
      });
    else
      await renderCodes(res, survey, 409, { notice: "Nessuno dei codici indicati appartiene a questo questionario." });
    return null;
  };

  guarded(router, "POST /admin/questionari/:surveyId/codici/csv", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const posted = await postedCodes(req, res, survey, "codici.scaricati", (n) => `${n} codici in CSV`);
    if (!posted) return;
    const url = surveyUrl(req, survey);
    const csv = stringify([
      ["codice", "questionario", "indirizzo"],
      ...posted.codes.map((c) => [c, survey.definition.id, url]),
    ]);
    res.set("Cache-Control", "no-store");
    res.attachment(`codici-${survey.definition.id}-${now().toISOString().slice(0, 10)}.csv`);
    res.type("text/csv; charset=utf-8").send(csv);
  });

  guarded(router, "POST /admin/questionari/:surveyId/codici/stampa", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const posted = await postedCodes(req, res, survey, "codici.stampati", (n) => `${n} tagliandi`);
    if (!posted) return;
    const sheets: string[][] = [];
    for (let i = 0; i < posted.codes.length; i += SLIPS_PER_SHEET)
      sheets.push(posted.codes.slice(i, i + SLIPS_PER_SHEET));
    res.set("Cache-Control", "no-store");
    res.render("admin/codes-print", {
      survey: survey.definition,
      sheets,
      dropped: posted.dropped,
      url: surveyUrl(req, survey),
      total: posted.codes.length,
    });
  });

  guarded(router, "POST /admin/questionari/:surveyId/codici/revoca", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const id = survey.definition.id;
    const who = currentUser(res).username;
    if (formOf(req).tutti === "1") {
      if (formOf(req).conferma !== "1") {
        return renderCodes(res, survey, 422, {
          errors: { conferma: "Per revocare tutti i codici non usati, spunti la casella di conferma." },
        });
      }
      const n = await revokeUnusedCodes(storage, id, who, now());
      return res.redirect(303, `/admin/questionari/${id}/codici?revocati=${n}`);
    }
    const code = textOf(req, "codice").trim();
    if (normaliseCode(code).length !== 10) {
      return renderCodes(res, survey, 422, {
        errors: { code: "Scriva il codice da revocare: 10 caratteri, ad esempio 7K3QD-X9M2B." },
        values: { count: "", code },
      });
    }
    // The code itself is never written to the log; a refused attempt is logged too.
    const result = await revokeCode(storage, id, code, who, now());
    if (result !== "revoked") {
      return renderCodes(res, survey, 422, {
        errors: {
          code: "Questo codice non esiste per questo questionario. Controlli di averlo scritto correttamente.",
        },
        values: { count: "", code },
      });
    }
    res.redirect(303, `/admin/questionari/${id}/codici?revocato=1`);
  });

  return router;
}

function surveyUrl(req: Request, survey: LoadedSurvey): string {
  return `${publicOrigin(req)}/s/${survey.definition.id}`;
}

/**
 * Codes carried in one hidden field as 10-character groups without separators: 10,000 codes
 * take 100,000 characters, inside the 100 kB the body parser accepts.
 */
export function pack(codes: string[]): string {
  return codes.map(normaliseCode).join("");
}

export function unpack(value: unknown): string[] | null {
  if (typeof value !== "string") return null;
  const text = value.replace(/[\s-]/g, "").toUpperCase();
  if (!text || text.length % 10 !== 0 || text.length > MAX_CODES * 10 || !/^[0-9A-Z]+$/.test(text)) return null;
  const codes: string[] = [];
  for (let i = 0; i < text.length; i += 10) codes.push(`${text.slice(i, i + 5)}-${text.slice(i + 5, i + 10)}`);
  return codes;
}
