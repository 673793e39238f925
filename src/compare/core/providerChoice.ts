/**
 * A model's providers as the list to compare them reads: each endpoint's price per million tokens
 * in the user's lead currency and the other, its context and quantisation, and what OpenRouter
 * measured of it in the last half hour, where it did.
 */
import type { ProviderEndpoint } from '../../gateway/core/endpoints';
import { contextLabel } from '../../gateway/core/modelLabels';
import type { Currency } from '../../costs/core/money';
import { perMillionText } from '../../costs/core/pricing';

export interface EndpointLines {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
}

function measured(endpoint: ProviderEndpoint): string {
  const parts = [
    endpoint.latencyMs === undefined ? undefined : `first token ${endpoint.latencyMs < 1000 ? `${Math.round(endpoint.latencyMs)} ms` : `${(endpoint.latencyMs / 1000).toFixed(1)} s`}`,
    endpoint.tokensPerSecond === undefined ? undefined : `${endpoint.tokensPerSecond.toFixed(1)} tokens/s`,
    endpoint.uptimePercent === undefined ? undefined : `up ${endpoint.uptimePercent.toFixed(1)}%`,
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? 'No latency, speed or uptime listed' : `Last 30 min: ${parts.join(' · ')}`;
}

export function endpointLines(endpoint: ProviderEndpoint, lead: Currency, krwPerUsd: string): EndpointLines {
  const other: Currency = lead === 'KRW' ? 'USD' : 'KRW';
  const leadPrice = perMillionText(endpoint, lead, krwPerUsd);
  const otherPrice = perMillionText(endpoint, other, krwPerUsd);
  const price = leadPrice === undefined ? 'price not listed' : `${leadPrice} per 1M (${otherPrice ?? '?'})`;
  const facts = [price, endpoint.contextLength === undefined ? undefined : `${contextLabel(endpoint.contextLength)} context`, endpoint.quantization].filter((p): p is string => p !== undefined);
  return { label: endpoint.provider, description: facts.join(' · '), detail: `${endpoint.slug} · ${measured(endpoint)}` };
}
