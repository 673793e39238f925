/** How a model's facts read where people see them: the picker, Auto's reasons. */

/** A context length as people say it: "128K", "262K", "1.05M". */
export function contextLabel(tokens: number): string {
  return tokens >= 1_000_000 ? `${+(tokens / 1_000_000).toFixed(2)}M` : `${Math.round(tokens / 1000)}K`;
}
