/** Rows written between two pauses: long exports let the server answer other requests meanwhile. */
export const YIELD_EVERY = 500;

/** Lets pending I/O and requests run before the loop goes on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
