import { createHash, randomBytes, randomInt } from "node:crypto";

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A code of `groups` × 5 characters (25 bits each), e.g. "7K3QD-X9M2B". */
export function newCode(groups: number): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g++) {
    let part = "";
    for (let i = 0; i < 5; i++) part += ALPHABET[randomInt(ALPHABET.length)];
    parts.push(part);
  }
  return parts.join("-");
}

/** What people type: lower case, spaces, dashes, O for 0 and I or L for 1 are all forgiven. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

export function hashCode(input: string): string {
  return createHash("sha256").update(normaliseCode(input)).digest("hex");
}

/** The secret in a resume link: 192 random bits. */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}
