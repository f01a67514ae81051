import type { RequestHandler } from "express";
import type { Storage } from "../../storage/types.js";
import type { SurveyRegistry } from "../../surveys/registry.js";

/**
 * Versions published on another node, served here without a restart. Several app nodes share one
 * PostgreSQL database, but each keeps its own registry of the versions it serves; a version published
 * by the designer on one node is added to that node's registry at once, and the others learn of it
 * here: before a request, at most once every `everyMs`, the node reads a short stamp of `definitions`
 * (how many versions are stored and the latest date: rows are only ever inserted) and, when it differs
 * from the last one seen, reads the published versions again and adds those it does not know. One
 * small query per interval while requests come, none when idle; a database that does not answer
 * leaves the registry as it was and is asked again at the next request.
 */
export function followPublishedVersions(storage: Storage, registry: SurveyRegistry, everyMs: number): RequestHandler {
  let seen: string | undefined;
  let checkedAt = -Infinity;
  let running: Promise<void> | undefined;

  const check = async (): Promise<void> => {
    // The stamp is read before the versions: a version stored in between is read now and again next time, never missed.
    const stamp = await storage.designer.definitionsStamp();
    if (stamp === seen) return;
    for (const survey of await storage.surveys.readPublished()) {
      const { id, version } = survey.definition;
      // The files win for their own version (as at the start): a version already served stays as it is.
      if (!registry.version(id, version)) registry.add(survey);
    }
    seen = stamp;
  };

  return (_req, _res, next) => {
    const now = performance.now();
    if (!running && now - checkedAt >= everyMs) {
      checkedAt = now;
      running = check().finally(() => (running = undefined));
    }
    // Requests arriving during a check wait for it, so none is served from a registry known to be stale.
    if (!running) return next();
    // A failed check is not fatal: the registry is kept, and the next request past the interval asks again.
    void running.then(
      () => next(),
      () => next(),
    );
  };
}
