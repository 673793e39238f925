/**
 * Switchboard's gateways in VS Code's own Chat: a language model chat provider (vendor
 * `switchboard`) that lists every usable gateway's models and Auto, and answers through the same
 * request pipeline as the panel: routing, free-only, budgets (refused with the reason, never a
 * dialog inside a chat request), free slots, retries, and the cost in the ledger.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { abortOn } from '../../base/vscode/abortOn';
import { COMMANDS, LM_VENDOR } from '../../config/core/contributions';
import * as settings from '../../config/vscode/settings';
import { estimatePromptTokens } from '../../costs/core/budget';
import { estimateTextTokens } from '../../base/core/tokenEstimate';
import type { GatewayError } from '../../gateway/core/errors';
import type { ToolOffer } from '../../gateway/core/requestParams';
import type { CatalogStore } from '../../gateway/vscode/catalogStore';
import type { LedgerStore } from '../../costs/vscode/ledgerStore';
import type { KeyStore } from '../../keys/vscode/keyStore';
import type { StreamOpener } from '../../request/core/requestPipeline';
import { toChatMessages, toolInput, type LmMessage, type LmPart } from '../core/lmMessages';
import { lmModelId, lmModels, mostUsed, parseLmModelId, type LmModel, type UsableGateway } from '../core/lmModels';

export interface LmServices {
  readonly keys: KeyStore;
  readonly catalog: CatalogStore;
  readonly pipeline: StreamOpener;
  /** The models used most come first. */
  readonly ledger: LedgerStore;
}

/** A tool result's content as text: its text parts, and a JSON value for anything else. */
function resultText(content: readonly unknown[]): string {
  return content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : JSON.stringify(part))).join('');
}

/** A message part as VS Code gives it, read into a plain value. */
function partOf(part: unknown): LmPart {
  if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelToolCallPart) return { kind: 'toolCall', call: { id: part.callId, name: part.name, arguments: JSON.stringify(part.input) } };
  if (part instanceof vscode.LanguageModelToolResultPart) return { kind: 'toolResult', callId: part.callId, text: resultText(part.content) };
  if (part instanceof vscode.LanguageModelDataPart) {
    if (part.mimeType.startsWith('image/')) return { kind: 'image', image: { mimeType: part.mimeType, base64: Buffer.from(part.data).toString('base64') } };
    if (part.mimeType.startsWith('text/') || part.mimeType === 'application/json') return { kind: 'text', text: new TextDecoder().decode(part.data) };
    return { kind: 'unsupported', what: `data of type ${part.mimeType}` };
  }
  return { kind: 'unsupported', what: 'a part of an unknown kind' };
}

function messageOf(message: vscode.LanguageModelChatRequestMessage): LmMessage {
  return { role: message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user', parts: message.content.map(partOf) };
}

/**
 * The tools to offer the model: VS Code's, when the model takes tools. A model that does not is
 * asked without them, unless a tool call is required, which it is told plainly it cannot make.
 */
function toolOffer(model: LmModel, options: vscode.ProvideLanguageModelChatResponseOptions): ToolOffer | undefined {
  const tools = options.tools ?? [];
  if (tools.length === 0) return undefined;
  const required = options.toolMode === vscode.LanguageModelChatToolMode.Required;
  if (!model.capabilities.toolCalling) {
    if (required) throw new Error(`${model.name} does not take tools, by its gateway's model list. Pick a model that does, or ask without tools.`);
    return undefined;
  }
  return { tools: tools.map((t) => ({ name: t.name, description: t.description, ...(t.inputSchema ? { parameters: t.inputSchema } : {}) })), required };
}

/** A gateway's failure as VS Code's Chat shows it: the plain message, typed where VS Code has a type for it. */
function lmError(error: GatewayError): Error {
  switch (error.reason) {
    case 'auth':
    case 'noKey':
      return vscode.LanguageModelError.NoPermissions(error.message);
    case 'modelNotFound':
      return vscode.LanguageModelError.NotFound(error.message);
    case 'overBudget':
      return vscode.LanguageModelError.Blocked(`Not sent: ${error.detail ?? 'it would pass a spending limit you set.'} Raise the limit in Settings › Switchboard › Budget, or ask in the Switchboard panel, which offers to send it anyway.`);
    case 'notFree':
    case 'forbiddenContent':
    case 'moderation':
      return vscode.LanguageModelError.Blocked(error.message);
    default:
      return new Error(error.message);
  }
}

export class LmProvider implements vscode.LanguageModelChatProvider<LmModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly services: LmServices) {
    this.disposables = [
      this.changed,
      services.keys.onDidChange(() => this.changed.fire()),
      // A gateway's list fetched anew may hold other models or prices.
      services.catalog.onDidFetch(() => this.changed.fire()),
      services.ledger.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settings.affectsSwitchboard(event)) this.changed.fire();
      }),
      vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, this),
    ];
  }

  async provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions): Promise<LmModel[]> {
    const usable: UsableGateway[] = [];
    for (const profile of settings.gateways().gateways) {
      if (profile.keyRequired && !(await this.services.keys.get(profile.id))) continue;
      usable.push({ profile, catalog: await this.services.catalog.get(profile).catch(() => undefined) });
    }
    // Asked to, and with nothing to offer: the key setup is the way in.
    if (usable.length === 0 && !options.silent) void vscode.commands.executeCommand(COMMANDS.setApiKey);
    const chosen = [lmModelId(settings.activeGatewayId(), settings.chatModel()), ...settings.compareTargets().map((t) => lmModelId(t.gateway, t.model))];
    const used = mostUsed(await this.services.ledger.entries().catch(() => []), new Date());
    const first = [...new Set([...chosen, ...used])];
    return lmModels(usable, { lead: settings.leadCurrency(), krwPerUsd: settings.exchangeRate(), freeOnly: settings.freeModelsOnly(), first, onlyFirst: settings.vscodeChatModels() === 'usedAndChosen' });
  }

  async provideLanguageModelChatResponse(
    model: LmModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const target = parseLmModelId(model.id);
    if (!target) throw vscode.LanguageModelError.NotFound(`Switchboard has no model "${model.id}".`);
    const read = toChatMessages(messages.map(messageOf), model.capabilities.imageInput);
    if ('unsupported' in read) {
      throw new Error(read.unsupported === 'an image' ? `${model.name} does not take images, by its gateway's model list. Pick a model that does (its tooltip in the model picker says), or ask without the image.` : `Switchboard cannot send ${read.unsupported} to ${model.name}.`);
    }
    const tools = toolOffer(model, options);
    const cancelled = abortOn(token);
    try {
      const request = { messages: read.messages, params: {}, conversationId: `vscode-chat-${randomUUID()}`, model: target.model, gateway: target.gatewayId, interactive: false, ...(tools ? { tools } : {}) };
      for await (const event of this.services.pipeline(request, cancelled.signal)) {
        if (event.kind === 'delta') progress.report(new vscode.LanguageModelTextPart(event.text));
        else if (event.kind === 'toolCall') {
          const input = toolInput(event.call);
          if ('problem' in input) throw new Error(input.problem);
          progress.report(new vscode.LanguageModelToolCallPart(event.call.id, event.call.name, input.input));
        } else if (event.kind === 'error') {
          if (event.error.reason === 'cancelled' || token.isCancellationRequested) return;
          throw lmError(event.error);
        }
      }
    } finally {
      cancelled.dispose();
    }
  }

  provideTokenCount(_model: LmModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    if (typeof text === 'string') return Promise.resolve(estimateTextTokens(text));
    const parts = messageOf(text).parts;
    return Promise.resolve(estimatePromptTokens([{ content: parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') }]));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
