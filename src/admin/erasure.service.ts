import type { AuditRecord } from "../audit/entry.js";

/** Where a response is erased (the storage boundary's responses, on either engine). */
export interface ResponseErasure {
  erase(id: string, audit: AuditRecord): Promise<boolean>;
}

/**
 * Erasure of one response on request (GDPR art. 17): the response and its answers go, the audit
 * log keeps who erased which response id and why. Resolves false if there was no such response.
 */
export function eraseResponse(
  responses: ResponseErasure,
  responseId: string,
  reason: string,
  username: string,
): Promise<boolean> {
  return responses.erase(responseId, { username, action: "risposta.eliminata", target: responseId, details: reason });
}
