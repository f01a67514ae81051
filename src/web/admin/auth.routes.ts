import { Router, type Request, type Response } from "express";
import { authenticate, redeemInvitation } from "../../admin/accounts.service.js";
import type { CounterStore } from "../../storage/counters.js";
import { createSharedSignInBackoff } from "../../storage/sign-in-backoff.js";
import type { Storage } from "../../storage/types.js";
import { guarded } from "../common/access.js";
import { clientKey } from "../common/client-key.js";
import { HttpError, notFound } from "../common/errors.js";
import { loginFormToken, loginTokenMatches, SIGN_IN_LIMITS } from "./sign-in-guard.js";
import { clearSessionCookie, currentUser, safeNext, setSessionCookie } from "../common/session.js";
import { formOf, textOf } from "../common/form.js";

/**
 * Sign in and sign out, on either engine. The back-off counts in `counters`: the process's memory
 * on one node, the database's shared counters on PostgreSQL, so a limit holds across app nodes.
 */
export function signInRouter(storage: Storage, counters: CounterStore): Router {
  const router = Router();
  const guard = createSharedSignInBackoff(counters, SIGN_IN_LIMITS);

  const renderLogin = (
    req: Request,
    res: Response,
    status: number,
    view: { next: string; username: string; error: string | null },
  ): void => {
    res.set("Cache-Control", "no-store");
    res.status(status).render("admin/login", { ...view, loginToken: loginFormToken(req, res) });
  };

  router.get("/login", (req, res) => {
    renderLogin(req, res, 200, { next: safeNext(req.query.next), username: "", error: null });
  });

  router.post("/login", async (req, res) => {
    const username = textOf(req, "username").trim().toLowerCase().slice(0, 100);
    const password = textOf(req, "password");
    const next = safeNext(formOf(req).next);
    // Login CSRF: without the form's token (another site posting here) nothing is checked.
    if (!loginTokenMatches(req)) {
      return renderLogin(req, res, 403, {
        next,
        username: "",
        error:
          "La pagina di accesso era scaduta o non proveniva da questo sito. Inserisca di nuovo nome utente e password.",
      });
    }
    const client = clientKey(req.ip);
    // One clock for the attempt and its refund: a refund on another clock may miss its window.
    const now = Date.now();
    const wait = await guard.waitSeconds(username, client, now);
    if (wait > 0) {
      res.set("Retry-After", String(wait));
      throw new HttpError(429, "tooManyTitle", "tooManySignInText");
    }
    // Counted before the (slow) password check and given back on success: counting only failures
    // after the check would let a burst of parallel guesses all pass the test above.
    await guard.attempt(username, client, now);
    const user = await authenticate(storage.signIns, username, password);
    if (!user) {
      await storage.signIns.recordFailure(username);
      return renderLogin(req, res, 401, { next, username, error: "Nome utente o password non corretti." });
    }
    await guard.succeeded(username, client, now);
    // A fresh session id at every sign-in: a session id planted before login is worthless.
    const session = await storage.signIns.open(user, res.locals.sessionId as string | undefined);
    setSessionCookie(req, res, session.id);
    res.redirect(303, next);
  });

  guarded(router, "POST /logout", async (req, res) => {
    await storage.signIns.close(res.locals.sessionId as string, currentUser(res).username);
    clearSessionCookie(req, res);
    res.redirect(303, "/login");
  });

  return router;
}

/** The one-time links that create accounts, on either engine. */
export function invitationRouter(storage: Storage): Router {
  const router = Router();

  router.get("/attivazione/:token", async (req, res) => {
    const setup = await storage.accounts.find(req.params.token);
    if (!setup) throw notFound();
    res.render("admin/setup", { role: setup.role, values: {}, errors: {} });
  });

  router.post("/attivazione/:token", async (req, res) => {
    const setup = await storage.accounts.find(req.params.token);
    if (!setup) throw notFound();
    const values = {
      username: formOf(req).username,
      displayName: formOf(req).displayName,
      password: formOf(req).password,
    };
    const result = await redeemInvitation(storage.accounts, req.params.token, setup.role, values);
    if (!result.ok) return res.status(422).render("admin/setup", { role: setup.role, values, errors: result.errors });
    // The account's creation is audited; its first session is not a sign-in of its own.
    const session = await storage.sessions.create(result.user.id);
    setSessionCookie(req, res, session.id);
    // A new administrator starts from what to fill in before opening a survey.
    res.redirect(303, setup.role === "admin" ? "/admin/primi-passi" : "/admin");
  });

  return router;
}
