import type { IncomingMessage } from "node:http";
import { pino, type DestinationStream, type Logger } from "pino";
import type { RequestHandler } from "express";

export type { Logger } from "pino";

/**
 * Path segments that are secrets: a resume link (/r/<token>/...) lets anyone continue a citizen's
 * questionnaire, an activation or setup link (/attivazione/<token>) creates an account. A log file
 * outlives the token's purpose and is read by more people, so the token never reaches it.
 */
const SECRET_SEGMENTS = /(\/(?:r|attivazione)\/)[^/?#]+/gi;
const SECRET_SEGMENTS_ENCODED = /(%2F(?:r|attivazione)%2F)[^%/?#&]+/gi;

/** The URL with every token replaced by "[redatto]" (also inside an encoded `next=` parameter). */
export function redactUrl(url: string): string {
  return url.replace(SECRET_SEGMENTS, "$1[redatto]").replace(SECRET_SEGMENTS_ENCODED, "$1[redatto]");
}

/** One JSON line per event on stdout (or the given stream); LOG_LEVEL picks the threshold. */
export function createLogger(level = "info", destination?: DestinationStream): Logger {
  const options = { level, base: { app: "sportello" }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/** Where the request log puts its logger on each request (errorLog reads it). */
const LOGGER = Symbol("sportello.logger");
type LoggedRequest = IncomingMessage & { originalUrl?: string; [LOGGER]?: Logger };

/**
 * One line per request, once it is answered (or the connection closed): method, path (tokens
 * redacted), status, time. Deliberately no client address, user agent, cookies or headers: the log
 * must not become a record of who answered. The container health check every 30 s is not news.
 *
 * Written here rather than with pino-http, which makes a child logger for every request with its
 * bindings serialised at once: about 9 KB of garbage per request, and with its listeners and arrays a
 * tenth of a cached page's time (BENCHMARKS.md), for four fields. A child is made only to log an error.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    (req as LoggedRequest)[LOGGER] = logger;
    if (req.url === "/healthz") return next();
    const started = Date.now();
    const answered = (): void => {
      res.off("finish", answered);
      res.off("close", answered);
      const status = res.statusCode;
      const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      const url = redactUrl(fullUrl(req));
      logger[level](
        { req: { method: req.method, url }, res: { statusCode: status }, responseTime: Date.now() - started },
        `${req.method} ${url} ${status}`,
      );
    };
    res.on("finish", answered);
    res.on("close", answered);
    next();
  };
}

/** The logger for an error met while answering `req`, with its method and path; the console without a request log. */
export function errorLog(req: IncomingMessage): Pick<Logger, "error"> {
  const logger = (req as LoggedRequest)[LOGGER];
  return logger ? logger.child({ req: { method: req.method, url: redactUrl(fullUrl(req)) } }) : console;
}

/** Express rewrites `url` inside a mounted router; `originalUrl` is the one the client asked for. */
function fullUrl(req: (IncomingMessage & { originalUrl?: string }) | undefined): string {
  return req?.originalUrl ?? req?.url ?? "";
}
