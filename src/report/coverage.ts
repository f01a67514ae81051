import { coverageBase, coverageCurve, deskCoverage, type CitizenColumns, type StaffRecord } from "../analysis/index.js";
import type { Protection } from "./protection.js";

const MAX_DESK = 15;

/**
 * Coverage of the recommended desk (the ranking's first k services, k = 1…15) beside the best desk of
 * the same size found among the ranked services (grown one service at a time, each time the one that
 * serves the most further citizens completely; the recommended desk where it does better), with the
 * denominators the shares are taken on.
 */
export function publishCoverage(
  citizens: CitizenColumns,
  ranked: string[],
  weights: number[],
  staff: StaffRecord[],
  keys: readonly number[],
  P: Protection,
) {
  const maxK = Math.min(ranked.length, MAX_DESK);
  const recommended = deskCoverage(citizens, ranked, { weights, staff, maxK });
  const best = coverageCurve(citizens, ranked, { weights, staff, maxK });
  const base = coverageBase(citizens, weights);
  return {
    points: recommended.map((p, i) => ({
      k: p.k,
      services: p.services,
      citizensFullyServed: p.citizensFullyServed,
      contactsHandled: p.contactsHandled,
      staffContactsHandled: p.staffContactsHandled,
      // The step-by-step search is not guaranteed optimal: where the recommended desk does better, it is the best found.
      best:
        best[i].citizensFullyServed >= p.citizensFullyServed
          ? {
              services: best[i].services,
              citizensFullyServed: best[i].citizensFullyServed,
              contactsHandled: best[i].contactsHandled,
            }
          : { services: p.services, citizensFullyServed: p.citizensFullyServed, contactsHandled: p.contactsHandled },
    })),
    base: (() => {
      // The base is a count like any other: published through the protection layer.
      const users = P.countOf(keys, (i) => citizens.useStart[i + 1] > citizens.useStart[i]);
      return { citizens: users, citizensShare: users === null ? null : base.citizensShare };
    })(),
  };
}
