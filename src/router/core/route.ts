/**
 * Picks the model for a request sent to Auto: the task's candidates in order, each checked before
 * anything is sent (listed by the gateway, big enough a context, free when only free models may be
 * used, within the budget), and an explanation of every step in words.
 */
import { thousands } from '../../costs/core/budget';
import type { ModelInfo } from '../../gateway/core/catalog';
import { contextLabel } from '../../gateway/core/modelLabels';
import type { Detection, Task } from './detect';
import { DEFAULT_RULES, SERVER_ROUTERS, candidatesFor, type Rules } from './rules';

/** How Auto chose the model of an answer, or that the user re-sent it to another model. */
export interface Route {
  readonly chosenBy: 'auto' | 'user';
  /** The model the request went to (a server-side router picks further; `Message.model` says what answered). */
  readonly model: string;
  /** The detected task: long, code, chinese, japanese, korean or general. */
  readonly task: string;
  /** One line for the chip: "Auto → qwen/qwen3-coder · code (python)". */
  readonly label: string;
  /** The whole reasoning, a sentence each: what was detected, the rule, each candidate skipped and why. */
  readonly reasons: readonly string[];
  /** The rule's candidates in the order they were tried; offered first when re-sending elsewhere. */
  readonly candidates: readonly string[];
  /** When the finding was weak: the task that came second and the model its rule would choose, offered first by Other model…. */
  readonly runnerUp?: { readonly task: string; readonly model: string };
}

export interface RouteContext {
  readonly gateway: { readonly id: string; readonly label: string };
  readonly rules: Rules;
  /** The gateway's models; undefined when the list could not be fetched (then nothing is checked). */
  readonly catalog: readonly ModelInfo[] | undefined;
  readonly freeOnly: boolean;
  /** The conversation's answer limit, counted against the context with the prompt. */
  readonly maxTokens: number | undefined;
  /** Whether the budget lets this model answer without asking; undefined info means unknown prices. */
  readonly withinBudget: (model: ModelInfo | undefined) => boolean;
  /** The request carries images: only a model that lists image input may take it. */
  readonly images?: boolean;
}

/** `message`: why nothing was chosen, in the reasoning's words. */
export type RouteResult = { readonly kind: 'routed'; readonly route: Route } | { readonly kind: 'none'; readonly message: string };

/**
 * Free to use: a router of free models only, or a model whose every listed price is zero; a model
 * the catalog does not list (or that could not be read) is free when its id is marked `:free`.
 */
export function isFreeModel(id: string, info: ModelInfo | undefined): boolean {
  return SERVER_ROUTERS[id]?.free === true || (info ? info.free : id.endsWith(':free'));
}

const PROSE_NAME = { chinese: 'Chinese', japanese: 'Japanese', korean: 'Korean' } as const;

/** "code (python) · Korean prose", "long (~31K tokens)", "chinese · unsure: maybe code". */
export function taskLabel(detection: Detection): string {
  let label: string = detection.task;
  if (detection.task === 'code' && detection.codeLanguage) label = `code (${detection.codeLanguage})`;
  if (detection.task === 'long') label = `long (~${contextLabel(detection.estimatedTokens)} tokens)`;
  // The prose's language says which answer to expect, whatever the task.
  if ((detection.task === 'code' || detection.task === 'long') && detection.proseLanguage) label += ` · ${PROSE_NAME[detection.proseLanguage]} prose`;
  return detection.runnerUp ? `${label} · unsure: maybe ${detection.runnerUp}` : label;
}

/** With only free models allowed, a model's `:free` variant, when the gateway lists one, goes first. */
function withFreeVariants(models: readonly string[], context: RouteContext): string[] {
  const listed = new Set(context.catalog?.map((m) => m.id));
  const expanded = models.flatMap((m) => (context.freeOnly && !m.endsWith(':free') && listed.has(`${m}:free`) ? [`${m}:free`, m] : [m]));
  return [...new Set(expanded)];
}

type Check = { readonly ok: true; readonly note: string } | { readonly ok: false; readonly why: string; readonly budgetOnly: boolean };

