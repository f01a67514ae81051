/** A synchronous repository call as a promise: a throw becomes a rejection, as on PostgreSQL. */
export function later<T>(run: () => T): Promise<T> {
  return new Promise((resolve) => resolve(run()));
}
