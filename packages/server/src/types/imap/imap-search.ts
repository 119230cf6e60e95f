/**
 * The `search` input of the imap type: IMAP search keys as a list of words (RFC 3501 §6.4.4), e.g.
 * `["UNSEEN", "FROM", "grace@example.org", "SINCE", "2026-11-01"]`, turned into imapflow's query object.
 * An unknown key is refused, so a typo never silently matches everything.
 */
import type { SearchObject } from 'imapflow';
import { TaskFailure } from '../../domain/type-descriptor.js';

const FLAGS: Record<string, SearchObject> = {
  ALL: { all: true },
  UNSEEN: { seen: false },
  SEEN: { seen: true },
  FLAGGED: { flagged: true },
  UNFLAGGED: { flagged: false },
  ANSWERED: { answered: true },
  UNANSWERED: { answered: false },
  DELETED: { deleted: true },
  UNDELETED: { deleted: false },
  DRAFT: { draft: true },
  NEW: { new: true },
  OLD: { old: true },
  RECENT: { recent: true },
};

const TEXT = new Set(['FROM', 'TO', 'CC', 'BCC', 'SUBJECT', 'BODY', 'TEXT']);
const DATES = new Set(['SINCE', 'BEFORE', 'ON', 'SENTSINCE', 'SENTBEFORE', 'SENTON']);
const SIZES = new Set(['LARGER', 'SMALLER']);

const invalid = (why: string) =>
  new TaskFailure(
    'invalid_input',
    `search ${why}; use IMAP search keys such as ["UNSEEN"] or ["FROM", "a@b.org", "SINCE", "2026-11-01"]`,
  );

export function toSearchQuery(keys: string[]): SearchObject {
  const query: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = (keys[i] ?? '').toUpperCase();
    const flag = FLAGS[key];
    if (flag) {
      Object.assign(query, flag);
      continue;
    }
    const arg = keys[i + 1];
    if (!TEXT.has(key) && !DATES.has(key) && !SIZES.has(key))
      throw invalid(`key '${keys[i]}' is not supported`);
    if (arg === undefined) throw invalid(`key ${key} needs a value after it`);
    i++;
    if (TEXT.has(key)) query[key.toLowerCase()] = arg;
    else if (SIZES.has(key)) {
      if (!/^\d+$/.test(arg)) throw invalid(`${key} needs a size in bytes, not '${arg}'`);
      query[key.toLowerCase()] = Number(arg);
    } else {
      const date = new Date(arg);
      if (Number.isNaN(date.getTime())) throw invalid(`${key} needs a date (YYYY-MM-DD), not '${arg}'`);
      query[key.toLowerCase()] = date;
    }
  }
  return Object.keys(query).length ? (query as SearchObject) : { all: true };
}
