import type { AuditRecord } from "../audit/entry.js";
import type { EnteFields } from "./schema.js";

/**
 * The audit lines of the administrator's changes to the comune's data and stemma, the same on both
 * engines (each saves its line with the change, in one transaction): the ente's data saved.
 */
export function enteSavedAudit(fields: EnteFields, by: string): AuditRecord {
  return {
    username: by,
    action: "ente.modificato",
    target: "ente",
    details: `nome ${fields.name}; IPA ${fields.ipaCode}`,
  };
}

/** The audit line of a stemma replaced or removed. */
export function stemmaAudit(stemma: { image: Buffer; type: string } | null, by: string): AuditRecord {
  return {
    username: by,
    action: "ente.stemma",
    target: "ente",
    details: stemma ? `${stemma.type}, ${stemma.image.length} byte` : "rimosso",
  };
}
