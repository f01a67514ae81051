import type { Db } from "../db/client.js";
import { deleteResponse } from "../responses/data.repository.js";
import { audit } from "../audit/audit.service.js";

/**
 * Erasure of one response on request (GDPR art. 17): the response and its answers go, the audit
 * log keeps who erased which response id and why. Returns false if there was no such response.
 */
export function eraseResponse(db: Db, responseId: string, reason: string, username: string): boolean {
  return db.transaction((tx) => {
    if (!deleteResponse(tx, responseId)) return false;
    audit(tx, { username, action: "risposta.eliminata", target: responseId, details: reason });
    return true;
  });
}
