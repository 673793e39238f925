/**
 * Which models a task goes to on each gateway: a default table, and the user's
 * `switchboard.router.rules` laid over it, validated with a reason for every entry it ignores.
 */
import type { Dialect, GatewayProfile } from '../../gateway/core/gateways';
import { TASKS, type Task } from './detect';
import { isJsonObject } from '../../base/core/json';

/** The model setting that lets the router choose per request. */
export const AUTO_MODEL = 'auto';


/** Candidates per task, best first. A task with no list uses `general`'s. */
export type RuleTable = Partial<Record<Task, readonly string[]>>;

/** Gateway id to its table. */
export type Rules = Readonly<Record<string, RuleTable>>;

/**
 * Routers that run on the gateway: they pick the model themselves and say which one answered.
 * Any gateway speaking their dialect has them (a proxy in front of OpenRouter, say).
 */
export const SERVER_ROUTERS: Readonly<Record<string, { readonly free: boolean; readonly dialect: Dialect }>> = {
  'openrouter/auto': { free: false, dialect: 'openrouter' },
  'openrouter/free': { free: true, dialect: 'openrouter' },
  'bizrouter/route': { free: false, dialect: 'bizrouter' },
};

/**
 * The defaults. OpenRouter: a coding model for code, Qwen for Chinese, million-token contexts for
 * long inputs, a strong general model otherwise; OpenRouter's free router last, so that with "free
 * models only" on something free is always left. BizRouter adds Korean-strong models (Solar,
 * EXAONE) and its own router for general requests. Every BizRouter id is one its price list names
 * (a unit test holds the table to it): it lists no Qwen3 235B, so Chinese goes to DeepSeek V3.2,
 * whose maker reports it ahead of Qwen2.5 72B and Llama 3.1 405B on Chinese benchmarks (C-Eval,
 * CMMLU, C-SimpleQA, in the DeepSeek-V3 model card), then GLM-4.6 from Zhipu.
 */
export const DEFAULT_RULES: Rules = {
  openrouter: {
    code: ['qwen/qwen3-coder', 'anthropic/claude-sonnet-4.5', 'openrouter/free'],
    chinese: ['qwen/qwen3-235b-a22b-2507', 'qwen/qwen3-coder', 'openrouter/free'],
    long: ['google/gemini-2.5-pro', 'anthropic/claude-sonnet-4.5', 'openrouter/free'],
    general: ['anthropic/claude-sonnet-4.5', 'openai/gpt-4o-mini', 'openrouter/free'],
  },
  bizrouter: {
    korean: ['upstage/solar-pro-2', 'lgai/exaone-4.0-32b', 'bizrouter/route'],
    code: ['qwen/qwen3-coder', 'anthropic/claude-sonnet-4.5', 'bizrouter/route'],
    chinese: ['deepseek/deepseek-v3.2', 'z-ai/glm-4.6', 'bizrouter/route'],
    long: ['anthropic/claude-sonnet-4.5', 'lgai/exaone-4.0-32b', 'bizrouter/route'],
    general: ['bizrouter/route', 'openai/gpt-4o-mini'],
  },
};

export interface ResolvedRules {
  readonly rules: Rules;
  /** One line per ignored entry of the setting, saying why. */
  readonly problems: readonly string[];
}

const SETTING = 'switchboard.router.rules';

function modelList(value: unknown): readonly string[] | undefined {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0) return undefined;
  const models = list.map((m) => (typeof m === 'string' ? m.trim() : ''));
  return models.every((m) => m.length > 0) ? models : undefined;
}

/** The default table with the setting laid over it: a task the user lists replaces that task's defaults. */
export function resolveRules(setting: unknown, gateways: ReadonlyArray<Pick<GatewayProfile, 'id' | 'dialect'>>): ResolvedRules {
  const problems: string[] = [];
  const rules: Record<string, RuleTable> = { ...DEFAULT_RULES };
  if (setting === undefined || setting === null) return { rules, problems };
  if (!isJsonObject(setting)) return { rules, problems: [`${SETTING} must map gateway ids to tables of tasks`] };
  for (const [gateway, table] of Object.entries(setting)) {
    const dialect = gateways.find((g) => g.id === gateway)?.dialect;
    if (!dialect) {
      problems.push(`${SETTING}: there is no gateway "${gateway}" (gateways: ${gateways.map((g) => g.id).join(', ')})`);
      continue;
    }
    if (!isJsonObject(table)) {
      problems.push(`${SETTING}.${gateway} must map tasks to models`);
      continue;
    }
    const merged: Record<string, readonly string[]> = { ...rules[gateway] };
    for (const [task, value] of Object.entries(table)) {
      if (!(TASKS as readonly string[]).includes(task)) {
        problems.push(`${SETTING}.${gateway}: "${task}" is not a task (tasks: ${TASKS.join(', ')})`);
        continue;
      }
      const models = modelList(value);
      if (!models) {
        problems.push(`${SETTING}.${gateway}.${task} must be a model id or a non-empty list of model ids`);
        continue;
      }
      const foreign = models.find((m) => SERVER_ROUTERS[m] !== undefined && SERVER_ROUTERS[m].dialect !== dialect);
      if (foreign) {
        problems.push(`${SETTING}.${gateway}.${task}: ${foreign} runs on ${SERVER_ROUTERS[foreign]!.dialect} gateways, and ${gateway} speaks ${dialect}`);
        continue;
      }
      merged[task] = models;
    }
    rules[gateway] = merged;
  }
  return { rules, problems };
}

/** The candidates for a task on a gateway, best first, and which rule gave them. */
export function candidatesFor(rules: Rules, gateway: string, task: Task): { readonly models: readonly string[]; readonly rule: Task } | undefined {
  const table = rules[gateway];
  const own = table?.[task];
  if (own) return { models: own, rule: task };
  const general = table?.general;
  return general ? { models: general, rule: 'general' } : undefined;
}
