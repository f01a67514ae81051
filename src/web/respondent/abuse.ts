import { Router, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { Storage } from "../../storage/types.js";
import { clientKey } from "../common/client-key.js";
import { HttpError } from "../common/errors.js";
import { draftsFull, findDraft, openPending, roomForDraft } from "./drafts.service.js";
import { createLimiter, type Limiter } from "../common/rate-limit.js";
import { createSharedLimiter, type CounterStore } from "../../storage/counters.js";
import { KIOSK_DRAFT_DAYS } from "./kiosk.routes.js";

/** A limit: at most `max` in a window of `minutes`. */
export interface Limit {
  max: number;
  minutes: number;
}

/**
 * Limits per client (an IPv4 address, or an IPv6 /64: see client-key.ts; with TRUST_PROXY, the
 * address the proxy saw). They are generous on purpose: a town-hall network puts many citizens
 * behind one address, and a kiosk tablet serves one person after another all day. One
 * questionnaire is about 8 posts.
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
  /** Open drafts a survey may have; beyond it the oldest empty ones make room, else new ones are refused. */
  maxOpenDrafts: number;
  /** The share of `maxOpenDrafts` one client may store in `draftShareDays` (the longest a draft lives). */
  draftShare: number;
  draftShareDays: number;
}

export const DEFAULT_LIMITS: AbuseLimits = {
  starts: { max: 60, minutes: 10 },
  kioskStarts: { max: 300, minutes: 10 },
  posts: { max: 1200, minutes: 10 },
  feedback: { max: 120, minutes: 10 },
  failedCodes: { max: 10, minutes: 15 },
  failedResumes: { max: 10, minutes: 15 },
  maxOpenDrafts: 50_000,
  draftShare: 0.02,
  draftShareDays: 30,
};

const limiter = (l: Limit): Limiter => createLimiter(l.max, l.minutes * 60_000);

function tooMany(res: Response, limit: Limit, next: NextFunction): void {
  res.set("Retry-After", String(limit.minutes * 60));
  next(new HttpError(429, "tooManyTitle", "tooManySubmissionsText"));
}

/** Every request counts. */
function counted(limit: Limit): RequestHandler {
  const l = limiter(limit);
  return (req, res, next) => (l.hit(clientKey(req.ip)) ? next() : tooMany(res, limit, next));
}

/**
 * Only failures count (the handler answers 422 for a wrong code); once over, every attempt from
 * the address is refused before the code is even looked at, right or wrong. Each attempt is
 * counted on arrival and given back when it did not fail: counting only when the answer has
 * gone would let a burst of parallel guesses all pass the check before the first was counted.
 */
function failuresCounted(l: Limiter, limit: Limit): RequestHandler {
  return (req, res, next) => {
    const address = clientKey(req.ip);
    if (l.blocked(address)) return tooMany(res, limit, next);
    l.hit(address);
    res.on("finish", () => {
      if (res.statusCode !== 422) l.refund(address);
    });
    next();
  };
}

/**
 * The same two guards on a shared counter store (several app nodes on PostgreSQL). The hit comes
 * first and is one atomic increment, so of a burst of parallel requests at most `max` pass, on
 * whichever nodes they arrive; an attempt refused is given back, so the count stays at the limit.
 */
function sharedCounted(store: CounterStore, name: string, limit: Limit): RequestHandler {
  const l = createSharedLimiter(store, name, limit.max, limit.minutes * 60_000);
  return async (req, res, next) => ((await l.hit(clientKey(req.ip))) ? next() : tooMany(res, limit, next));
}

function sharedFailuresCounted(store: CounterStore, name: string, limit: Limit): RequestHandler {
  const l = createSharedLimiter(store, name, limit.max, limit.minutes * 60_000);
  return async (req, res, next) => {
    const address = clientKey(req.ip);
    if (!(await l.hit(address))) {
      await l.refund(address);
      return tooMany(res, limit, next);
    }
    res.on("finish", () => {
      if (res.statusCode !== 422) void l.refund(address).catch(() => undefined);
    });
    next();
  };
}

/**
 * The public write routes' guards, registered before the routers that answer them: limits per
 * client (in memory, never stored), each client's share of the open drafts, and the cap on open
 * drafts per survey.
 */
