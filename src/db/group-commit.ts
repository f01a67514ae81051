import { rawClient, type Db } from "./client.js";

interface Waiting {
  work: (db: Db) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const groups = new WeakMap<object, Waiting[]>();

/**
 * Runs a write in the next group commit of this database. Writes that arrive within the same turn
 * of the event loop (requests read from the network together) share one transaction, so one fsync
 * under synchronous=FULL makes all of them durable; each promise settles only after that commit,
 * so nobody is told "stored" before the disk has it. Each write runs in its own savepoint: one that
 * throws is rolled back alone. If the commit itself fails, every write of the group fails.
 */
export function inGroupCommit<T>(db: Db, work: (db: Db) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = groups.get(db);
    if (!queue) {
      groups.set(db, (queue = []));
      setImmediate(() => flush(db));
    }
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}

function flush(db: Db): void {
  const queue = groups.get(db) ?? [];
  groups.delete(db);
  const client = rawClient(db);
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    client
      .transaction(() => {
        for (const waiting of queue) {
          try {
            // Nested in the open transaction, better-sqlite3 makes this a savepoint.
            outcomes.push({ ok: true, value: client.transaction(() => waiting.work(db))() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })
      .immediate();
  } catch (error) {
    for (const waiting of queue) waiting.reject(error);
    return;
  }
  queue.forEach((waiting, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
}
