import { isIPv4, isIPv6 } from "node:net";

/**
 * The key a client is counted under by the limits: an IPv4 address as it is, an IPv6 address by its
 * /64 prefix. One home or office line gets a whole /64 and can pick any address in it, so counting
 * full IPv6 addresses would give one person 2^64 buckets. An IPv4 address written as IPv6
 * (`::ffff:203.0.113.7`) counts as the IPv4 address.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return "?";
  if (isIPv4(ip)) return ip;
  const zoneless = ip.split("%")[0] ?? "";
  if (!isIPv6(zoneless)) return ip;
  const groups = expandIPv6(zoneless);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join(".");
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a trailing dotted IPv4 expanded). */
function expandIPv6(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16));
}
