/**
 * Exact decimal numbers as canonical strings ("0.15", "3", "0.0000025"). Gateways send prices as
 * strings or JSON numbers with many places; converting per-token to per-million prices by string
 * shifting keeps every digit, which floating point would not.
 */

const DECIMAL = /^\s*\+?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?\s*$/i;

/** A non-negative finite decimal as a canonical string, or undefined for anything else. */
export function toDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return toDecimal(String(value));
  }
  if (typeof value !== 'string') return undefined;
  const match = DECIMAL.exec(value);
  if (!match) return undefined;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
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
  const whole = padded.slice(0, at).replace(/^0+/, '') || '0';
  const fraction = padded.slice(at).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}
