/**
 * Masks anything that looks like a secret in text that came from outside (a gateway's error
 * message may quote the key it rejected), before that text reaches the user or a file.
 */

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // OpenRouter, BizRouter and OpenAI keys, whole or partly starred out.
  [/\bsk-[A-Za-z0-9_*-]{4,}(?:\.[A-Za-z0-9_*-]+)*/g, 'sk-…'],
  // Long opaque tokens of other gateways.
  [/\b[A-Za-z0-9_-]{40,}\b/g, '…'],
];

export function redactSecrets(text: string, known: readonly string[] = []): string {
  let result = text;
  for (const secret of known) if (secret.length >= 8) result = result.split(secret).join('…');
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
