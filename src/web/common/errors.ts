import type { ErrorRequestHandler, RequestHandler } from "express";
import { asLang } from "../../surveys/messages.js";
import { ui, type UiKey } from "./i18n.js";
import { setLang } from "./locals.js";
import { errorLog } from "../../ops/logging.js";

/** An error with the page it should produce: services and handlers throw these, one handler renders them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly titleKey: UiKey,
    readonly textKey: UiKey,
  ) {
    super(textKey);
  }
}

export const notFound = (): HttpError => new HttpError(404, "notFoundTitle", "notFoundText");

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

/** The 4xx status an error carries (body-parser's errors do); undefined for anything else. */
function clientStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}

/**
 * The one error handler. Body-parser errors (too large, bad encoding, too many fields)
 * carry a 4xx status and become a polite page; anything else is a 500 that is logged.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const lang = asLang(res.locals.lang ?? req.query?.lang);
  let status = 500;
  let titleKey: UiKey = "serverErrorTitle";
  let textKey: UiKey = "serverErrorText";
  if (err instanceof HttpError) ({ status, titleKey, textKey } = err);
  else if (clientStatus(err) !== undefined) {
    status = clientStatus(err)!;
    titleKey = "badRequestTitle";
    textKey = status === 413 ? "tooLargeText" : "badRequestText";
  } else errorLog(req).error(err);
  if (res.headersSent) return;
  // The error may come before the template helpers were set (e.g. from the body parser).
  setLang(res.locals, lang, req.originalUrl, req.app.locals.comuneName as string);
  res
    .status(status)
    .render("error", { title: ui(lang, titleKey), text: ui(lang, textKey), status }, (renderError, html) => {
      if (renderError) {
        errorLog(req).error(renderError);
        res.type("text/plain").send(`${ui(lang, titleKey)}\n${ui(lang, textKey)}`);
      } else res.send(html);
    });
};
