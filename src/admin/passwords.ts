/**
 * The native argon2 module, loaded at the first password handled: a command or a report that never
 * checks one (the CLI's report, say) does not pay for loading it.
 */
const argon2 = () => import("@node-rs/argon2");

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's minimum recommendation. */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  // Outside the try: a module that cannot load is an installation fault, not a wrong password.
  const { verify } = await argon2();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 12;

/** Length beats composition rules (NIST SP 800-63B); a null means the password is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `La password deve avere almeno ${MIN_PASSWORD_LENGTH} caratteri.`;
  if ([...password].length > 200) return "La password può avere al massimo 200 caratteri.";
  if (password.toLowerCase().includes(username.toLowerCase())) return "La password non può contenere il nome utente.";
  return null;
}
