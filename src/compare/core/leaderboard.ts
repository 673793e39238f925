/**
 * The local leaderboard: every pick of a better answer in a comparison, tallied per task type
 * (code, Chinese, long input…), so a user learns which models win for them at what.
 */
import type { Comparison } from './compare';
import { markdownText } from '../../base/core/markdown';
import { readJsonLines } from '../../base/core/json';

/** One pick: the model that won and the models it was compared with, all as "gateway/model". */
export interface Pick {
  readonly at: string;
  readonly task: string;
  readonly winner: string;
  readonly others: readonly string[];
  readonly blind: boolean;
}

export interface Standing {
  readonly model: string;
  readonly wins: number;
  readonly comparisons: number;
}

const key = (gateway: string, model: string): string => `${gateway}/${model}`;

/** The pick a comparison records once the user has picked in it. */
export function pickOf(comparison: Comparison, at: string): Pick | undefined {
  const winner = comparison.columns.find((c) => c.id === comparison.picked);
  if (!winner) return undefined;
  const others = comparison.columns.filter((c) => c !== winner).map((c) => key(c.gateway, c.model));
  return { at, task: comparison.task, winner: key(winner.gateway, winner.model), others, blind: comparison.blind };
}

/** The board counts the latest picks only, so what it reads and keeps stays small however long it is used. */
export const MAX_PICKS = 2000;

/** A pick's line in the board's file. */
export function pickLine(pick: Pick): string {
  return `${JSON.stringify(pick)}\n`;
}

/**
 * The board's file read back: the latest `MAX_PICKS` picks, oldest first (windows append in the
 * order they finish, so lines are put in time order here), and how many lines the file holds, so
 * the store knows when to compact it.
 */
export function readPicks(text: string): { readonly picks: Pick[]; readonly lines: number } {
  const { items, skipped } = readJsonLines(text, (value) => (isPick(value) ? value : undefined));
  const picks = items.map((pick, order) => ({ pick, order })).sort((a, b) => a.pick.at.localeCompare(b.pick.at) || a.order - b.order);
  return { picks: picks.slice(-MAX_PICKS).map(({ pick }) => pick), lines: items.length + skipped };
}

/** A file holding this many lines is rewritten with its latest picks only. */
export const COMPACT_AT = 2 * MAX_PICKS;

export function isPick(value: unknown): value is Pick {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p['at'] === 'string' && typeof p['task'] === 'string' && typeof p['winner'] === 'string' && typeof p['blind'] === 'boolean' && Array.isArray(p['others']) && p['others'].every((o) => typeof o === 'string');
}

/** Per task, the models by share of comparisons won (then by wins), best first. */
export function standings(picks: readonly Pick[]): Map<string, Standing[]> {
  const byTask = new Map<string, Map<string, { wins: number; comparisons: number }>>();
  for (const pick of picks) {
    const table = byTask.get(pick.task) ?? new Map<string, { wins: number; comparisons: number }>();
    byTask.set(pick.task, table);
    for (const model of [pick.winner, ...pick.others]) {
      const row = table.get(model) ?? { wins: 0, comparisons: 0 };
      row.comparisons += 1;
      if (model === pick.winner) row.wins += 1;
      table.set(model, row);
    }
  }
  const result = new Map<string, Standing[]>();
  for (const [task, table] of [...byTask].sort(([a], [b]) => a.localeCompare(b))) {
    const rows = [...table].map(([model, { wins, comparisons }]) => ({ model, wins, comparisons }));
    rows.sort((a, b) => b.wins / b.comparisons - a.wins / a.comparisons || b.wins - a.wins || a.model.localeCompare(b.model));
    result.set(task, rows);
  }
  return result;
}

/** The leaderboard as a Markdown document: a table per task. */
export function leaderboardMarkdown(picks: readonly Pick[], taskLabel: (task: string) => string): string {
  const parts = ['# Switchboard model leaderboard', ''];
  if (picks.length === 0) {
    parts.push('No picks yet. Compare models (Switchboard: Compare Models), and pick the better answer: blind mode hides the names until you do.');
    return `${parts.join('\n')}\n`;
  }
  const blind = picks.filter((p) => p.blind).length;
  parts.push(`${picks.length} picks, ${blind} of them blind. A model's score is the share of the comparisons it took part in that it won.`);
  for (const [task, rows] of standings(picks)) {
    parts.push('', `## ${taskLabel(task)}`, '', '| # | Model | Won | Compared | Share |', '|---|---|---|---|---|');
    rows.forEach((row, i) => parts.push(`| ${i + 1} | ${markdownText(row.model)} | ${row.wins} | ${row.comparisons} | ${Math.round((100 * row.wins) / row.comparisons)}% |`));
  }
  return `${parts.join('\n')}\n`;
}
