import type { Request } from "express";

/**
 * The posted form as the body parsers left it: values still to be checked. Express types `req.body`
 * as `any`; read through here, every field is `unknown` until a handler has checked it.
 */
export function formOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
}

/** A text field of the form; "" when absent or not text (a field sent twice arrives as an array). */
export function textOf(req: Request, name: string): string {
  const value = formOf(req)[name];
  return typeof value === "string" ? value : "";
}
