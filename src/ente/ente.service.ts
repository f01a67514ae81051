import { audit, type AuditRecord } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import { ensureEnteRow, saveEnte } from "./load.js";
import { saveStemma } from "./repository.js";
import type { EnteFields } from "./schema.js";

/** The administrator's changes to the comune's data and stemma, each saved and audited together. */

export { findStemma } from "./repository.js";

/** The audit line of the ente's data saved (the same on both engines). */
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

export function confirmEnte(db: Db, fields: EnteFields, by: string, now = new Date()): void {
  db.transaction((tx) => {
    saveEnte(tx, fields, by, now);
    audit(tx, enteSavedAudit(fields, by), now);
  });
}

/** A new stemma (an image already checked, with its type), or none. */
export function replaceStemma(
  db: Db,
  stemma: { image: Buffer; type: string } | null,
  by: string,
  now = new Date(),
): void {
  db.transaction((tx) => {
    ensureEnteRow(tx, by, now);
    saveStemma(tx, stemma?.image ?? null, stemma?.type ?? null, by, now);
    audit(tx, stemmaAudit(stemma, by), now);
  });
}
