/**
 * "Other model…" on a routed answer: the user picks the model to ask instead, Auto's other
 * candidates first, then everything the gateway lists.
 */
import * as vscode from 'vscode';
import type { ModelInfo } from '../../gateway/core/catalog';
import type { ModelOverride } from '../core/chatSession';
import type { Message } from '../core/message';

interface ModelItem extends vscode.QuickPickItem {
  readonly model?: string;
}

function item(id: string, info: ModelInfo | undefined, detail?: string): ModelItem {
  return { label: id, model: id, ...(info && info.name !== id ? { description: info.name } : {}), ...(detail ? { detail } : {}) };
}

/** Asks which model should answer instead; undefined when the user closes the picker. */
export async function pickOtherModel(answer: Message, models: readonly ModelInfo[]): Promise<ModelOverride | undefined> {
  const current = answer.route?.model ?? answer.model;
  const second = answer.route?.runnerUp;
  const candidates = (answer.route?.candidates ?? []).filter((id) => id !== current && id !== second?.model);
  const byId = new Map(models.map((m) => [m.id, m]));
  const items: ModelItem[] = [];
  // Auto was unsure: the model of the task that came second is the likeliest better choice.
  if (second && second.model !== current) {
    items.push({ label: "Auto's runner-up", kind: vscode.QuickPickItemKind.Separator });
    items.push(item(second.model, byId.get(second.model), `its pick had the request been ${second.task}`));
  }
  if (candidates.length > 0) {
    items.push({ label: "Auto's other candidates", kind: vscode.QuickPickItemKind.Separator });
    items.push(...candidates.map((id) => item(id, byId.get(id), `also a candidate for ${answer.route?.task ?? 'this task'}`)));
  }
  const rest = models.filter((m) => m.id !== current && m.id !== second?.model && !candidates.includes(m.id));
  if (rest.length > 0) {
    items.push({ label: 'All models', kind: vscode.QuickPickItemKind.Separator });
    items.push(...rest.map((m) => item(m.id, m)));
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Ask another model',
    placeHolder: current ? `Re-send the last prompt to another model instead of ${current}` : 'Re-send the last prompt to another model',
    matchOnDescription: true,
  });
  if (!picked?.model) return undefined;
  const was = answer.route?.chosenBy === 'auto' ? `Auto had chosen ${answer.route.model} for ${answer.route.task}` : `it had come from ${current ?? 'another model'}`;
  return {
    model: picked.model,
    route: {
      chosenBy: 'user',
      model: picked.model,
      task: answer.route?.task ?? 'general',
      label: `Your choice → ${picked.model}`,
      reasons: [`You re-sent this prompt to ${picked.model}; ${was}.`],
      candidates: answer.route?.candidates ?? [],
    },
  };
}
