import { Router } from "express";
import { z } from "zod";
import { audit, listAudit } from "../admin/audit.repository.js";
import { createAccount } from "../admin/accounts.service.js";
import { createSetupToken, deleteUserSessions } from "../admin/sessions.repository.js";
import { countActiveAdmins, findUserById, listUsers, updateUser } from "../admin/users.repository.js";
import type { Db } from "../db/client.js";
import { ROLES } from "../db/schema.js";
import { countAccessCodes } from "../responses/access-codes.repository.js";
import { countResponses, hasSyntheticResponses } from "../responses/repository.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { allSettings } from "../admin/settings.repository.js";
import { surveyState } from "../surveys/lifecycle.js";
import { guarded } from "./access.js";
import { STATE_LABELS } from "./fieldwork.routes.js";
import { notFound } from "./errors.js";
import { currentUser } from "./session.js";
import { publicOrigin } from "./public-url.js";

export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  admin: "Amministratore",
  analyst: "Analista",
  operator: "Operatore",
  giunta: "Giunta (sola lettura dei rapporti)",
};

/** The administration home, accounts and the audit log. */
export function adminRouter(db: Db, registry: SurveyRegistry): Router {
  const router = Router();

  guarded(router, "GET /admin", (_req, res) => {
    const settings = allSettings(db);
    const surveys = registry.all().map((s) => ({
      definition: s.definition,
      // The administrator's status and dates win over the file's status.
      state: STATE_LABELS[surveyState(s.definition, settings.get(s.definition.id), new Date())],
      responses: countResponses(db, s.definition.id),
      synthetic: hasSyntheticResponses(db, s.definition.id),
      codes: s.definition.access === "code" ? countAccessCodes(db, s.definition.id) : null,
    }));
    res.render("admin/home", { surveys });
  });

  const renderUsers = (res: import("express").Response, status: number, extra: Record<string, unknown> = {}) =>
    res.status(status).render("admin/users", { users: listUsers(db), roles: ROLES, roleLabels: ROLE_LABELS, values: {}, errors: {}, invite: null, notice: null, ...extra });

  guarded(router, "GET /admin/utenti", (req, res) => {
    const created = typeof req.query.creato === "string" ? req.query.creato : "";
    renderUsers(res, 200, { notice: created ? `Utente «${created}» creato.` : null });
  });

  guarded(router, "POST /admin/utenti", async (req, res) => {
    const values = { username: req.body?.username, displayName: req.body?.displayName, password: req.body?.password, role: req.body?.role };
    const result = await createAccount(db, values, currentUser(res).username);
    if (!result.ok) return renderUsers(res, 422, { values: { ...values, password: "" }, errors: result.errors });
    res.redirect(303, `/admin/utenti?creato=${encodeURIComponent(result.user.username)}`);
  });

  guarded(router, "POST /admin/utenti/invito", (req, res) => {
    const role = z.enum(ROLES).safeParse(req.body?.role);
    if (!role.success) return renderUsers(res, 422, { notice: "Scelga il ruolo del nuovo utente." });
    const token = createSetupToken(db, role.data, 72);
    audit(db, { username: currentUser(res).username, action: "invito.creato", details: `ruolo ${role.data}` });
    // Shown once, in this response only: the link is a secret.
    renderUsers(res, 200, { invite: { url: `${publicOrigin(req)}/attivazione/${token}`, role: ROLE_LABELS[role.data] } });
  });

  // Registered after /invito, which :id would otherwise swallow.
  const changeSchema = z.object({ role: z.enum(ROLES).optional(), disabled: z.enum(["0", "1"]).optional() });
  guarded(router, "POST /admin/utenti/:id", (req, res) => {
    const target = findUserById(db, Number(req.params.id));
    if (!target) throw notFound();
    const parsed = changeSchema.safeParse(req.body ?? {});
    // A form with neither field changes nothing (and an empty update is an SQL error): say so.
    if (!parsed.success || (parsed.data.role === undefined && parsed.data.disabled === undefined)) return renderUsers(res, 422, { notice: "Modifica non valida." });
    const role = parsed.data.role;
    const disabled = parsed.data.disabled === undefined ? undefined : parsed.data.disabled === "1";
    const losesAdmin = target.role === "admin" && !target.disabled && ((role && role !== "admin") || disabled);
    if (losesAdmin && countActiveAdmins(db) <= 1) {
      return renderUsers(res, 409, { notice: "Non è possibile: deve restare almeno un amministratore attivo." });
    }
    updateUser(db, target.id, { role, disabled });
    if (disabled || role) deleteUserSessions(db, target.id);
    audit(db, { username: currentUser(res).username, action: "utente.modificato", target: target.username, details: [role && `ruolo ${role}`, disabled !== undefined && (disabled ? "disattivato" : "riattivato")].filter(Boolean).join(", ") });
    res.redirect(303, "/admin/utenti");
  });

  guarded(router, "GET /admin/registro", (_req, res) => res.render("admin/audit", { entries: listAudit(db) }));

  return router;
}
