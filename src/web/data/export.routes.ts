import { Router } from "express";
import { exportResponsesForAnalysts } from "../../admin/response-export.service.js";
import { counted } from "../../format/wording.js";
import type { Storage } from "../../storage/types.js";
import { ANALYST_FORMATS, type AnalystFormat } from "../../interchange/analyst-files.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { filterQuery, parseFilter } from "./filters.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";

const TYPES: Record<AnalystFormat, string> = {
  "csv-it": "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  spss: "application/zip", stata: "application/zip", r: "application/zip", datapackage: "application/zip",
};

/**
 * The analysts' formats of the export (Excel, SPSS, Stata, R, Data Package, Italian-Excel CSV),
 * with the same filters as the CSV. Several files come as one zip. The plain CSV, and any filter
 * with a problem, go to the CSV route, which answers them as it always has.
 */
export function dataExportRouter(storage: Storage, registry: SurveyRegistry, marginsFile: string, now: () => Date): Router {
  const router = Router();
  guarded(router, "GET /admin/questionari/:surveyId/esporta", async (req, res) => {
    const survey = registry.current(String(req.params.surveyId));
    if (!survey) throw notFound();
    const format = typeof req.query.formato === "string" ? req.query.formato : "csv";
    const { filter, values, errors } = parseFilter(survey.definition.id, req.query);
    const query = filterQuery(values);
    if (!(ANALYST_FORMATS as readonly string[]).includes(format) || Object.keys(errors).length) {
      return res.redirect(303, `/admin/questionari/${survey.definition.id}/esporta.csv${query ? `?${query}` : ""}`);
    }
    const trail = { username: currentUser(res).username, details: (rows: number) => `${counted(rows, "risposta", "risposte")}, formato ${format}${query ? ` (filtri: ${query})` : ""}` };
    const result = await exportResponsesForAnalysts(storage, registry, filter, format as AnalystFormat, marginsFile, trail, now());
    let body: Buffer;
    let name: string;
    if (result.files.size === 1) [[name, body]] = [...result.files];
    else {
      // Loaded on first use, like exceljs: the idle server stays small.
      const { default: JSZip } = await import("jszip");
      const zip = new JSZip();
      for (const [file, data] of result.files) zip.file(file, data);
      body = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
      name = `${survey.definition.id}-${format}.zip`;
    }
    res.attachment(name).type(TYPES[format as AnalystFormat]).send(body);
  });
  return router;
}
