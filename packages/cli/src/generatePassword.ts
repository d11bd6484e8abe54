import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-.:=?@^_~';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/**
 * A strong random password (crypto randomness, ~6.2 bits per character: 24 characters are
 * ~148 bits) that fits Saleschat's 8–32 and holds every character class a policy may demand.
 * Nobody needs to know it: agents reach Saleschat through the kit's magic links.
 */
export function generatePassword(length = 24): string {
  if (length < 8 || length > 32) throw new RangeError('length must be 8 to 32.');
  const pick = (set: string) => set[randomInt(set.length)] as string;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(ALL));
  // Fisher–Yates, so the guaranteed classes are not always in front.
  for (let index = chars.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [chars[index], chars[other]] = [chars[other] as string, chars[index] as string];
  }
  return chars.join('');
}
