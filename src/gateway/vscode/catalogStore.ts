/**
 * The model catalog of each gateway, fetched on first use and kept for an hour in memory and in
 * global state (so a window reload does not fetch it again). Refreshed on request.
 */
import type * as vscode from 'vscode';
import { parseCatalog, type Catalog } from '../core/catalog';
import { toGatewayError } from '../core/errors';
import { createGatewayClient } from '../core/gatewayClient';
import type { GatewayProfile } from '../core/gateways';
import type { KeyStore } from '../../keys/vscode/keyStore';

const MAX_AGE_MS = 60 * 60 * 1000;
const STATE_PREFIX = 'switchboard.catalog.';

interface Cached {
  readonly fetchedAt: number;
  /** A catalog is only good for the URL it came from. */
  readonly baseUrl: string;
  readonly catalog: Catalog;
}

export class CatalogStore {
  private readonly memory = new Map<string, Cached>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly keys: KeyStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The gateway's catalog; throws a GatewayError when it cannot be fetched. */
  async get(profile: GatewayProfile, options: { refresh?: boolean } = {}): Promise<Catalog> {
    if (!options.refresh) {
      const cached = this.memory.get(profile.id) ?? this.state.get<Cached>(STATE_PREFIX + profile.id);
      if (cached && cached.baseUrl === profile.baseUrl && this.now() - cached.fetchedAt < MAX_AGE_MS) {
        this.memory.set(profile.id, cached);
        return cached.catalog;
      }
    }
    const client = createGatewayClient(profile, { key: await this.keys.get(profile.id) });
    let body: unknown;
    try {
      body = await client.get<unknown>('/models');
    } catch (thrown) {
      throw toGatewayError(thrown, profile.dialect, false);
    }
    const entry: Cached = { fetchedAt: this.now(), baseUrl: profile.baseUrl, catalog: parseCatalog(profile.dialect, body) };
    this.memory.set(profile.id, entry);
    await this.state.update(STATE_PREFIX + profile.id, entry);
    return entry.catalog;
  }

  /** Forgets a gateway's catalog, e.g. after its key changed (another key may see other models). */
  async forget(gatewayId: string): Promise<void> {
    this.memory.delete(gatewayId);
    await this.state.update(STATE_PREFIX + gatewayId, undefined);
  }
}
