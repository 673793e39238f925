/**
 * The request pipeline's ports in VS Code: the settings as they are now, keys from secret storage,
 * the catalog store, the budget guard with its dialogs, free slots, the ledger; and the toast
 * offering to set a key.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../config/core/contributions';
import * as settings from '../../config/vscode/settings';
import type { BudgetGuard } from '../../costs/core/budgetGuard';
import type { FreeSlots } from '../../costs/core/freeSlots';
import { GatewayError } from '../../gateway/core/errors';
import { openGatewayStream } from '../../gateway/core/chatStream';
import type { CatalogStore } from '../../gateway/vscode/catalogStore';
import type { KeyStore } from '../../keys/vscode/keyStore';
import { requestPipeline, type RequestPorts, type RequestSettings, type StreamOpener } from '../core/requestPipeline';

export interface RequestServices {
  readonly keys: KeyStore;
  readonly catalog: CatalogStore;
  readonly budget: BudgetGuard;
  readonly freeSlots: FreeSlots;
  readonly served: RequestPorts['served'];
}

/** The settings a request is made under, read as it starts. */
export function requestSettings(): RequestSettings {
  return {
    activeGatewayId: settings.activeGatewayId(),
    model: settings.chatModel(),
    gateways: settings.gateways().gateways,
    exchangeRate: settings.exchangeRate(),
    exchangeRateSource: settings.exchangeRateSetByUser() ? 'setting' : 'default',
    freeModelsOnly: settings.freeModelsOnly(),
    budget: settings.budget(),
    routerRules: settings.routerRules().rules,
    longInputTokens: settings.longInputTokens(),
    providerPreferences: settings.providerPreferences(),
  };
}

export function gatewayPipeline({ keys, catalog, budget, freeSlots, served }: RequestServices): StreamOpener {
  return requestPipeline({
    settings: requestSettings,
    key: async (gatewayId) => keys.get(gatewayId),
    catalog: (profile) => catalog.get(profile),
    budget,
    freeSlots,
    stream: openGatewayStream,
    served,
    noKey: (profile) => {
      void vscode.window.showErrorMessage(new GatewayError({ reason: 'noKey' }).message, 'Set API Key').then((choice) => {
        if (choice) void vscode.commands.executeCommand(COMMANDS.setApiKey, profile.id);
      });
    },
    now: () => new Date(),
  });
}
