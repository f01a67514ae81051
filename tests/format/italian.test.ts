import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDecimal,
  formatInteger,
  formatNumber,
  formatOrdinal,
  formatPercent,
  formatPercentRange,
  formatRange,
  NBSP,
} from "../../src/format/italian.js";

describe("Italian number formatting", () => {
  it("groups thousands with a dot, also for four digits, and uses the decimal comma", () => {
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(formatNumber(1234.56, 2)).toBe("1.234,56");
    expect(formatInteger(1234)).toBe("1.234");
    expect(formatInteger(35425)).toBe("35.425");
    expect(formatInteger(800)).toBe("800");
    expect(formatNumber(0.5, 0)).toBe("1");
  });

  it("keeps the number of decimals fixed, so columns line up", () => {
    expect(formatNumber(6, 1)).toBe("6,0");
    expect(formatNumber(0.05, 2)).toBe("0,05");
  });

  it("writes shares as percentages with a no-break space before the sign", () => {
    expect(formatPercent(0.123)).toBe(`12,3${NBSP}%`);
    expect(formatPercent(1)).toBe(`100,0${NBSP}%`);
    expect(formatPercent(0.97, 0)).toBe(`97${NBSP}%`);
    expect(formatPercent(12.345)).toBe(`1.234,5${NBSP}%`);
  });

  it("writes intervals with an en dash", () => {
    expect(formatPercentRange(0.102, 0.148)).toBe(`10,2–14,8${NBSP}%`);
    expect(formatRange(5.12, 6.34)).toBe("5,1–6,3");
  });

  it("writes ordinals and Rome time", () => {
    expect(formatOrdinal(3)).toBe("3º");
    expect(formatDateTime("2026-11-27T10:24:00.000Z")).toBe("27/11/2026, 11:24");
  });
});

describe("formatDecimal", () => {
  it("writes only the decimals a number has, at most the given digits, with the thousands dot", () => {
    expect(formatDecimal(1234)).toBe("1.234");
    expect(formatDecimal(1.5)).toBe("1,5");
    expect(formatDecimal(1.256, 2)).toBe("1,26");
  });
});
