import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAT_VIEW_TYPE, COMMANDS, LM_VENDOR, PARTICIPANT_COMMANDS, PARTICIPANT_ID, RESTRICTED_SETTINGS, SETTING_KEYS, USER_ONLY_SETTINGS } from '../../src/config/core/contributions';
import { SETTING_READERS } from '../../src/config/core/settingValues';

interface Manifest {
  publisher: string;
  name: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    languageModelChatProviders: Array<{ vendor: string; displayName: string; managementCommand: string }>;
    chatParticipants: Array<{ id: string; name: string; commands: Array<{ name: string; description: string }> }>;
    configuration: { properties: Record<string, { default?: unknown; scope?: string }> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('package.json and the code agree', () => {
  it('contributes exactly the commands the code registers, each in the Switchboard category', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Switchboard', command.command);
      assert.ok(command.title.length > 0);
    }
  });

  it('contributes exactly the settings the code reads', () => {
    const contributed = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(contributed, SETTING_KEYS.map((key) => `switchboard.${key}`).sort());
    // Settings are read only through `value(key)` in the settings adapter: each key is read there.
    const source = readFileSync(join(__dirname, '..', '..', 'src', 'config', 'vscode', 'settings.ts'), 'utf8');
    const read = [...source.matchAll(/\bvalue\('([\w.]+)'\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(read)].sort(), [...SETTING_KEYS].sort());
  });

  it('declares as each setting’s default what the code falls back to when it is unset', () => {
    for (const key of SETTING_KEYS) {
      const declared = manifest.contributes.configuration.properties[`switchboard.${key}`];
      assert.ok(declared && 'default' in declared, `switchboard.${key} declares no default`);
      assert.deepEqual(SETTING_READERS[key](declared.default), SETTING_READERS[key](undefined), `switchboard.${key}`);
    }
  });

  it('lets no workspace loosen a spending limit, free models only or the exchange rate', () => {
    const properties = manifest.contributes.configuration.properties;
    const applicationScoped = Object.keys(properties).filter((key) => properties[key]?.scope === 'application').sort();
    assert.deepEqual(applicationScoped, USER_ONLY_SETTINGS.map((key) => `switchboard.${key}`).sort());
    for (const key of ['budget.daily', 'budget.monthly', 'budget.perRequest', 'freeModelsOnly'] as const) assert.ok(USER_ONLY_SETTINGS.includes(key), key);
  });

  it('restricts the settings that could redirect a key in untrusted workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), RESTRICTED_SETTINGS.map((key) => `switchboard.${key}`).sort());
  });

  it("offers its models to VS Code's Chat under the vendor the code registers, managed by its key setup", () => {
    assert.deepEqual(manifest.contributes.languageModelChatProviders, [{ vendor: LM_VENDOR, displayName: 'Switchboard', managementCommand: COMMANDS.setApiKey }]);
  });

  it('contributes @switchboard with the commands the code handles', () => {
    assert.deepEqual(manifest.contributes.chatParticipants.map((p) => [p.id, p.name, p.commands.map((c) => c.name)]), [[PARTICIPANT_ID, 'switchboard', [...PARTICIPANT_COMMANDS]]]);
  });

  it('activates for a chat panel VS Code restores after a reload', () => {
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${CHAT_VIEW_TYPE}`));
  });

  it('activates once the window has started, so the credit indicator is there without a command', () => {
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  });

  it('targets VS Code 1.138 with types pinned exactly to it', () => {
    assert.equal(manifest.engines.vscode, '^1.138.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.138.0');
    assert.equal(`${manifest.publisher}.${manifest.name}`, 'switchboard.switchboard');
  });
});
