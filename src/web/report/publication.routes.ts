import { Router, type Response } from "express";
import type { Storage } from "../../storage/types.js";
import { MIN_CELL } from "../../analysis/suppression.js";
import { formatInteger } from "../../format/italian.js";
import { publisherFrom } from "../../interchange/publisher.js";
import type { ReportService } from "../../report/service.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { publicOrigin } from "../common/public-url.js";
import { serveReport } from "./serve.js";
import { publicationPage } from "./publication-view.js";
import { currentUser } from "../common/session.js";
import { textOf } from "../common/form.js";

/**
 * The giunta marks a report «pubblicato»: the report as it is then becomes the open data at a
 * public address (and stays so until published again or withdrawn). Both acts are audited.
 */
export function reportPublicationRouter(
  storage: Storage,
  registry: SurveyRegistry,
  reports: ReportService,
  now: () => Date,
): Router {
  const router = Router();
  const surveyOf = (id: unknown) =>
    registry.current(String(id)) ??
    (() => {
      throw notFound();
    })();

  const render = async (
    res: Response,
    surveyId: string,
    status: number,
    problem: string | null,
    origin: string,
  ): Promise<void> => {
    const survey = surveyOf(surveyId);
    const publication = await storage.publications.find(surveyId);
    const view = publicationPage({
      survey: survey.definition,
      publication: publication
        ? {
            publishedAt: publication.publishedAt,
            publishedBy: publication.publishedBy,
            generatedAt: publication.report.generatedAt,
          }
        : null,
      publisher: publisherFrom(await storage.ente.load()),
      base: `${origin}/opendata/${surveyId}`,
      catalogue: `${origin}/opendata/catalogo.jsonld`,
      minCellText: formatInteger(MIN_CELL),
      problem,
    });
    res.status(status).render("report/publication", view);
  };

  guarded(router, "GET /reports/:surveyId/pubblicazione", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    await render(res, survey.definition.id, 200, null, publicOrigin(req));
  });

  guarded(router, "POST /reports/:surveyId/pubblicazione", async (req, res) => {
    const survey = surveyOf(req.params.surveyId);
    const id = survey.definition.id;
    const action = textOf(req, "azione");
    const who = currentUser(res).username;
    if (action === "ritira") {
      await storage.publications.withdraw(id, who, now());
      return res.redirect(303, `/reports/${id}/pubblicazione`);
    }
    if (action !== "pubblica")
      return render(res, id, 422, "Scelga se pubblicare o ritirare i dati aperti.", publicOrigin(req));
    const publisher = publisherFrom(await storage.ente.load());
    if (publisher.example || !publisher.ipaCode || !publisher.name) {
      const why = publisher.example
        ? "I dati dell'ente sono ancora quelli di esempio"
        : "Manca il nome o il codice IPA dell'ente, che i portali dei dati aperti usano per riconoscere chi pubblica";
      return render(
        res,
        id,
        422,
        `${why}: un amministratore li verifichi e li salvi nella pagina «Ente» (/admin/ente), poi si potrà pubblicare.`,
        publicOrigin(req),
      );
    }
    const served = await serveReport(reports, id, { groups: {} }, res, "html");
    if (!served) return;
    if (served.report.responses.tooFew)
      return render(
        res,
        id,
        422,
        `Il rapporto non ha ancora risultati da pubblicare (meno di ${MIN_CELL} risposte).`,
        publicOrigin(req),
      );
    await storage.publications.publish(served.report, who, now());
    res.redirect(303, `/reports/${id}/pubblicazione`);
  });

  return router;
}
