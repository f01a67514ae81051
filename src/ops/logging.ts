import type { IncomingMessage, ServerResponse } from "node:http";
import { pino, type DestinationStream, type Logger } from "pino";
import { pinoHttp, type HttpLogger } from "pino-http";

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

/**
 * One line per request: method, path (tokens redacted), status, time. Deliberately no client
 * address, user agent, cookies or headers: the log must not become a record of who answered.
 */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    // The container health check every 30 s is not news.
    autoLogging: { ignore: (req) => req.url === "/healthz" },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    serializers: {
      req: (req: { raw?: IncomingMessage & { originalUrl?: string } }) => ({
        method: req.raw?.method,
        url: redactUrl(fullUrl(req.raw)),
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customSuccessMessage: (req, res) => `${req.method} ${redactUrl(fullUrl(req))} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${redactUrl(fullUrl(req))} ${res.statusCode}`,
  });
}

/** Express rewrites `url` inside a mounted router; `originalUrl` is the one the client asked for. */
function fullUrl(req: (IncomingMessage & { originalUrl?: string }) | undefined): string {
  return req?.originalUrl ?? req?.url ?? "";
}
