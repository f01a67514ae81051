import { users } from "../../db/pg/schema.js";

/** An account's columns as pages may see them: everything but the password hash. */
export const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  disabled: users.disabled,
  createdAt: users.createdAt,
};
