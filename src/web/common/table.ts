/** A row of a table of counts (views/partials/table.ejs): its header and its cells, already formatted. */
export interface TableRow {
  head: string;
  /** The header is a code (a census category): printed as code. */
  code?: boolean;
  /** The header is a day: printed as a <time> with this machine-readable date. */
  datetime?: string;
  cells: string[];
}
