import { Router, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { Db } from "../db/client.js";
import { countOpenDrafts } from "../responses/drafts.repository.js";
import { HttpError } from "./errors.js";
import { createLimiter, type Limiter } from "./rate-limit.js";

/** A limit: at most `max` in a window of `minutes`. */
export interface Limit {
  max: number;
  minutes: number;
}

/**
 * Limits per client address (req.ip: with TRUST_PROXY, the address the proxy saw). They are
 * generous on purpose: a town-hall network puts many citizens behind one address, and a
 * kiosk tablet serves one person after another all day. One questionnaire is about 8 posts.
 */
export interface AbuseLimits {
  /** New questionnaires from the web (POST /s/:id/start). */
  starts: Limit;
  /** New questionnaires on a kiosk (POST /kiosk/:id/start): higher, a kiosk is shared by design. */
  kioskStarts: Limit;
  /** Page posts and sending (POST /r/:token/p/:page, /r/:token/invia). */
  posts: Limit;
  /** End-of-service ratings (POST /r/:token/valutazione). */
  feedback: Limit;
  /** Wrong access codes (staff survey): the guard against guessing them. */
  failedCodes: Limit;
  /** Wrong resume codes: the same guard for drafts. */
  failedResumes: Limit;
  /** Open drafts a survey may have; beyond it new ones are refused until some are sent or expire. */
  maxOpenDrafts: number;
}

export const DEFAULT_LIMITS: AbuseLimits = {
  starts: { max: 60, minutes: 10 },
  kioskStarts: { max: 300, minutes: 10 },
  posts: { max: 1200, minutes: 10 },
  feedback: { max: 120, minutes: 10 },
  failedCodes: { max: 10, minutes: 15 },
  failedResumes: { max: 10, minutes: 15 },
  maxOpenDrafts: 50_000,
};

const limiter = (l: Limit): Limiter => createLimiter(l.max, l.minutes * 60_000);

function tooMany(res: Response, limit: Limit, next: NextFunction): void {
  res.set("Retry-After", String(limit.minutes * 60));
  next(new HttpError(429, "tooManyTitle", "tooManySubmissionsText"));
}

/** Every request counts. */
function counted(limit: Limit): RequestHandler {
  const l = limiter(limit);
  return (req, res, next) => (l.hit(req.ip ?? "?") ? next() : tooMany(res, limit, next));
}

/**
 * Only failures count (the handler answers 422 for a wrong code); once over, every attempt from
 * the address is refused before the code is even looked at, right or wrong. Each attempt is
 * counted on arrival and given back when it did not fail: counting only when the answer has
 * gone would let a burst of parallel guesses all pass the check before the first was counted.
 */
function failuresCounted(l: Limiter, limit: Limit): RequestHandler {
  return (req, res, next) => {
    const address = req.ip ?? "?";
    if (l.blocked(address)) return tooMany(res, limit, next);
    l.hit(address);
    res.on("finish", () => {
      if (res.statusCode !== 422) l.refund(address);
    });
    next();
  };
}

/**
 * The public write routes' guards, registered before the routers that answer them: limits per
 * address (in memory, never stored) and the cap on open drafts per survey.
 */
export function abuseGuards(db: Db, limits: Partial<AbuseLimits> = {}, now: () => Date = () => new Date()): Router {
  const l: AbuseLimits = { ...DEFAULT_LIMITS, ...limits };
  const router = Router();
  const codes = limiter(l.failedCodes);
  const capDrafts: RequestHandler = (req: Request, _res, next) => {
    const surveyId = String(req.params.surveyId);
    if (countOpenDrafts(db, surveyId, now()) >= l.maxOpenDrafts) return next(new HttpError(503, "tooManyDraftsTitle", "tooManyDraftsText"));
    next();
  };
  router.post("/s/:surveyId/start", counted(l.starts), failuresCounted(codes, l.failedCodes), capDrafts);
  router.post("/kiosk/:surveyId/start", counted(l.kioskStarts), failuresCounted(codes, l.failedCodes), capDrafts);
  router.post("/s/:surveyId/resume", failuresCounted(limiter(l.failedResumes), l.failedResumes));
  const posts = counted(l.posts);
  router.post("/r/:token/p/:pageId", posts);
  router.post("/r/:token/invia", posts);
  router.post("/r/:token/valutazione", counted(l.feedback));
  return router;
}
