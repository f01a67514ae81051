import { ROLE_NAMES, type Role } from "../../surveys/vocabulary.js";
import { Router, type Response } from "express";
import { z } from "zod";
import { createAccount, INVITATION_HOURS, ROLES } from "../../admin/accounts.service.js";
import { surveysOverview } from "./overview.service.js";
import { auditPage } from "./audit-view.js";
import type { Storage } from "../../storage/types.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { STATE_LABELS } from "../fieldwork/fieldwork.routes.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { publicOrigin } from "../common/public-url.js";
import { formOf } from "../common/form.js";

export const ROLE_LABELS = Object.fromEntries(ROLES.map((r) => [r, ROLE_NAMES[r].label.it])) as Record<Role, string>;

/** The administration home: every survey with its state and counts, and the links to the reports (either engine). */
export function adminHomeRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();
  guarded(router, "GET /admin", async (_req, res) => {
    const overview = await surveysOverview(storage, registry, now());
    res.render("admin/home", { surveys: overview.map((s) => ({ ...s, state: STATE_LABELS[s.state] })) });
  });
  return router;
}

/** Accounts and the audit log (either engine). */
export function adminRouter(storage: Storage): Router {
  const router = Router();

  const renderUsers = async (res: Response, status: number, extra: Record<string, unknown> = {}) =>
    res.status(status).render("admin/users", {
      users: await storage.accounts.list(),
      roles: ROLES,
      roleLabels: ROLE_LABELS,
      values: {},
      errors: {},
      invite: null,
      notice: null,
      ...extra,
    });

  guarded(router, "GET /admin/utenti", async (req, res) => {
    const created = typeof req.query.creato === "string" ? req.query.creato : "";
    await renderUsers(res, 200, { notice: created ? `Utente «${created}» creato.` : null });
  });

  guarded(router, "POST /admin/utenti", async (req, res) => {
    const values = {
      username: formOf(req).username,
      displayName: formOf(req).displayName,
      password: formOf(req).password,
      role: formOf(req).role,
    };
    const result = await createAccount(storage.accounts, values, currentUser(res).username);
    if (!result.ok) return renderUsers(res, 422, { values: { ...values, password: "" }, errors: result.errors });
    res.redirect(303, `/admin/utenti?creato=${encodeURIComponent(result.user.username)}`);
  });

  guarded(router, "POST /admin/utenti/invito", async (req, res) => {
    const role = z.enum(ROLES).safeParse(formOf(req).role);
    if (!role.success) return renderUsers(res, 422, { notice: "Scelga il ruolo del nuovo utente." });
    const token = await storage.accounts.invite(role.data, INVITATION_HOURS, currentUser(res).username);
    // Shown once, in this response only: the link is a secret.
    await renderUsers(res, 200, {
      invite: { url: `${publicOrigin(req)}/attivazione/${token}`, role: ROLE_LABELS[role.data] },
    });
  });

  // Registered after /invito, which :id would otherwise swallow.
  const changeSchema = z.object({ role: z.enum(ROLES).optional(), disabled: z.enum(["0", "1"]).optional() });
  guarded(router, "POST /admin/utenti/:id", async (req, res) => {
    // At most nine digits: any account's number, and never beyond a PostgreSQL integer.
    const param = String(req.params.id);
    if (!/^\d{1,9}$/.test(param)) throw notFound();
    const id = Number(param);
    if (!(await storage.accounts.byId(id))) throw notFound();
    const parsed = changeSchema.safeParse(formOf(req));
    // A form with neither field changes nothing (and an empty update is an SQL error): say so.
    if (!parsed.success || (parsed.data.role === undefined && parsed.data.disabled === undefined))
      return renderUsers(res, 422, { notice: "Modifica non valida." });
    const role = parsed.data.role;
    const disabled = parsed.data.disabled === undefined ? undefined : parsed.data.disabled === "1";
    const changed = await storage.accounts.change(id, { role, disabled }, currentUser(res).username);
    if (!changed.ok && changed.reason === "not_found") throw notFound();
    if (!changed.ok)
      return renderUsers(res, 409, { notice: "Non è possibile: deve restare almeno un amministratore attivo." });
    res.redirect(303, "/admin/utenti");
  });

  guarded(router, "GET /admin/registro", async (_req, res) =>
    res.render("admin/audit", auditPage(await storage.audit.list())),
  );

  return router;
}
