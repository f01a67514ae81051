import type { Role } from "../surveys/vocabulary.js";

/** A staff account as pages may see it: every column of `users` but the password hash. */
export type User = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
};
