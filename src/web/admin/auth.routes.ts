import { Router, type Request, type Response } from "express";
import { authenticate, createAccountWithSetupToken } from "../../admin/accounts.service.js";
import { findSetupToken, openFirstSession, recordFailedSignIn, signIn, signOut } from "../../admin/sessions.service.js";
import type { Db } from "../../db/client.js";
import { guarded } from "../common/access.js";
import { HttpError, notFound } from "../common/errors.js";
import { createSignInGuard, loginFormToken, loginTokenMatches } from "./sign-in-guard.js";
import { clearSessionCookie, currentUser, safeNext, setSessionCookie } from "../common/session.js";

/** Sign in, sign out, and the one-time links that create accounts. */
export function authRouter(db: Db): Router {
  const router = Router();
  const guard = createSignInGuard();

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
    const username = typeof req.body?.username === "string" ? req.body.username.trim().toLowerCase().slice(0, 100) : "";
    const password = typeof req.body?.password === "string" ? req.body.password : "";
    const next = safeNext(req.body?.next);
    // Login CSRF: without the form's token (another site posting here) nothing is checked.
    if (!loginTokenMatches(req)) {
      return renderLogin(req, res, 403, {
        next,
        username: "",
        error:
          "La pagina di accesso era scaduta o non proveniva da questo sito. Inserisca di nuovo nome utente e password.",
      });
    }
    const wait = guard.waitSeconds(username, req);
    if (wait > 0) {
      res.set("Retry-After", String(wait));
      throw new HttpError(429, "tooManyTitle", "tooManySignInText");
    }
    // Counted before the (slow) password check and given back on success: counting only failures
    // after the check would let a burst of parallel guesses all pass the test above.
    guard.attempt(username, req);
    const user = await authenticate(db, username, password);
    if (!user) {
      recordFailedSignIn(db, username);
      return renderLogin(req, res, 401, { next, username, error: "Nome utente o password non corretti." });
    }
    guard.succeeded(username, req);
    // A fresh session id at every sign-in: a session id planted before login is worthless.
    const session = signIn(db, user, res.locals.sessionId as string | undefined);
    setSessionCookie(req, res, session.id);
    res.redirect(303, next);
  });

  guarded(router, "POST /logout", (req, res) => {
    signOut(db, res.locals.sessionId as string, currentUser(res).username);
    clearSessionCookie(req, res);
    res.redirect(303, "/login");
  });

  router.get("/attivazione/:token", (req, res) => {
    const setup = findSetupToken(db, req.params.token);
    if (!setup) throw notFound();
    res.render("admin/setup", { role: setup.role, values: {}, errors: {} });
  });

  router.post("/attivazione/:token", async (req, res) => {
    const setup = findSetupToken(db, req.params.token);
    if (!setup) throw notFound();
    const values = { username: req.body?.username, displayName: req.body?.displayName, password: req.body?.password };
    const result = await createAccountWithSetupToken(db, req.params.token, setup.role, values);
    if (!result.ok) return res.status(422).render("admin/setup", { role: setup.role, values, errors: result.errors });
    const session = openFirstSession(db, result.user);
    setSessionCookie(req, res, session.id);
    // A new administrator starts from what to fill in before opening a survey.
    res.redirect(303, setup.role === "admin" ? "/admin/primi-passi" : "/admin");
  });

  return router;
}