export function abuseGuards(
  storage: Storage,
  limits: Partial<AbuseLimits> = {},
  now: () => Date = () => new Date(),
  counters?: CounterStore,
): Router {
  const l: AbuseLimits = { ...DEFAULT_LIMITS, ...limits };
  const router = Router();
  const count = (name: string, limit: Limit): RequestHandler =>
    counters ? sharedCounted(counters, name, limit) : counted(limit);
  const codes = limiter(l.failedCodes);
  const failures = (name: string, limit: Limit, inMemory: () => Limiter): RequestHandler =>
    counters ? sharedFailuresCounted(counters, name, limit) : failuresCounted(inMemory(), limit);
  const codeFailures = failures("failed-codes", l.failedCodes, () => codes);
  const share: Limit = {
    max: Math.max(1, Math.ceil(l.maxOpenDrafts * l.draftShare)),
    minutes: l.draftShareDays * 24 * 60,
  };
  // A kiosk draft lives two hours: its share is counted over that, not over a web draft's 30 days.
  const kioskShare: Limit = { max: share.max, minutes: Math.ceil(KIOSK_DRAFT_DAYS * 24 * 60) };
  const shareLimits = { web: share, kiosk: kioskShare };
  // The store's memory on one node (SQLite), its shared rows on PostgreSQL: one rule for both.
  const shares = draftShares(counters ?? storage.counters, shareLimits);
  // Starting stores nothing: a start is refused only when its first answers could not be stored either.
  const capDrafts: RequestHandler = async (req: Request, _res, next) => {
    if (await draftsFull(storage, String(req.params.surveyId), l.maxOpenDrafts, now()))
      return next(new HttpError(503, "tooManyDraftsTitle", "tooManyDraftsText"));
    next();
  };
  /**
   * A post on a pending link may store its draft (draft.routes.ts sets res.locals.draftStored):
   * counted against the client's share on arrival, given back when nothing was stored, and again
   * when the questionnaire is sent (only open drafts take a share).
   */
  const admitDraft: RequestHandler = async (req, res, next) => {
    const pending = await openPending(storage, String(req.params.token));
    if (!pending || (await findDraft(storage, pending.id))) return next();
    const client = clientKey(req.ip);
    const channel = pending.start.channel === "kiosk" ? "kiosk" : "web";
    const at = now().getTime();
    if (!(await shares.admit(channel, client, at))) return tooMany(res, shareLimits[channel], next);
    if (!(await roomForDraft(storage, pending.start.surveyId, l.maxOpenDrafts, now()))) {
      await shares.refund(channel, client, at);
      return next(new HttpError(503, "tooManyDraftsTitle", "tooManyDraftsText"));
    }
    res.on("finish", () => {
      const settled = res.locals.draftStored
        ? shares.own(pending.id, channel, client, at)
        : shares.refund(channel, client, at);
      void settled.catch(() => undefined);
    });
    next();
  };
  /** A questionnaire sent (the redirect to its thank-you page): its client's slot is free again. */
  const releaseOnSend: RequestHandler = (req, res, next) => {
    const id = String(req.params.token).split(".")[0];
    res.on("finish", () => {
      if (res.statusCode !== 303 || !/\/grazie(\?|$)/.test(String(res.getHeader("location") ?? ""))) return;
      void shares.release(id, now().getTime()).catch(() => undefined);
    });
    next();
  };
  router.post("/s/:surveyId/start", count("starts", l.starts), codeFailures, capDrafts);
  router.post("/kiosk/:surveyId/start", count("kiosk-starts", l.kioskStarts), codeFailures, capDrafts);
  router.post(
    "/s/:surveyId/resume",
    failures("failed-resumes", l.failedResumes, () => limiter(l.failedResumes)),
  );
  const posts = count("posts", l.posts);
  router.post("/r/:token/p/:pageId", posts, admitDraft);
  router.post("/r/:token/invia", posts, admitDraft, releaseOnSend);
  router.post("/r/:token/valutazione", count("feedback", l.feedback));
  return router;
}

type ShareChannel = "web" | "kiosk";

/** Each client's share of the open drafts: counted when a draft is stored, given back when it is sent. */
interface DraftShares {
  /** Counts one draft against the client's share; false (nothing counted) when the share is used up. */
  admit(channel: ShareChannel, client: string, at: number): Promise<boolean>;
  /** Nothing was stored after all: the count is given back. */
  refund(channel: ShareChannel, client: string, at: number): Promise<void>;
  /** The draft was stored: it holds the count until it is sent. */
  own(draftId: string, channel: ShareChannel, client: string, at: number): Promise<void>;
  /** The questionnaire was sent: the count its draft holds is given back. */
  release(draftId: string, at: number): Promise<void>;
}

/**
 * The shares count in the counter store, and the store remembers which count each draft holds, so a
 * questionnaire stored through one node and sent through another (PostgreSQL) gives its share back.
 * The hit comes first (one atomic increment), as for the other shared limits.
 */
function draftShares(store: CounterStore, limits: Record<ShareChannel, Limit>): DraftShares {
  const make = (channel: ShareChannel) =>
    createSharedLimiter(store, `draft-share-${channel}`, limits[channel].max, limits[channel].minutes * 60_000);
  const counters = { web: make("web"), kiosk: make("kiosk") };
  return {
    async admit(channel, client, at) {
      if (await counters[channel].hit(client, at)) return true;
      await counters[channel].refund(client, at);
      return false;
    },
    refund: (channel, client, at) => counters[channel].refund(client, at),
    own: (draftId, channel, client, at) => counters[channel].own(`draft\u0000${draftId}`, client, at),
    release: (draftId, at) => store.release(`draft\u0000${draftId}`, at),
  };
}
