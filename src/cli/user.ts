import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { INVITATION_HOURS } from "../admin/accounts.service.js";
import { ROLES, type Role } from "../db/schema.js";
import { openStorage } from "./open-storage.js";
import { USER_USAGE } from "./usage.js";

/**
 * `user invite` (a one-time link that creates an account, valid INVITATION_HOURS) and `user list`, on the
 * database the server uses: PostgreSQL when DATABASE_URL is set, else the SQLite file.
 */
export async function userCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  const storage = await openStorage(config);
  try {
    if (sub === "list") {
      for (const u of await storage.accounts.list())
        console.log(`${u.username}\t${u.role}\t${u.disabled ? "disattivato" : "attivo"}\t${u.displayName}`);
      return 0;
    }
    const { values } = parseArgs({ args: rest, options: { role: { type: "string" } }, strict: false });
    const role = (ROLES as readonly string[]).includes(String(values.role ?? "")) ? (values.role as Role) : null;
    if (sub !== "invite" || !role) {
      console.error(`Uso: ${USER_USAGE}  oppure  user list`);
      return 2;
    }
    const token = await storage.accounts.invite(role, INVITATION_HOURS, "(riga di comando)");
    console.log(
      `Link di attivazione (${INVITATION_HOURS} ore, una sola volta): http://localhost:${config.port}/attivazione/${token}`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}
