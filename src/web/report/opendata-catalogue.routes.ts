import { Router, type Request } from "express";
import type { Storage } from "../../storage/types.js";
import {
  aggregatesJson,
  aggregatesPackage,
  dcatCatalogue,
  dcatDataset,
  type DatasetInfo,
} from "../../interchange/dcat.js";
import { publisherFrom } from "../../interchange/publisher.js";
import { openDataCsv, openDataLabels } from "../../report/opendata.js";
import { openDataDictionaryCsv } from "../../report/opendata-dictionary.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { notFound } from "../common/errors.js";
import { publicOrigin } from "../common/public-url.js";

/**
 * The public open data: only reports the giunta has marked «pubblicato», as published; anything
 * else is «not found», so nothing tells whether a report exists. No sign-in, no cookie.
 */
export function openDataRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();
  const infoOf = async (
    req: Request,
    surveyId: string,
  ): Promise<DatasetInfo & { labels: ReturnType<typeof openDataLabels> }> => {
    const publication = await storage.publications.find(surveyId);
    const survey = registry.current(surveyId);
    if (!publication || !survey) throw notFound();
    return {
      origin: publicOrigin(req),
      publisher: publisherFrom(await storage.ente.load()),
      report: publication.report,
      publishedAt: publication.publishedAt,
      labels: openDataLabels(survey),
    };
  };
  const cors = { "Access-Control-Allow-Origin": "*" };

  router.get("/opendata/catalogo.jsonld", async (req, res) => {
    const publisher = publisherFrom(await storage.ente.load());
    const datasets = (await storage.publications.list())
      .filter((p) => registry.current(p.surveyId))
      .map((p) => ({ origin: publicOrigin(req), publisher, report: p.report, publishedAt: p.publishedAt }));
    res
      .set(cors)
      .type("application/ld+json")
      .send(JSON.stringify(dcatCatalogue(publicOrigin(req), publisher, datasets), null, 2));
  });
  router.get("/opendata/:surveyId/dcat.jsonld", async (req, res) => {
    // Read first: a "not found" must not go out with this route's headers.
    const info = await infoOf(req, String(req.params.surveyId));
    res
      .set(cors)
      .type("application/ld+json")
      .send(JSON.stringify(dcatDataset(info), null, 2));
  });
  router.get("/opendata/:surveyId/aggregati.csv", async (req, res) => {
    const info = await infoOf(req, String(req.params.surveyId));
    res
      .set(cors)
      .type("text/csv; charset=utf-8")
      .attachment(`${info.report.survey.id}-aggregati.csv`)
      .send(openDataCsv(info.report, info.labels));
  });
  router.get("/opendata/:surveyId/aggregati.json", async (req, res) => {
    const info = await infoOf(req, String(req.params.surveyId));
    res.set(cors).json(aggregatesJson(info, info.labels));
  });
  router.get("/opendata/:surveyId/dizionario.csv", async (req, res) => {
    const info = await infoOf(req, String(req.params.surveyId));
    res
      .set(cors)
      .type("text/csv; charset=utf-8")
      .attachment(`${info.report.survey.id}-dizionario.csv`)
      .send(openDataDictionaryCsv(info.report));
  });
  router.get("/opendata/:surveyId/datapackage.json", async (req, res) => {
    const info = await infoOf(req, String(req.params.surveyId));
    res.set(cors).json(aggregatesPackage(info));
  });
  return router;
}
