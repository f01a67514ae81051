import { Router, type Request } from "express";
import type { Db } from "../../db/client.js";
import {
  aggregatesJson,
  aggregatesPackage,
  dcatCatalogue,
  dcatDataset,
  type DatasetInfo,
} from "../../interchange/dcat.js";
import { publisherOf } from "../../interchange/publisher.js";
import { openDataCsv, openDataLabels } from "../../report/opendata.js";
import { openDataDictionaryCsv } from "../../report/opendata-dictionary.js";
import { findPublication, listPublications } from "../../report/publication.service.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { notFound } from "../common/errors.js";
import { publicOrigin } from "../common/public-url.js";

/**
 * The public open data: only reports the giunta has marked «pubblicato», as published; anything
 * else is «not found», so nothing tells whether a report exists. No sign-in, no cookie.
 */
export function openDataRouter(db: Db, registry: SurveyRegistry): Router {
  const router = Router();
  const infoOf = (req: Request, surveyId: string): DatasetInfo & { labels: ReturnType<typeof openDataLabels> } => {
    const publication = findPublication(db, surveyId);
    const survey = registry.current(surveyId);
    if (!publication || !survey) throw notFound();
    return {
      origin: publicOrigin(req),
      publisher: publisherOf(db),
      report: publication.report,
      publishedAt: publication.publishedAt,
      labels: openDataLabels(survey),
    };
  };
  const cors = { "Access-Control-Allow-Origin": "*" };

  router.get("/opendata/catalogo.jsonld", (req, res) => {
    const datasets = listPublications(db)
      .filter((p) => registry.current(p.surveyId))
      .map((p) => ({
        origin: publicOrigin(req),
        publisher: publisherOf(db),
        report: p.report,
        publishedAt: p.publishedAt,
      }));
    res
      .set(cors)
      .type("application/ld+json")
      .send(JSON.stringify(dcatCatalogue(publicOrigin(req), publisherOf(db), datasets), null, 2));
  });
  router.get("/opendata/:surveyId/dcat.jsonld", (req, res) => {
    // Read first: a "not found" must not go out with this route's headers.
    const info = infoOf(req, String(req.params.surveyId));
    res
      .set(cors)
      .type("application/ld+json")
      .send(JSON.stringify(dcatDataset(info), null, 2));
  });
  router.get("/opendata/:surveyId/aggregati.csv", (req, res) => {
    const info = infoOf(req, String(req.params.surveyId));
    res
      .set(cors)
      .type("text/csv; charset=utf-8")
      .attachment(`${info.report.survey.id}-aggregati.csv`)
      .send(openDataCsv(info.report, info.labels));
  });
  router.get("/opendata/:surveyId/aggregati.json", (req, res) => {
    const info = infoOf(req, String(req.params.surveyId));
    res.set(cors).json(aggregatesJson(info, info.labels));
  });
  router.get("/opendata/:surveyId/dizionario.csv", (req, res) => {
    const info = infoOf(req, String(req.params.surveyId));
    res
      .set(cors)
      .type("text/csv; charset=utf-8")
      .attachment(`${info.report.survey.id}-dizionario.csv`)
      .send(openDataDictionaryCsv(info.report));
  });
  router.get("/opendata/:surveyId/datapackage.json", (req, res) => {
    const info = infoOf(req, String(req.params.surveyId));
    res.set(cors).json(aggregatesPackage(info));
  });
  return router;
}
