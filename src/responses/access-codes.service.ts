import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import { createAccessCodes, revokeAccessCode, revokeUnused, surveyHashes } from "./access-codes.repository.js";
import { hashCode } from "./codes.js";

/**
 * Access codes as the fieldwork staff handle them: made, handed out (downloaded or printed),
 * revoked. Every act is audited, refused ones too; a code itself is never written to the log.
 */

export { countAccessCodeStates, type AccessCodeCounts } from "./access-codes.repository.js";

export function generateAccessCodes(db: Db, surveyId: string, n: number, by: string, now: Date): string[] {
  return db.transaction((tx) => {
    const codes = createAccessCodes(tx, surveyId, n, now);
    audit(tx, { username: by, action: "codici.generati", target: surveyId, details: `${n} codici` }, now);
    return codes;
  });
}

export type HandedCodes = { ok: true; codes: string[]; dropped: number } | { ok: false; reason: "none" | "foreign" };

/**
 * The codes posted back from the generation page to be downloaded or printed, keeping those of this
 * survey. Used or not, they are all kept: the answer must not tell one code's state.
 */
export function handOutCodes(
  db: Db,
  surveyId: string,
  codes: string[] | null,
  action: string,
  describe: (n: number) => string,
  by: string,
  now: Date,
): HandedCodes {
  const log = (details: string): void => audit(db, { username: by, action, target: surveyId, details }, now);
  if (!codes) {
    log("rifiutato: nessun codice valido");
    return { ok: false, reason: "none" };
  }
  const known = surveyHashes(db, surveyId, codes.map(hashCode));
  const kept = codes.filter((c) => known.has(hashCode(c)));
  if (kept.length === 0) {
    log(`rifiutato: ${codes.length} codici di nessun questionario o di un altro`);
    return { ok: false, reason: "foreign" };
  }
  log(describe(kept.length));
  return { ok: true, codes: kept, dropped: codes.length - kept.length };
}

export function revokeUnusedCodes(db: Db, surveyId: string, by: string, now: Date): number {
  return db.transaction((tx) => {
    const n = revokeUnused(tx, surveyId);
    audit(tx, { username: by, action: "codici.revocati", target: surveyId, details: `${n} codici non usati` }, now);
    return n;
  });
}

export function revokeCode(
  db: Db,
  surveyId: string,
  code: string,
  by: string,
  now: Date,
): ReturnType<typeof revokeAccessCode> {
  return db.transaction((tx) => {
    const result = revokeAccessCode(tx, surveyId, hashCode(code));
    audit(
      tx,
      {
        username: by,
        action: "codici.revocati",
        target: surveyId,
        details: result === "revoked" ? "1 codice" : "rifiutato: codice inesistente",
      },
      now,
    );
    return result;
  });
}
