import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { CatalogStore, FAILURE_MEMORY_MS } from '../../src/gateway/vscode/catalogStore';
import { OPENROUTER } from '../../src/gateway/core/gateways';
import { KeyStore } from '../../src/keys/vscode/keyStore';
import { GatewaySimulator, SIM_KEYS } from '../fixtures/simulator/server';

/** In-memory stand-ins for the two VS Code storage interfaces the service uses. */
class MemoryMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

function secretsWith(entries: Record<string, string>): vscode.SecretStorage {
  return {
    get: async (key: string) => entries[key],
    store: async () => undefined,
    delete: async () => undefined,
    keys: async () => Object.keys(entries),
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as vscode.SecretStorage;
}

describe('catalog cache', () => {
  const simulator = new GatewaySimulator();
  let profile = OPENROUTER;
  let clock = Date.parse('2026-11-22T09:00:00Z');
  const state = new MemoryMemento();
  const keys = new KeyStore(secretsWith({ 'switchboard.apiKey.openrouter': SIM_KEYS.openrouter }));
  const modelFetches = () => simulator.requests.filter((r) => r.path.endsWith('/models')).length;

  before(async () => {
    profile = { ...OPENROUTER, baseUrl: `${await simulator.listen()}/openrouter/api/v1` };
  });
  after(() => simulator.close());

  it('fetches a catalog once with the stored key, then serves it from memory and from global state', async () => {
    const service = new CatalogStore(state as unknown as vscode.Memento, keys, () => clock);
    const first = await service.get(profile);
    assert.ok(first.models.some((m) => m.id === 'qwen/qwen3-coder:free'));
    assert.equal(simulator.requests.at(-1)?.headers['authorization'], `Bearer ${SIM_KEYS.openrouter}`);
    await service.get(profile);
    const afterReload = new CatalogStore(state as unknown as vscode.Memento, keys, () => clock);
    assert.deepEqual(await afterReload.get(profile), first);
    assert.equal(modelFetches(), 1);
  });

  it('fetches again after an hour, on refresh, for another base URL, and after forget', async () => {
    const service = new CatalogStore(state as unknown as vscode.Memento, keys, () => clock);
    clock += 61 * 60 * 1000;
    await service.get(profile);
    assert.equal(modelFetches(), 2);
    await service.get(profile, { refresh: true });
    assert.equal(modelFetches(), 3);
    await service.get({ ...profile, baseUrl: `${profile.baseUrl}/` });
    assert.equal(modelFetches(), 4);
    await service.forget(profile.id);
    assert.equal(state.get('switchboard.catalog.openrouter'), undefined);
    await service.get(profile);
    assert.equal(modelFetches(), 5);
  });

  it('tells its listeners each time a catalog is fetched anew, and not when it is served from the cache', async () => {
    const service = new CatalogStore(new MemoryMemento() as unknown as vscode.Memento, keys, () => clock);
    const fetched: string[] = [];
    const listening = service.onDidFetch((gatewayId) => fetched.push(gatewayId));
    await service.get(profile);
    await service.get(profile);
    await service.get(profile, { refresh: true });
    listening.dispose();
    await service.get(profile, { refresh: true });
    assert.deepEqual(fetched, ['openrouter', 'openrouter']);
  });

  it('throws a GatewayError with a reason when the catalog cannot be fetched', async () => {
    const service = new CatalogStore(state as unknown as vscode.Memento, new KeyStore(secretsWith({})), () => clock);
    await assert.rejects(service.get(profile, { refresh: true }), (error: unknown) => (error as { reason?: string }).reason === 'auth');
  });

  it('shares one fetch among requests made together, as a comparison’s columns make them', async () => {
    const service = new CatalogStore(new MemoryMemento() as unknown as vscode.Memento, keys, () => clock);
    const before = modelFetches();
    const catalogs = await Promise.all(Array.from({ length: 6 }, () => service.get(profile)));
    assert.equal(modelFetches() - before, 1);
    assert.ok(catalogs.every((catalog) => catalog === catalogs[0]));
  });

  it('remembers a failed fetch for a while instead of paying for it before every request', async () => {
    const service = new CatalogStore(new MemoryMemento() as unknown as vscode.Memento, new KeyStore(secretsWith({})), () => clock);
    const before = modelFetches();
    const isAuth = (error: unknown): boolean => (error as { reason?: string }).reason === 'auth';
    await assert.rejects(service.get(profile), isAuth);
    await assert.rejects(service.get(profile), isAuth);
    assert.equal(modelFetches() - before, 1, 'the second request was answered from the failure');
    await assert.rejects(service.get(profile, { refresh: true }), isAuth);
    assert.equal(modelFetches() - before, 2, 'a refresh tries again');
    clock += FAILURE_MEMORY_MS;
    await assert.rejects(service.get(profile), isAuth);
    assert.equal(modelFetches() - before, 3, 'and so does a request after the memory ran out');
    await service.forget(profile.id);
    await assert.rejects(service.get(profile), isAuth);
    assert.equal(modelFetches() - before, 4, 'and one after the key changed');
  });
});
