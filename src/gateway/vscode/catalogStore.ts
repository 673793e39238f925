/**
 * The model catalog of each gateway, fetched on first use and kept for an hour in memory and in
 * global state (so a window reload does not fetch it again). Refreshed on request. Requests made
 * together share one fetch (a comparison's columns), and a failed fetch is remembered for a short
 * while instead of being paid again before every request.
 */
import type * as vscode from 'vscode';
import type { Catalog } from '../core/catalog';
import { fetchCatalog } from '../core/catalogFetch';
import { toGatewayError, type GatewayError } from '../core/errors';
import { createGatewayClient } from '../core/gatewayClient';
import type { GatewayProfile } from '../core/gateways';
import type { KeyStore } from '../../keys/vscode/keyStore';

const MAX_AGE_MS = 60 * 60 * 1000;
/** How long a failed fetch answers for the gateway before it is tried again (unless refreshed). */
export const FAILURE_MEMORY_MS = 30 * 1000;
const STATE_PREFIX = 'switchboard.catalog.';

interface Cached {
  readonly fetchedAt: number;
  /** A catalog is only good for the URL it came from. */
  readonly baseUrl: string;
  readonly catalog: Catalog;
}

interface Failed {
  readonly at: number;
  readonly baseUrl: string;
  readonly error: GatewayError;
}

export class CatalogStore {
  private readonly memory = new Map<string, Cached>();
  private readonly fetching = new Map<string, Promise<Catalog>>();
  private readonly failed = new Map<string, Failed>();
  private readonly fetchedListeners = new Set<(gatewayId: string) => void>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly keys: KeyStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The gateway's catalog if it is at hand (fresh, for its base URL), without fetching it. */
  peek(profile: GatewayProfile): Catalog | undefined {
    const cached = this.memory.get(profile.id) ?? this.state.get<Cached>(STATE_PREFIX + profile.id);
    if (!cached || cached.baseUrl !== profile.baseUrl || this.now() - cached.fetchedAt >= MAX_AGE_MS) return undefined;
    this.memory.set(profile.id, cached);
    return cached.catalog;
  }

  /** The gateway's catalog; throws a GatewayError when it cannot be fetched. */
  async get(profile: GatewayProfile, options: { refresh?: boolean } = {}): Promise<Catalog> {
    if (!options.refresh) {
      const cached = this.peek(profile);
      if (cached) return cached;
      const failure = this.failed.get(profile.id);
      if (failure && failure.baseUrl === profile.baseUrl && this.now() - failure.at < FAILURE_MEMORY_MS) throw failure.error;
    }
    const key = `${profile.id} ${profile.baseUrl}`;
    let fetching = this.fetching.get(key);
    if (!fetching) {
      fetching = this.fetch(profile).finally(() => this.fetching.delete(key));
      this.fetching.set(key, fetching);
    }
    return fetching;
  }

  private async fetch(profile: GatewayProfile): Promise<Catalog> {
    const key = await this.keys.get(profile.id);
    let catalog: Catalog;
    try {
      catalog = await fetchCatalog(createGatewayClient(profile, { key }), profile, key);
    } catch (thrown) {
      const error = toGatewayError(thrown, profile.dialect, false);
      this.failed.set(profile.id, { at: this.now(), baseUrl: profile.baseUrl, error });
      throw error;
    }
    const entry: Cached = { fetchedAt: this.now(), baseUrl: profile.baseUrl, catalog };
    this.failed.delete(profile.id);
    this.memory.set(profile.id, entry);
    await this.state.update(STATE_PREFIX + profile.id, entry);
    for (const listener of this.fetchedListeners) listener(profile.id);
    return entry.catalog;
  }

  /** Calls `listener` with a gateway's id each time its catalog is fetched anew. */
  onDidFetch(listener: (gatewayId: string) => void): { dispose(): void } {
    this.fetchedListeners.add(listener);
    return { dispose: () => void this.fetchedListeners.delete(listener) };
  }

  /** Forgets a gateway's catalog, e.g. after its key changed (another key may see other models). */
  async forget(gatewayId: string): Promise<void> {
    this.memory.delete(gatewayId);
    this.failed.delete(gatewayId);
    await this.state.update(STATE_PREFIX + gatewayId, undefined);
  }
}
