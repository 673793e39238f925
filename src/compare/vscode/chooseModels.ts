/**
 * "Choose models to compare": one list of every model of every gateway the user can call (a key
 * stored, or none needed), grouped by gateway; 2 to 6 of them, ticked.
 */
import * as vscode from 'vscode';
import type { CatalogStore } from '../../gateway/vscode/catalogStore';
import { MAX_COMPARED, MIN_COMPARED, sameTarget, type ColumnTarget } from '../core/compare';
import type { GatewayProfile } from '../../gateway/core/gateways';
import type { KeyStore } from '../../keys/vscode/keyStore';
import { AUTO_MODEL } from '../../router/core/rules';
import type { CompareTarget } from '../core/compare';
import { columnLabel } from '../core/compareSummary';
import * as settings from '../../config/vscode/settings';

interface TargetItem extends vscode.QuickPickItem {
  readonly target?: ColumnTarget;
}


async function usableGateways(keys: KeyStore): Promise<GatewayProfile[]> {
  const all = settings.gateways().gateways;
  const usable = await Promise.all(all.map(async (g) => !g.keyRequired || (await keys.get(g.id)) !== undefined));
  return all.filter((_, i) => usable[i]);
}

async function itemsOf(profile: GatewayProfile, catalog: CatalogStore, chosen: readonly CompareTarget[]): Promise<TargetItem[]> {
  const header: TargetItem = { label: profile.label, kind: vscode.QuickPickItemKind.Separator };
  const item = (model: string, description: string, provider?: string): TargetItem => {
    const target = { gateway: profile.id, gatewayLabel: profile.label, model, ...(provider === undefined ? {} : { provider }) };
    return { label: columnLabel(target), description, target, picked: chosen.some((c) => sameTarget(c, target)) };
  };
  // Columns pinned to a provider (Compare Providers of a Model) stay on the list, ticked, to keep or leave out.
  const pinned = chosen.flatMap((c) => (c.gateway === profile.id && c.provider !== undefined ? [item(c.model, `one provider · ${profile.label}`, c.provider)] : []));
  try {
    const { models } = await catalog.get(profile);
    return [header, ...pinned, item(AUTO_MODEL, `Switchboard's router · ${profile.label}`), ...models.map((m) => item(m.id, `${m.free ? 'free · ' : ''}${profile.label}`))];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [header, { label: `$(warning) Could not list ${profile.label}'s models`, detail: reason }];
  }
}

/** The user's choice of models, also kept in `switchboard.compare.models`; undefined when dismissed. */
export async function chooseCompareModels(keys: KeyStore, catalog: CatalogStore): Promise<ColumnTarget[] | undefined> {
  const chosen = settings.compareTargets();
  const gateways = await usableGateways(keys);
  if (gateways.length === 0) {
    void vscode.window.showErrorMessage('No gateway can be called: set an API key first (Switchboard: Set API Key).');
    return undefined;
  }
  const pick = vscode.window.createQuickPick<TargetItem>();
  pick.title = 'Compare Models';
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.busy = true;
  pick.placeholder = `Tick ${MIN_COMPARED} to ${MAX_COMPARED} models, from any gateway, then press Enter`;
  pick.show();
  const items = (await Promise.all(gateways.map((g) => itemsOf(g, catalog, chosen)))).flat();
  pick.items = items;
  pick.selectedItems = items.filter((i) => i.picked);
  pick.busy = false;
  return new Promise((resolve) => {
    let result: ColumnTarget[] | undefined;
    pick.onDidChangeSelection((selected) => {
      pick.title = `Compare Models (${selected.length} chosen)`;
    });
    pick.onDidAccept(() => {
      const targets = pick.selectedItems.flatMap((i) => (i.target ? [i.target] : []));
      if (targets.length < MIN_COMPARED || targets.length > MAX_COMPARED) {
        pick.title = `Compare Models: choose ${MIN_COMPARED} to ${MAX_COMPARED} (${targets.length} chosen)`;
        return;
      }
      result = targets;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (result) void settings.setCompareTargets(result);
      resolve(result);
    });
  });
}

/** The models in `switchboard.compare.models`, with their gateways' names (an unknown gateway shows its id). */
export function compareTargets(): ColumnTarget[] {
  return settings.compareTargets().map((t) => ({ ...t, gatewayLabel: settings.gateway(t.gateway)?.label ?? t.gateway }));
}
