/**
 * Exact decimal numbers as canonical strings ("0.15", "3", "0.0000025"). Gateways send prices as
 * strings or JSON numbers with many places; converting per-token to per-million prices by string
 * shifting keeps every digit, which floating point would not.
 *
 * Parsing is linear and bounded: a value longer than `MAX_DECIMAL_CHARS` or with an exponent past
 * `MAX_EXPONENT` is no price anyone charges, and is refused rather than expanded.
 */

export const MAX_DECIMAL_CHARS = 64;
export const MAX_EXPONENT = 30;

const DECIMAL = /^\+?(\d*)(?:\.(\d*))?(?:e([+-]?\d{1,4}))?$/i;

/** A non-negative finite decimal as a canonical string, or undefined for anything else. */
export function toDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return toDecimal(String(value));
  }
  if (typeof value !== 'string' || value.length > MAX_DECIMAL_CHARS * 2) return undefined;
  const trimmed = value.trim();
  if (trimmed.length > MAX_DECIMAL_CHARS) return undefined;
  const match = DECIMAL.exec(trimmed);
  if (!match) return undefined;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  if ((whole === '' && fraction === '') || Math.abs(Number(exponent)) > MAX_EXPONENT) return undefined;
  return normalise(whole + fraction, whole.length + Number(exponent));
}

/** Multiplies a canonical decimal by 10^places, exactly. */
export function shiftDecimal(decimal: string, places: number): string {
  const [whole = '', fraction = ''] = decimal.split('.');
  return normalise(whole + fraction, whole.length + places);
}

/** Digits with the decimal point after `point` digits (which may be negative or past the end). */
function normalise(digits: string, point: number): string {
  let padded = digits;
  let at = point;
  if (at < 0) {
    padded = '0'.repeat(-at) + padded;
    at = 0;
  }
  if (at > padded.length) padded = padded + '0'.repeat(at - padded.length);
  let start = 0;
  while (start < at && padded[start] === '0') start += 1;
  let end = padded.length;
  while (end > at && padded[end - 1] === '0') end -= 1;
  const whole = padded.slice(start, at) || '0';
  const fraction = padded.slice(at, end);
  return fraction ? `${whole}.${fraction}` : whole;
}
