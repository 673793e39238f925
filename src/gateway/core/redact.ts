/**
 * Masks secrets in text that came from outside (a gateway's error message may quote the key it
 * rejected, or the Authorization header it got), before that text reaches the user or a file:
 * first the secrets known for the request — whatever characters they hold — then anything that
 * looks like a key.
 */

/** Shorter known values are not masked: they would mangle ordinary words of the message. */
export const MIN_SECRET_LENGTH = 6;

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // A credential quoted with its scheme, whatever it looks like.
  [/\b(Bearer|Basic)\s+[^\s"',;)]+/gi, '$1 …'],
  // OpenRouter, BizRouter and OpenAI keys, whole or partly starred out.
  [/\bsk-[A-Za-z0-9_*-]{4,}(?:\.[A-Za-z0-9_*-]+)*/g, 'sk-…'],
  // Long opaque tokens of other gateways.
  [/\b[A-Za-z0-9_-]{40,}\b/g, '…'],
];

export function redactSecrets(text: string, known: readonly string[] = []): string {
  let result = text;
  // Longest first, so that a secret containing another is masked whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join('…');
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
