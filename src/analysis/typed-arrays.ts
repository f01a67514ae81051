/**
 * A typed array twice as long with the same start: the growth step of buffers filled one entry at a
 * time (the contributions' entries, the answers read into the report's columns), cheaper than plain
 * arrays of numbers for millions of entries.
 */
export function doubled<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Float32Array<ArrayBuffer>>(
  a: T,
): T {
  const out = new (a.constructor as new (length: number) => T)(a.length * 2);
  out.set(a);
  return out;
}
