import { randomFillSync } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so ids read back unambiguously. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

/** Makes ids; each generator keeps its own monotonic state. */
export type IdGenerator = (prefix: string) => string;

function encodeTime(ms: number): string {
  let rest = ms;
  let out = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Random bytes drawn from the OS a few kilobytes at a time: one call per id cost more than the rest of it. */
const entropy = Buffer.alloc(4096);
let entropyAt = entropy.length;

function randomDigits(): number[] {
  if (entropyAt + RANDOM_CHARS > entropy.length) {
    randomFillSync(entropy);
    entropyAt = 0;
  }
  const digits = new Array<number>(RANDOM_CHARS);
  // 256 is a multiple of 32, so masking keeps every digit uniform.
  for (let i = 0; i < RANDOM_CHARS; i++) digits[i] = entropy[entropyAt + i]! & 31;
  entropyAt += RANDOM_CHARS;
  return digits;
}

function digitText(digits: readonly number[]): string {
  let text = '';
  for (const digit of digits) text += ALPHABET[digit];
  return text;
}

/** Adds one to a base32 digit string in place; false when it overflowed. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]! += 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

/**
 * A generator of ULID-like ids: `prefix_` + 10 characters of millisecond time + 16 random characters.
 * Ids from one generator sort in creation order, also within one millisecond and when the clock steps back.
 *
 * @example
 * const next = createIdGenerator();
 * next('exe') < next('exe'); // true
 */
export function createIdGenerator(clock: () => number = Date.now): IdGenerator {
  let lastTime = -1;
  let time = '';
  let digits: number[] = [];
  return (prefix) => {
    const now = clock();
    if (now > lastTime) {
      lastTime = now;
      digits = randomDigits();
      time = encodeTime(lastTime);
    } else if (!increment(digits)) {
      lastTime += 1;
      digits = randomDigits();
      time = encodeTime(lastTime);
    }
    return `${prefix}_${time}${digitText(digits)}`;
  };
}

/**
 * A new time-sortable id, monotonic within this process.
 *
 * @example
 * newId('aud'); // 'aud_01JD3Z6W8Q4X9V2M7K5N0P1R3S'
 */
export const newId: IdGenerator = createIdGenerator();

/** The millisecond timestamp encoded in an id made by {@link newId}. */
export function idTime(id: string): number {
  const body = id.slice(id.lastIndexOf('_') + 1, id.lastIndexOf('_') + 1 + TIME_CHARS);
  let ms = 0;
  for (const char of body) ms = ms * 32 + ALPHABET.indexOf(char);
  return ms;
}
