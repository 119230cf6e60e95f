import { AppError } from '../domain/errors.js';
import type { SealedSecrets } from '../domain/model.js';
import type { Page } from '../domain/ports.js';
import type { JsonText, SealedColumns } from './schema.js';

export const toJson = (value: unknown): JsonText => JSON.stringify(value ?? null);

export const fromJson = <T>(text: JsonText): T => JSON.parse(text) as T;

/** Cursors are the base64url of the last key seen: opaque to clients, cheap to check. */
export const encodeCursor = (key: string | number): string =>
  Buffer.from(String(key), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (cursor === '' || encodeCursor(key) !== cursor) {
    throw new AppError(
      'invalid_request',
      'cursor is not valid; pass the next_cursor of the previous page unchanged',
    );
  }
  return key;
}

export function decodeSeqCursor(cursor: string): number {
  const seq = Number(decodeCursor(cursor));
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new AppError(
      'invalid_request',
      'cursor is not valid; pass the next_cursor of the previous page unchanged',
    );
  }
  return seq;
}

/** Turns `limit + 1` fetched rows into a page; the extra row only says that another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => string | number,
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/** Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\'`. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

export function sealedToColumns(sealed: SealedSecrets | null): SealedColumns {
  return {
    sealed_key_id: sealed?.keyId ?? null,
    sealed_wrapped_key: sealed?.wrappedKey ?? null,
    sealed_fields: sealed ? toJson(sealed.fields) : null,
  };
}

export function sealedFromColumns(row: SealedColumns): SealedSecrets | null {
  if (row.sealed_key_id === null || row.sealed_wrapped_key === null || row.sealed_fields === null)
    return null;
  return {
    keyId: row.sealed_key_id,
    wrappedKey: row.sealed_wrapped_key,
    fields: fromJson<Record<string, string>>(row.sealed_fields),
  };
}

/** Affected-row counts arrive as bigint; treat a missing count as zero. */
export const countOf = (value: bigint | number | string | undefined): number => Number(value ?? 0);
