import { Router, type RequestHandler, type Response } from "express";
import multer from "multer";
import { convertForeignSurvey, FOREIGN_FORMATS, storeImportedDraft, type ForeignFormat } from "./convert.service.js";
import { idProblem } from "./designer.service.js";
import type { Storage } from "../../storage/types.js";
import { ImportError } from "../../interchange/draft-builder.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { plainProblem, str } from "./support.js";
import { currentUser } from "../common/session.js";
import { forAdminsOnly, type SessionLookup } from "../common/admin-form.js";
import { formOf } from "../common/form.js";

export const FOREIGN_UPLOAD_PATH = "/admin/designer/importa";
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The import form sends a file (multipart): read only for signed-in admins, one file of at
 * most 5 MB kept in memory. A file too large gets the form back with a message, not an error page.
 */
export function foreignUploadParser(sessions: SessionLookup): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 },
  }).single("file");
  return forAdminsOnly(sessions, (req, res, next) => {
    parse(req, res, (error: unknown) => {
      if (error) {
        // The fields before the file (the CSRF token) are read; the route answers with the form.
        const code = (error as { code?: string }).code;
        res.locals.uploadError =
          code === "LIMIT_FILE_SIZE"
            ? { status: 413, message: "Il file supera 5 MB: non sembra un questionario." }
            : { status: 400, message: "Il modulo inviato non è leggibile: scelga di nuovo il file e riprovi." };
        req.body ??= {};
      }
      next();
    });
  });
}

/** Import of a LimeSurvey or XLSForm questionnaire into a new designer draft. */
export function designerImportRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();
  const render = (
    res: Response,
    status: number,
    values: { format: string; id: string },
    problems: DefinitionProblem[],
  ): void =>
    res
      .status(status)
      .render("admin/designer/import", { values, problems: problems.map(plainProblem), formats: FOREIGN_FORMATS });

  guarded(router, "GET /admin/designer/importa", (_req, res) => render(res, 200, { format: "lss", id: "" }, []));

  guarded(router, "POST /admin/designer/importa", async (req, res) => {
    const values = { format: str(formOf(req).format), id: str(formOf(req).id).trim() };
    const failed = res.locals.uploadError as { status: number; message: string } | undefined;
    if (failed) return render(res, failed.status, values, [{ path: "file", message: failed.message }]);
    const problems: DefinitionProblem[] = [];
    if (!(values.format in FOREIGN_FORMATS)) problems.push({ path: "format", message: "Scelga il formato del file." });
    const idBad = values.id ? idProblem(values.id, "del questionario") : null;
    if (idBad) problems.push({ path: "id", message: idBad });
    const file = req.file;
    if (!file || !file.size) problems.push({ path: "file", message: "Scelga il file da importare." });
    if (problems.length || !file) return render(res, 422, values, problems);
    let result;
    try {
      result = await convertForeignSurvey(values.format as ForeignFormat, file.buffer, {
        id: values.id || undefined,
        fileName: file.originalname,
      });
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      return render(res, 422, values, [{ path: "file", message: e.message }]);
    }
    const stored = await storeImportedDraft(storage, registry, result, currentUser(res).username);
    if (!stored.ok) return render(res, 422, values, stored.problems);
    res.render("admin/designer/import-result", {
      result,
      surveyId: stored.surveyId,
      format: FOREIGN_FORMATS[result.source],
    });
  });

  return router;
}
