/** Where two renderings of an answer first differ, with the HTML around it; undefined when they are the same. An answer's HTML is too long for a diff to show it. */
export function htmlDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  let at = 0;
  while (actual[at] === expected[at]) at++;
  const around = (html: string): string => JSON.stringify(html.slice(Math.max(0, at - 120), at + 60));
  return `they differ at character ${at}: ${around(actual)} instead of ${around(expected)}`;
}