function check(id: string, detection: Detection, context: RouteContext): Check {
  const router = SERVER_ROUTERS[id];
  if (router) {
    if (context.freeOnly && !isFreeModel(id, undefined)) return { ok: false, why: 'it can pick paid models, and only free models may be used', budgetOnly: false };
    if (!context.withinBudget(undefined)) return { ok: false, why: 'its price is unknown and your budget is used up', budgetOnly: true };
    return { ok: true, note: `${id} is ${context.gateway.label}'s own router: it picks the model itself, and the answer says which` };
  }
  if (!context.catalog) return { ok: true, note: `the model list could not be fetched, so nothing about ${id} was checked` };
  const info = context.catalog.find((m) => m.id === id);
  if (!info) return { ok: false, why: `${context.gateway.label} does not list it`, budgetOnly: false };
  const needed = detection.estimatedTokens + (context.maxTokens ?? 0);
  if (info.contextLength !== undefined && needed > info.contextLength) {
    return { ok: false, why: `its ${contextLabel(info.contextLength)} context is too small for about ${thousands(needed)} tokens`, budgetOnly: false };
  }
  if (context.images && !info.inputModalities.includes('image')) return { ok: false, why: 'it takes no images, and the prompt carries one', budgetOnly: false };
  if (context.freeOnly && !isFreeModel(id, info)) return { ok: false, why: 'it is not free, and only free models may be used', budgetOnly: false };
  if (!context.withinBudget(info)) return { ok: false, why: 'it would go past a spending limit you set', budgetOnly: true };
  const fits = info.contextLength === undefined ? 'its context length is not listed' : `about ${thousands(detection.estimatedTokens)} tokens fit its ${contextLabel(info.contextLength)} context`;
  return { ok: true, note: `${fits}${info.free ? '; it is free' : ''}` };
}

function ruleLine(context: RouteContext, task: Task, rule: Task, models: readonly string[]): string {
  const source = DEFAULT_RULES[context.gateway.id]?.[rule] === models ? 'the default rules' : 'your switchboard.router.rules';
  const fallback = rule === task ? '' : ` (there is no ${task} rule, so the general one applies)`;
  return `Rule: ${context.gateway.label} ${rule} → ${models.join(', ')}, from ${source}${fallback}.`;
}

/** The runner-up task's model: the first of its rule's candidates that passes every check and is not the one chosen. */
function runnerUpOf(detection: Detection, context: RouteContext, chosen: string): { readonly task: string; readonly model: string } | undefined {
  if (!detection.runnerUp) return undefined;
  const found = candidatesFor(context.rules, context.gateway.id, detection.runnerUp);
  const model = found && withFreeVariants(found.models, context).find((id) => id !== chosen && check(id, detection, context).ok);
  return model ? { task: detection.runnerUp, model } : undefined;
}

/**
 * The model for a detected task. The first candidate that passes every check is chosen; if none
 * does but one failed only on the budget, that one is chosen and the budget check asks the user.
 */
export function route(detection: Detection, context: RouteContext): RouteResult {
  const found = candidatesFor(context.rules, context.gateway.id, detection.task);
  if (!found) {
    return { kind: 'none', message: `there are no rules for ${context.gateway.label}; add its models to switchboard.router.rules under "${context.gateway.id}"` };
  }
  const reasons = [`Detected ${detection.task}: ${detection.evidence}.`, ruleLine(context, detection.task, found.rule, found.models)];
  const candidates = withFreeVariants(found.models, context);
  const chose = (model: string, why: string): RouteResult => {
    reasons.push(`Chose ${model}${why}.`);
    const second = runnerUpOf(detection, context, model);
    if (second) reasons.push(`Unsure: the request could also be ${second.task}, whose rule would choose ${second.model}; Other model… offers it first.`);
    const route: Route = { chosenBy: 'auto', model, task: detection.task, label: `Auto → ${model} · ${taskLabel(detection)}`, reasons, candidates, ...(second ? { runnerUp: second } : {}) };
    return { kind: 'routed', route };
  };
  let overBudget: string | undefined;
  const tryAll = (ids: readonly string[]): RouteResult | undefined => {
    for (const id of ids) {
      const result = check(id, detection, context);
      if (result.ok) return chose(id, `: ${result.note}`);
      reasons.push(`Skipped ${id}: ${result.why}.`);
      if (result.budgetOnly) overBudget ??= id;
    }
    return undefined;
  };
  const chosen = tryAll(candidates);
  if (chosen) return chosen;
  // An image the task's models cannot see may still go to a general model that can.
  const general = context.images && found.rule !== 'general' ? candidatesFor(context.rules, context.gateway.id, 'general') : undefined;
  if (general && !overBudget) {
    reasons.push(`None of the ${found.rule} models takes images; trying the general rule: ${general.models.join(', ')}.`);
    const seeing = tryAll(withFreeVariants(general.models, context).filter((id) => !candidates.includes(id)));
    if (seeing) return seeing;
  }
  if (overBudget) return chose(overBudget, ' anyway: it only failed the budget check, which asks you before sending');
  return { kind: 'none', message: reasons.join(' ') };
}
