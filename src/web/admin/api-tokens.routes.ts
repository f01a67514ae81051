import { Router, type Response } from "express";
import { API_SCOPES, SCOPE_LABELS } from "../../admin/api-tokens.service.js";
import type { Storage } from "../../storage/types.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { publicOrigin } from "../common/public-url.js";
import { currentUser } from "../common/session.js";
import { apiTokensPage, type ApiTokensInput } from "./api-tokens-view.js";
import { textOf } from "../common/form.js";

/** Read-only API tokens: created by an admin (shown once), listed, revoked; every act audited (either engine). */
export function apiTokensRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();
  const render = async (
    res: Response,
    status: number,
    extra: Partial<ApiTokensInput> & { origin: string },
  ): Promise<void> => {
    const tokens = await storage.apiTokens.list();
    res.status(status).render(
      "admin/api-tokens",
      apiTokensPage({
        tokens,
        surveys: registry.all().map((s) => ({ id: s.definition.id, title: s.definition.title.it })),
        scopes: SCOPE_LABELS,
        values: { name: "", surveyId: "", scope: "aggregates" },
        errors: {},
        created: null,
        ...extra,
      }),
    );
  };

  guarded(router, "GET /admin/api", (req, res) => render(res, 200, { origin: publicOrigin(req) }));

  guarded(router, "POST /admin/api", async (req, res) => {
    const text = (k: string): string => textOf(req, k).trim();
    const values = { name: text("name"), surveyId: text("surveyId"), scope: text("scope") };
    const errors: Record<string, string> = {};
    if (!values.name || values.name.length > 80)
      errors.name =
        "Scriva a chi o a che cosa serve il token (al massimo 80 caratteri), ad esempio «cruscotto del SIT».";
    if (!registry.current(values.surveyId)) errors.surveyId = "Scelga il questionario.";
    if (!(API_SCOPES as readonly string[]).includes(values.scope))
      errors.scope = "Scelga che cosa il token può leggere.";
    if (Object.keys(errors).length) return render(res, 422, { values, errors, origin: publicOrigin(req) });
    const token = await storage.apiTokens.create(
      { name: values.name, surveyId: values.surveyId, scope: values.scope as (typeof API_SCOPES)[number] },
      currentUser(res).username,
    );
    res.set("Cache-Control", "no-store");
    await render(res, 200, { created: { token, ...values }, origin: publicOrigin(req) });
  });

  guarded(router, "POST /admin/api/:id/revoca", async (req, res) => {
    // At most nine digits: any token's number, and never beyond a PostgreSQL integer.
    const param = String(req.params.id);
    if (/^[1-9]\d{0,8}$/.test(param)) await storage.apiTokens.revoke(Number(param), currentUser(res).username);
    res.redirect(303, "/admin/api");
  });
  return router;
}
