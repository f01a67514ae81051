import { createHash } from "node:crypto";

/**
 * A checksum of a table's canonical dump that does not depend on row order: each row is written as
 * canonical JSON (properties in name order, binary as base64, booleans as true/false) and hashed
 * with SHA-256; the table's checksum is the sum of the row hashes modulo 2^256, so the two engines
 * may read rows in their own order (their text orderings can differ) and still agree. Any changed,
 * missing or extra row changes the sum.
 */
export class TableChecksum {
  private sum = 0n;
  rows = 0;

  add(row: Record<string, unknown>): void {
    const canonical = Object.keys(row)
      .sort()
      .map((k) => [k, canonicalValue(row[k])]);
    const digest = createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
    this.sum = (this.sum + BigInt(`0x${digest}`)) % 2n ** 256n;
    this.rows++;
  }

  hex(): string {
    return this.sum.toString(16).padStart(64, "0");
  }
}

function canonicalValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { base64: Buffer.from(value).toString("base64") };
  if (typeof value === "bigint") return Number(value);
  return value;
}
