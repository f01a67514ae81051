import { Router, type Response } from "express";
import {
  addService,
  findCatalogue,
  latestCatalogues,
  renameService,
  retireService,
  type ServiceErrors,
  type ServiceFields,
} from "./catalogues.service.js";
import { readKnown } from "./known.service.js";
import type { Storage } from "../../storage/types.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import type { Catalogue } from "../../surveys/schema.js";
import { guarded } from "../common/access.js";
import { str } from "./support.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { formOf } from "../common/form.js";

const FIELDS = [
  "code",
  "name.it",
  "name.en",
  "description.it",
  "description.en",
  "owner.it",
  "owner.en",
  "area",
] as const;

/** The catalogue editor: every change is stored as a new catalogue version. */
export function designerCatalogueRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();

  const usersOf = (id: string): string[] =>
    registry
      .all()
      .filter((s) => s.definition.catalogue === id)
      .map((s) => s.definition.title.it);

  const load = async (id: string): Promise<Catalogue> => {
    const catalogue = await findCatalogue(storage, registry, id);
    if (!catalogue) throw notFound();
    return catalogue;
  };

  const renderCatalogue = (
    res: Response,
    catalogue: Catalogue,
    status: number,
    extra: Record<string, unknown> = {},
  ): void => {
    res.status(status).render("admin/designer/catalogue", {
      catalogue,
      users: usersOf(catalogue.id),
      values: { area: catalogue.areas[0]?.value ?? "" },
      errors: {},
      notice: null,
      ...extra,
    });
  };

  const fieldsOf = (body: unknown): { values: Record<string, string>; fields: ServiceFields } => {
    const b = (body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(FIELDS.map((k) => [k, str(b[k]).trim()])) as Record<string, string>;
    const text = (k: string) => ({ it: values[`${k}.it`], en: values[`${k}.en`] });
    return {
      values,
      fields: {
        code: values.code,
        name: text("name"),
        description: text("description"),
        owner: text("owner"),
        area: values.area,
      },
    };
  };

  guarded(router, "GET /admin/cataloghi", async (_req, res) => {
    const catalogues = [...latestCatalogues(await readKnown(storage, registry)).values()].map((c) => ({
      catalogue: c,
      active: c.services.filter((s) => !s.retired).length,
      users: usersOf(c.id),
    }));
    res.render("admin/designer/catalogues", { catalogues });
  });

  guarded(router, "GET /admin/cataloghi/:catalogueId", async (req, res) => {
    const catalogue = await load(String(req.params.catalogueId));
    const done = str(req.query.fatto);
    renderCatalogue(res, catalogue, 200, {
      notice: done ? `Modifica salvata: il catalogo è ora alla versione ${catalogue.version}.` : null,
    });
  });

  guarded(router, "POST /admin/cataloghi/:catalogueId/servizi", async (req, res) => {
    const catalogue = await load(String(req.params.catalogueId));
    const { values, fields } = fieldsOf(formOf(req));
    const result = await addService(storage, registry, catalogue.id, fields, currentUser(res).username);
    if (!result) throw notFound();
    if (!result.ok) return renderCatalogue(res, catalogue, 422, { values, errors: result.errors });
    res.redirect(303, `/admin/cataloghi/${catalogue.id}?fatto=1`);
  });

  const renderService = (
    res: Response,
    catalogue: Catalogue,
    code: string,
    values: Record<string, string>,
    errors: ServiceErrors,
    status = 200,
  ): void => {
    res.status(status).render("admin/designer/service-form", { catalogue, code, values, errors });
  };

  guarded(router, "GET /admin/cataloghi/:catalogueId/servizi/:code", async (req, res) => {
    const catalogue = await load(String(req.params.catalogueId));
    const service = catalogue.services.find((s) => s.code === String(req.params.code));
    if (!service) throw notFound();
    const values: Record<string, string> = { code: service.code, area: service.area };
    for (const k of ["name", "description", "owner"] as const)
      for (const l of ["it", "en"] as const) values[`${k}.${l}`] = service[k][l];
    renderService(res, catalogue, service.code, values, {});
  });

  guarded(router, "POST /admin/cataloghi/:catalogueId/servizi/:code", async (req, res) => {
    const catalogue = await load(String(req.params.catalogueId));
    const code = String(req.params.code);
    if (!catalogue.services.some((s) => s.code === code)) throw notFound();
    const { values, fields } = fieldsOf({ ...formOf(req), code });
    const result = await renameService(storage, registry, catalogue.id, fields, currentUser(res).username);
    if (!result) throw notFound();
    if (!result.ok) return renderService(res, catalogue, code, values, result.errors, 422);
    res.redirect(303, `/admin/cataloghi/${catalogue.id}?fatto=1`);
  });

  guarded(router, "POST /admin/cataloghi/:catalogueId/servizi/:code/ritira", async (req, res) => {
    const catalogue = await load(String(req.params.catalogueId));
    // Retiring can't be undone (a code is never reused): the first post asks, the confirmed one acts.
    if (formOf(req).conferma !== "1") {
      const service = catalogue.services.find((s) => s.code === String(req.params.code) && !s.retired);
      if (!service) throw notFound();
      return res.render("admin/designer/retire-confirm", { catalogue, service, users: usersOf(catalogue.id) });
    }
    const result = await retireService(
      storage,
      registry,
      catalogue.id,
      String(req.params.code),
      currentUser(res).username,
    );
    if (!result) throw notFound();
    res.redirect(303, `/admin/cataloghi/${catalogue.id}?fatto=1`);
  });

  return router;
}
