import { describe, expect, it } from "vitest";
import { clientKey } from "../../src/web/common/client-key.js";

describe("clientKey: the bucket a client is counted in", () => {
  it("an IPv4 address is itself, also written as IPv6", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("an IPv6 address counts by its /64, however it is written", () => {
    const key = clientKey("2001:db8:1:2::1");
    expect(key).toBe("2001:db8:1:2::/64");
    for (const same of [
      "2001:0db8:0001:0002:ffff:ffff:ffff:ffff",
      "2001:DB8:1:2:a:b:c:d",
      "2001:db8:1:2::1.2.3.4",
      "2001:db8:1:2::1%eth0",
    ])
      expect(clientKey(same), same).toBe(key);
    expect(clientKey("2001:db8:1:3::1")).not.toBe(key);
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
  });

  it("anything else is kept as it is (never throws)", () => {
    expect(clientKey(undefined)).toBe("?");
    expect(clientKey("not-an-address")).toBe("not-an-address");
  });
});
