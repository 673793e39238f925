/**
 * Switchboard's models as VS Code's own Chat lists them: every model of every gateway that can be
 * used (its key set, or none needed) with its token limits and its price per million tokens in the
 * user's lead currency, and the other in the tooltip; and Auto, the router, for each gateway.
 * Pure: the adapter hands over the gateways with their catalogs.
 */
import type { Catalog, ModelInfo } from '../../gateway/core/catalog';
import type { GatewayProfile } from '../../gateway/core/gateways';
import { contextLabel } from '../../gateway/core/modelLabels';
import type { Currency } from '../../costs/core/money';
import { perMillionText } from '../../costs/core/pricing';
import { isFreeModel } from '../../router/core/route';
import { AUTO_MODEL } from '../../router/core/rules';
import { localDay, type LedgerEntry } from '../../costs/core/ledger';

/** A model as VS Code's Chat takes it (the shape of `vscode.LanguageModelChatInformation`), and where it lives. */
export interface LmModel {
  /** `gateway/model`: the gateway's id, a slash, and the model's id at that gateway. */
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly tooltip: string;
  readonly detail: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly imageInput: boolean; readonly toolCalling: boolean };
  readonly gatewayId: string;
  readonly model: string;
}

export interface UsableGateway {
  readonly profile: GatewayProfile;
  /** Undefined when it could not be fetched: the gateway then lists Auto only. */
  readonly catalog: Catalog | undefined;
}

export interface ListOptions {
  readonly lead: Currency;
  /** KRW per USD where the gateway names no rate of its own. */
  readonly krwPerUsd: string;
  readonly freeOnly: boolean;
  /** Models (as `gateway/model`) to list first, in this order: the ones chosen in settings, then the ones used most. */
  readonly first: readonly string[];
  /** List only those (and Auto), not the whole catalog: `switchboard.vscodeChat.models` is `usedAndChosen`. */
  readonly onlyFirst: boolean;
}

/** Which models VS Code's Chat lists of each gateway's catalog. */
export type ChatModelsShown = 'all' | 'usedAndChosen';

/** Models by how many answers they gave this month, most first, as `gateway/model`. */
export function mostUsed(entries: readonly Pick<LedgerEntry, 'at' | 'gatewayId' | 'model'>[], now: Date): string[] {
  const month = localDay(now.toISOString()).slice(0, 7);
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (localDay(entry.at).slice(0, 7) !== month) continue;
    const id = lmModelId(entry.gatewayId, entry.model);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([id]) => id);
}

/**
 * Token limits where the gateway gives none (a local server's list often has no context length):
 * a context of 32K, of which an answer takes at most a quarter and never more than 16K.
 */
export const FALLBACK_CONTEXT = 32_768;
const MAX_FALLBACK_OUTPUT = 16_384;

export function lmModelId(gatewayId: string, model: string): string {
  return `${gatewayId}/${model}`;
}

/** The gateway and model an id names (gateway ids never hold a slash; model ids may). */
export function parseLmModelId(id: string): { readonly gatewayId: string; readonly model: string } | undefined {
  const slash = id.indexOf('/');
  return slash > 0 && slash < id.length - 1 ? { gatewayId: id.slice(0, slash), model: id.slice(slash + 1) } : undefined;
}

function limits(info: Pick<ModelInfo, 'contextLength' | 'maxOutput'> | undefined): { maxInputTokens: number; maxOutputTokens: number } {
  const context = info?.contextLength ?? FALLBACK_CONTEXT;
  const output = Math.max(1, Math.min(info?.maxOutput ?? Math.min(MAX_FALLBACK_OUTPUT, Math.floor(context / 4)), context - 1));
  return { maxInputTokens: context - output, maxOutputTokens: output };
}

function modelEntry(profile: GatewayProfile, info: ModelInfo, options: ListOptions, krwPerUsd: string): LmModel {
  const free = isFreeModel(info.id, info);
  const other: Currency = options.lead === 'KRW' ? 'USD' : 'KRW';
  const lead = perMillionText(info, options.lead, krwPerUsd);
  const second = perMillionText(info, other, krwPerUsd);
  const price = free ? 'free' : lead === undefined ? 'price unknown' : `${lead} per 1M tokens`;
  const tooltip = [
    `${info.name} through ${profile.label} (${info.id}).`,
    free ? 'Free.' : lead === undefined ? 'The gateway lists no price for it.' : `Input / output per million tokens: ${lead} (${second ?? '?'}).`,
    info.contextLength === undefined ? 'Context length not listed.' : `Context ${contextLabel(info.contextLength)} tokens.`,
    ...(info.inputModalities.includes('image') ? ['Takes images.'] : []),
    ...(info.supportedParameters?.includes('tools') ? ['Takes tools.'] : []),
  ].join(' ');
  return {
    id: lmModelId(profile.id, info.id),
    name: info.name,
    family: info.id,
    version: profile.id,
    tooltip,
    detail: `${profile.label} · ${price}`,
    ...limits(info),
    // Only what the gateway's list says: a model asked with tools it does not take fails.
    capabilities: { imageInput: info.inputModalities.includes('image'), toolCalling: info.supportedParameters?.includes('tools') ?? false },
    gatewayId: profile.id,
    model: info.id,
  };
}

function autoEntry(profile: GatewayProfile, models: readonly ModelInfo[]): LmModel {
  // Auto sends long input to a model with a large context: it can take what the largest takes.
  const largest = models.reduce<ModelInfo | undefined>((best, m) => ((m.contextLength ?? 0) > (best?.contextLength ?? 0) ? m : best), undefined);
  return {
    id: lmModelId(profile.id, AUTO_MODEL),
    name: `Switchboard Auto (${profile.label})`,
    family: AUTO_MODEL,
    version: profile.id,
    tooltip: `Switchboard chooses a model of ${profile.label} for each prompt: code to a code model, Chinese, Japanese or Korean to a model strong in it, long input to a model with a large context (switchboard.router.rules).`,
    detail: `${profile.label} · chooses per prompt`,
    ...limits(largest),
    // Auto may choose a model that takes no tools, or no images.
    capabilities: { imageInput: false, toolCalling: false },
    gatewayId: profile.id,
    model: AUTO_MODEL,
  };
}

/**
 * Auto first for each gateway, then the models to list first in their order, then (unless only
 * those are wanted) the rest in the catalog's order; free ones only when free-only is on.
 */
export function lmModels(gateways: readonly UsableGateway[], options: ListOptions): LmModel[] {
  const rank = new Map(options.first.map((id, i) => [id, i] as const));
  return gateways.flatMap(({ profile, catalog }) => {
    const krwPerUsd = catalog?.exchangeRate === undefined ? options.krwPerUsd : String(catalog.exchangeRate);
    const models = (catalog?.models ?? []).filter((m) => !options.freeOnly || isFreeModel(m.id, m));
    const firsts = models.filter((m) => rank.has(lmModelId(profile.id, m.id))).sort((a, b) => (rank.get(lmModelId(profile.id, a.id)) ?? 0) - (rank.get(lmModelId(profile.id, b.id)) ?? 0));
    const rest = options.onlyFirst ? [] : models.filter((m) => !rank.has(lmModelId(profile.id, m.id)));
    return [autoEntry(profile, models), ...[...firsts, ...rest].map((m) => modelEntry(profile, m, options, krwPerUsd))];
  });
}
