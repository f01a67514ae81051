import busboy from "busboy";
import type { RequestHandler } from "express";
import { forAdminsOnly, type SessionLookup } from "../common/admin-form.js";

export const STEMMA_PATH = "/admin/ente/stemma";
export const MAX_STEMMA_BYTES = 200 * 1024;

export interface StemmaUpload {
  image: Buffer | null;
  tooLarge: boolean;
}

/**
 * The stemma form is multipart (a file): read it here, for administrators only, into
 * req.body (_csrf, remove) and res.locals.stemmaUpload, so the CSRF check and the handler work as elsewhere.
 */
export function stemmaBodyParser(sessions: SessionLookup): RequestHandler {
  return forAdminsOnly(sessions, (req, res, next) => {
    if (!req.is("multipart/form-data")) return next();
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: MAX_STEMMA_BYTES, files: 1, fields: 5, fieldSize: 1000 },
      });
    } catch {
      return next();
    }
    const body: Record<string, string> = {};
    const upload: StemmaUpload = { image: null, tooLarge: false };
    const chunks: Buffer[] = [];
    parser.on("field", (name, value) => (body[name] = value));
    parser.on("file", (_name, stream) => {
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => (upload.tooLarge = true));
    });
    parser.on("error", () => next());
    parser.on("close", () => {
      if (!upload.tooLarge && chunks.length) upload.image = Buffer.concat(chunks);
      req.body = body;
      res.locals.stemmaUpload = upload;
      next();
    });
    req.pipe(parser);
  });
}

/** The image type from its first bytes (never from the name or the browser's word): PNG, JPEG, WebP or SVG. */
export function sniffImageType(image: Buffer): string | null {
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return "image/jpeg";
  if (image.subarray(0, 4).toString("latin1") === "RIFF" && image.subarray(8, 12).toString("latin1") === "WEBP")
    return "image/webp";
  const head = image
    .subarray(0, 512)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return "image/svg+xml";
  return null;
}
