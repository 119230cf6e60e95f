/**
 * The output cap of the SQL tasks (SPEC 7 Bounded work): rows are counted and measured as they
 * stream from the server, and the statement is stopped at the first row past either limit, so one
 * call never holds a whole large result in memory.
 */
import { TaskFailure } from '../domain/type-descriptor.js';
import { toJsonValue } from './task-support.js';

/** Results with more rows are refused: a call's output is meant for a flow, not for bulk export. */
export const MAX_ROWS = 10_000;
/** ... and so are results whose rows, as JSON, exceed this many bytes. */
export const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

export interface RowCap {
  /** converts and keeps a row; throws `result_too_large` past a limit */
  add(row: unknown): void;
  rows: Record<string, unknown>[];
}

/**
 * @example
 * const cap = createRowCap('add LIMIT');
 * query.on('row', (row) => cap.add(row)); // throws past 10 000 rows or 8 MiB
 */
export function createRowCap(hint: string, limits = { rows: MAX_ROWS, bytes: MAX_OUTPUT_BYTES }): RowCap {
  const rows: Record<string, unknown>[] = [];
  let bytes = 0;
  return {
    rows,
    add(row) {
      const value = toJsonValue(row) as Record<string, unknown>;
      bytes += JSON.stringify(value).length;
      if (rows.length + 1 > limits.rows) {
        throw new TaskFailure(
          'result_too_large',
          `the statement returned more than the ${limits.rows} rows a call may return; ${hint}`,
        );
      }
      if (bytes > limits.bytes) {
        throw new TaskFailure(
          'result_too_large',
          `the statement returned more than the ${limits.bytes / 1024 / 1024} MiB a call may return; select fewer columns or ${hint}`,
        );
      }
      rows.push(value);
    },
  };
}
