import type { Contributions } from "./contributions.js";
import { doubled } from "./typed-arrays.js";

/**
 * Contributions (contributions.ts) built one respondent at a time: `add` an entry of a slot, `endRow`
 * after each respondent, then `build` groups the entries by slot.
 *
 * The entries are kept as they are added, in typed arrays that double when full: a report adds a few million
 * (35,000 citizens × some forty), and plain arrays of numbers took several times longer to fill.
 */
export class RowBuilder {
  private row = 0;
  private length = 0;
  private rowsOf = new Int32Array(1024);
  private slots = new Int32Array(1024);
  private values = new Float64Array(1024);
  private denseLength = 0;
  private denseValues = new Float32Array(1024);
  add(slot: number, value: number): void {
    if (value === 0) return;
    if (this.length === this.slots.length) this.grow();
    this.rowsOf[this.length] = this.row;
    this.slots[this.length] = slot;
    this.values[this.length] = value;
    this.length++;
  }
  /** A value, or a missing answer: every "…_MISSING" slot sits right after its sum. */
  addAnswer(sumSlot: number, value: number | undefined): void {
    if (value === undefined) this.add(sumSlot + 1, 1);
    else this.add(sumSlot, value);
  }
  addDense(slot: number, value: number): void {
    const stored = Math.fround(value);
    if (this.denseLength === this.denseValues.length) this.denseValues = doubled(this.denseValues);
    this.denseValues[this.denseLength++] = stored;
    this.add(slot, value - stored);
  }
  endRow(): void {
    this.row++;
  }
  private grow(): void {
    this.rowsOf = doubled(this.rowsOf);
    this.slots = doubled(this.slots);
    this.values = doubled(this.values);
  }
  build(width: number, denseSlots: number[] = []): Contributions {
    const rows = this.row;
    const D = denseSlots.length;
    const dense = new Float32Array(rows * D);
    for (let i = 0; i < rows; i++) for (let k = 0; k < D; k++) dense[k * rows + i] = this.denseValues[i * D + k];
    const E = this.length;
    const slotOffsets = new Int32Array(width + 1);
    for (let e = 0; e < E; e++) slotOffsets[this.slots[e] + 1]++;
    for (let s = 0; s < width; s++) slotOffsets[s + 1] += slotOffsets[s];
    const next = slotOffsets.slice(0, width);
    const entryRows = new Int32Array(E);
    const entryValues = new Float64Array(E);
    const countSlots = new Uint8Array(width).fill(1);
    for (let e = 0; e < E; e++) {
      const s = this.slots[e];
      const at = next[s]++;
      entryRows[at] = this.rowsOf[e];
      entryValues[at] = this.values[e];
      if (this.values[e] !== 1) countSlots[s] = 0;
    }
    return {
      rows,
      width,
      slotOffsets,
      entryRows,
      entryValues,
      countSlots,
      dense,
      denseSlots: Int32Array.from(denseSlots),
    };
  }
}
