/**
 * "Compare Providers of a Model": one model of OpenRouter's list, then 2 to 6 of the providers that
 * serve it, each shown with its price, context, quantisation and recent latency, speed and uptime.
 * The choice becomes the comparison's columns, each pinned to its provider.
 */
import * as vscode from 'vscode';
import type { CatalogStore } from '../../gateway/vscode/catalogStore';
import { fetchEndpoints, type ProviderEndpoint } from '../../gateway/core/endpoints';
import { createGatewayClient } from '../../gateway/core/gatewayClient';
import type { GatewayProfile } from '../../gateway/core/gateways';
import type { KeyStore } from '../../keys/vscode/keyStore';
import * as settings from '../../config/vscode/settings';
import { MAX_COMPARED, MIN_COMPARED, type ColumnTarget } from '../core/compare';
import { endpointLines } from '../core/providerChoice';

interface ModelItem extends vscode.QuickPickItem {
  readonly model: string;
}

interface EndpointItem extends vscode.QuickPickItem {
  readonly endpoint: ProviderEndpoint;
}

/** The OpenRouter gateway to list providers on: the active one if it speaks OpenRouter, else the first with a key. */
async function openRouterGateway(keys: KeyStore): Promise<{ profile: GatewayProfile; key: string | undefined } | undefined> {
  const candidates = settings.gateways().gateways.filter((g) => g.dialect === 'openrouter');
  const active = settings.activeGatewayId();
  candidates.sort((a, b) => Number(b.id === active) - Number(a.id === active));
  for (const profile of candidates) {
    const key = await keys.get(profile.id);
    if (key !== undefined || !profile.keyRequired) return { profile, key };
  }
  return undefined;
}

async function chooseModel(profile: GatewayProfile, catalog: CatalogStore): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = `Compare Providers (1/2): a model of ${profile.label}`;
  pick.placeholder = 'The model whose providers to compare';
  pick.matchOnDescription = true;
  pick.busy = true;
  pick.show();
  try {
    const { models } = await catalog.get(profile);
    const chosen = settings.chatModel();
    pick.items = models.map((m) => ({ label: m.id, description: `${m.free ? 'free · ' : ''}${m.name}`, model: m.id }));
    const current = pick.items.find((i) => i.model === chosen);
    if (current) pick.activeItems = [current];
  } catch (error) {
    pick.hide();
    void vscode.window.showErrorMessage(`Could not list ${profile.label}'s models: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    pick.busy = false;
  }
  return new Promise((resolve) => {
    let result: string | undefined;
    pick.onDidAccept(() => {
      result = pick.selectedItems[0]?.model;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
  });
}

async function chooseEndpoints(profile: GatewayProfile, key: string | undefined, model: string): Promise<ProviderEndpoint[] | undefined> {
  const pick = vscode.window.createQuickPick<EndpointItem>();
  pick.title = `Compare Providers (2/2): who serves ${model}`;
  pick.placeholder = `Tick ${MIN_COMPARED} to ${MAX_COMPARED} providers, then press Enter`;
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  pick.show();
  let endpoints: ProviderEndpoint[];
  try {
    endpoints = await fetchEndpoints(createGatewayClient(profile, { key }), profile, key, model);
  } catch (error) {
    pick.hide();
    void vscode.window.showErrorMessage(`Could not list the providers of ${model}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (endpoints.length < MIN_COMPARED) {
    pick.hide();
    const only = endpoints[0]?.provider;
    void vscode.window.showInformationMessage(only ? `${model} is served by one provider only (${only}): there is nothing to compare.` : `${profile.label} lists no provider for ${model}.`);
    return undefined;
  }
  const lead = settings.leadCurrency();
  const krwPerUsd = settings.exchangeRate();
  const pinned = new Set(settings.compareTargets().flatMap((t) => (t.gateway === profile.id && t.model === model && t.provider ? [t.provider] : [])));
  pick.items = endpoints.map((endpoint) => ({ ...endpointLines(endpoint, lead, krwPerUsd), endpoint }));
  pick.selectedItems = pick.items.filter((i) => pinned.has(i.endpoint.slug));
  pick.busy = false;
  return new Promise((resolve) => {
    let result: ProviderEndpoint[] | undefined;
    pick.onDidChangeSelection((selected) => {
      pick.title = `Compare Providers (2/2): who serves ${model} (${selected.length} chosen)`;
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems.map((i) => i.endpoint);
      if (chosen.length < MIN_COMPARED || chosen.length > MAX_COMPARED) {
        pick.title = `Compare Providers: choose ${MIN_COMPARED} to ${MAX_COMPARED} (${chosen.length} chosen)`;
        return;
      }
      result = chosen;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
  });
}

/** The user's choice of one model on several providers, also kept in `switchboard.compare.models`; undefined when dismissed. */
export async function chooseCompareProviders(keys: KeyStore, catalog: CatalogStore): Promise<ColumnTarget[] | undefined> {
  const gateway = await openRouterGateway(keys);
  if (!gateway) {
    void vscode.window.showErrorMessage('Providers are compared on OpenRouter, which lists who serves each model: set its API key first (Switchboard: Set API Key).');
    return undefined;
  }
  const { profile, key } = gateway;
  const model = await chooseModel(profile, catalog);
  if (model === undefined) return undefined;
  const endpoints = await chooseEndpoints(profile, key, model);
  if (endpoints === undefined) return undefined;
  const targets = endpoints.map((e) => ({ gateway: profile.id, gatewayLabel: profile.label, model, provider: e.slug }));
  await settings.setCompareTargets(targets);
  return targets;
}
