/**
 * A cheap call that tells whether a key works and what it may spend: OpenRouter's `/key`, or the
 * model list for gateways without one.
 */
import type OpenAI from 'openai';
import { fetchCatalog } from '../../gateway/core/catalogFetch';
import { FREE_TIER_NOTE, keyDollars, type KeyData } from '../../costs/core/credit';
import { toGatewayError, type GatewayError } from '../../gateway/core/errors';
import { secretsOf, type GatewayProfile } from '../../gateway/core/gateways';

export type KeyCheck = { readonly ok: true; readonly summary: string } | { readonly ok: false; readonly error: GatewayError };

export function describeOpenRouterKey(data: KeyData): string {
  const parts: string[] = [typeof data.label === 'string' && data.label ? `Key "${data.label}" works.` : 'The key works.'];
  const limit = keyDollars(data.limit);
  const remaining = keyDollars(data.limit_remaining);
  const used = keyDollars(data.usage);
  if (limit && remaining) parts.push(`${remaining} left of its ${limit} limit.`);
  else if (used) parts.push(`No spending limit; ${used} used so far.`);
  if (data.is_free_tier === true) parts.push(FREE_TIER_NOTE);
  return parts.join(' ');
}

/** Checks `key` with one cheap call; the gateway's words about it never quote it back. */
export async function checkKey(client: OpenAI, profile: GatewayProfile, key: string): Promise<KeyCheck> {
  try {
    if (profile.dialect === 'openrouter') {
      const body = await client.get<{ data?: KeyData }>('/key');
      return { ok: true, summary: describeOpenRouterKey(body.data ?? {}) };
    }
    const { models } = await fetchCatalog(client, profile, key);
    return { ok: true, summary: `The key works: ${models.length} model${models.length === 1 ? '' : 's'} available.` };
  } catch (thrown) {
    return { ok: false, error: toGatewayError(thrown, profile.dialect, false, secretsOf(profile, key)) };
  }
}
