/** A saved time (a conversation's last change) as people read it. */

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The time in the reader's locale; one that is no time (a damaged file) as unknown, never a throw. */
export function dateOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'unknown date' : when.format(date);
}
