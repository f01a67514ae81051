import type { Request } from "express";

/**
 * The origin of links that leave the page (a resume link to keep, an invitation to send, the address
 * on a code slip): PUBLIC_URL when configured, so a forged Host header can never end up in them.
 * Without it (a trial on a laptop or a LAN) the request's own address, as the browser used it.
 */
export function publicOrigin(req: Request): string {
  const configured = req.app.locals.publicUrl as string | undefined;
  if (configured) return configured;
  const host = req.get("host") ?? "";
  return `${req.protocol}://${/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host) ? host : "localhost"}`;
}
