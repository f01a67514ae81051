import { Router, type Request, type Response } from "express";
import { audit } from "../admin/audit.repository.js";
import { authenticate, createAccountWithSetupToken } from "../admin/accounts.service.js";
import { createSession, deleteSession, findSetupToken } from "../admin/sessions.repository.js";
import type { Db } from "../db/client.js";
import { guarded } from "./access.js";
import { HttpError, notFound } from "./errors.js";
import { createSignInGuard, loginFormToken, loginTokenMatches } from "./sign-in-guard.js";
import { usernameTaken } from "../admin/users.repository.js";
import { clearSessionCookie, currentUser, safeNext, setSessionCookie } from "./session.js";

/** Sign in, sign out, and the one-time links that create accounts. */
export function authRouter(db: Db): Router {
  const router = Router();
  const guard = createSignInGuard();

  const renderLogin = (req: Request, res: Response, status: number, view: { next: string; username: string; error: string | null }): void => {
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
      return renderLogin(req, res, 403, { next, username: "", error: "La pagina di accesso era scaduta o non proveniva da questo sito. Inserisca di nuovo nome utente e password." });
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
      // The name is written only when it is an account's: a password typed in the wrong field stays out of the log.
      audit(db, { username: usernameTaken(db, username) ? username : "(nome utente inesistente)", action: "accesso.fallito" });
      return renderLogin(req, res, 401, { next, username, error: "Nome utente o password non corretti." });
    }
    guard.succeeded(username, req);
    // A fresh session id at every sign-in: a session id planted before login is worthless.
    const old = res.locals.sessionId as string | undefined;
    if (old) deleteSession(db, old);
    const session = createSession(db, user.id);
    setSessionCookie(req, res, session.id);
    audit(db, { username: user.username, action: "accesso" });
    res.redirect(303, next);
  });

  guarded(router, "POST /logout", (req, res) => {
    deleteSession(db, res.locals.sessionId as string);
    audit(db, { username: currentUser(res).username, action: "uscita" });
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
    const session = createSession(db, result.user.id);
    setSessionCookie(req, res, session.id);
    // A new administrator starts from what to fill in before opening a survey.
    res.redirect(303, setup.role === "admin" ? "/admin/primi-passi" : "/admin");
  });

  return router;
}
