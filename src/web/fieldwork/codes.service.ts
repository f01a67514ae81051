import { hashCode } from "../../responses/codes.js";
import type { RevokeResult } from "../../responses/records.js";
import type { Storage } from "../../storage/types.js";

/**
 * Access codes as the fieldwork staff handle them: made, handed out (downloaded or printed),
 * revoked, on either engine. Every act is audited, refused ones too, in the transaction of the act;
 * a code itself is never written to the log.
 */

export function generateAccessCodes(
  storage: Storage,
  surveyId: string,
  n: number,
  by: string,
  now: Date,
): Promise<string[]> {
  return storage.accessCodes.create(surveyId, n, now, {
    username: by,
    action: "codici.generati",
    target: surveyId,
    details: `${n} codici`,
  });
}

export type HandedCodes = { ok: true; codes: string[]; dropped: number } | { ok: false; reason: "none" | "foreign" };

/**
 * The codes posted back from the generation page to be downloaded or printed, keeping those of this
 * survey. Used or not, they are all kept: the answer must not tell one code's state.
 */
export async function handOutCodes(
  storage: Storage,
  surveyId: string,
  codes: string[] | null,
  action: string,
  describe: (n: number) => string,
  by: string,
  now: Date,
): Promise<HandedCodes> {
  const log = (details: string): Promise<void> =>
    storage.audit.record({ username: by, action, target: surveyId, details }, now);
  if (!codes) {
    await log("rifiutato: nessun codice valido");
    return { ok: false, reason: "none" };
  }
  const known = await storage.accessCodes.knownHashes(surveyId, codes.map(hashCode));
  const kept = codes.filter((c) => known.has(hashCode(c)));
  if (kept.length === 0) {
    await log(`rifiutato: ${codes.length} codici di nessun questionario o di un altro`);
    return { ok: false, reason: "foreign" };
  }
  await log(describe(kept.length));
  return { ok: true, codes: kept, dropped: codes.length - kept.length };
}

export function revokeUnusedCodes(storage: Storage, surveyId: string, by: string, now: Date): Promise<number> {
  return storage.accessCodes.revokeUnused(
    surveyId,
    (n) => ({ username: by, action: "codici.revocati", target: surveyId, details: `${n} codici non usati` }),
    now,
  );
}

export function revokeCode(
  storage: Storage,
  surveyId: string,
  code: string,
  by: string,
  now: Date,
): Promise<RevokeResult> {
  return storage.accessCodes.revoke(
    surveyId,
    hashCode(code),
    (result) => ({
      username: by,
      action: "codici.revocati",
      target: surveyId,
      details: result === "revoked" ? "1 codice" : "rifiutato: codice inesistente",
    }),
    now,
  );
}
