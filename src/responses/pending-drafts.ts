import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Lang } from "../surveys/messages.js";
import { newToken } from "./codes.js";
import type { Channel } from "../surveys/vocabulary.js";

/**
 * A questionnaire started but not yet answered is stored nowhere: what the server needs to know
 * about it travels sealed (AES-256-GCM with a key only the server has) in the link itself. The
 * draft is stored, under the link's random id, only when a page with answers is posted, so
 * pressing "start" costs an attacker as much as it costs the server: nothing.
 *
 * A pending token is `<id>.<sealed>`; a stored draft's token is the bare id (192 random bits).
 */
export interface PendingStart {
  surveyId: string;
  surveyVersion: number;
  lang: Lang;
  channel: Channel;
  /** The access code typed at the start (code-protected surveys), checked again when the draft is stored. */
  code: string | null;
  /** How long the draft will live once stored. */
  days: number;
  startedAt: string;
}

export function isPendingToken(token: string): boolean {
  return token.includes(".");
}

export function sealPendingToken(key: Buffer, start: PendingStart): string {
  const id = newToken();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(id));
  const payload = JSON.stringify([
    start.surveyId,
    start.surveyVersion,
    start.lang,
    start.channel,
    start.code,
    start.days,
    start.startedAt,
  ]);
  const sealed = Buffer.concat([iv, cipher.update(payload, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${id}.${sealed.toString("base64url")}`;
}

/** The id and the start of a pending token; null for anything forged, altered or malformed. */
export function openPendingToken(key: Buffer, token: string): { id: string; start: PendingStart } | null {
  const [id = "", sealedText = "", extra] = token.split(".");
  if (extra !== undefined || !/^[A-Za-z0-9_-]{32}$/.test(id) || !/^[A-Za-z0-9_-]{40,2000}$/.test(sealedText))
    return null;
  const sealed = Buffer.from(sealedText, "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const text = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString(
      "utf8",
    );
    const [surveyId, surveyVersion, lang, channel, code, days, startedAt] = JSON.parse(text) as [
      string,
      number,
      Lang,
      Channel,
      string | null,
      number,
      string,
    ];
    return { id, start: { surveyId, surveyVersion, lang, channel, code, days, startedAt } };
  } catch {
    return null;
  }
}
