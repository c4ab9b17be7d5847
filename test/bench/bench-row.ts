// The one shape every benchmark module reports in, so the runner can print them all in one table.

export interface BenchRow {
  suite: string;
  case: string;
  value: number;
  unit: string;
  /** The same measurement of a naive implementation, taken in the same run. */
  baseline?: number;
  /** The goal in words, e.g. `< 200 ms`. */
  target?: string;
  /** Whether `value` meets `target`. */
  pass?: boolean;
}

/** A benchmark module's default export. */
export type BenchModule = () => Promise<BenchRow[]>;
