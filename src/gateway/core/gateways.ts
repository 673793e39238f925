/**
 * Gateway profiles: where a gateway lives, how it authenticates and which dialect it speaks.
 * Pure data and functions; the vscode adapter decides which profile is active.
 */
import { isLoopbackName } from '../../base/core/hosts';

export type Dialect = 'openrouter' | 'bizrouter' | 'openai';

export const DIALECTS: readonly Dialect[] = ['openrouter', 'bizrouter', 'openai'];

export interface GatewayProfile {
  readonly id: string;
  readonly label: string;
  readonly baseUrl: string;
  readonly dialect: Dialect;
  /** Non-secret headers sent with every request (attribution, proxies). */
  readonly headers: Readonly<Record<string, string>>;
  /** Local gateways (Ollama, LM Studio, vLLM) usually take no key. */
  readonly keyRequired: boolean;
  /** The environment variable people keep this gateway's key in, offered for import. */
  readonly envVariable?: string;
}

/** Where people find the extension; OpenRouter shows it as the calling app. */
export const APP_URL = 'https://marketplace.visualstudio.com/items?itemName=switchboard.switchboard';
export const APP_TITLE = 'Switchboard';

export const OPENROUTER: GatewayProfile = {
  id: 'openrouter',
  label: 'OpenRouter',
  baseUrl: 'https://openrouter.ai/api/v1',
  dialect: 'openrouter',
  headers: {
    'HTTP-Referer': APP_URL,
    'X-OpenRouter-Title': APP_TITLE,
    'X-Title': APP_TITLE,
    'X-OpenRouter-Categories': 'ide-extension',
  },
  keyRequired: true,
  envVariable: 'OPENROUTER_API_KEY',
};

export const BIZROUTER: GatewayProfile = {
  id: 'bizrouter',
  label: 'BizRouter',
  baseUrl: 'https://api.bizrouter.ai/v1',
  dialect: 'bizrouter',
  headers: { 'X-Title': APP_TITLE },
  keyRequired: true,
  envVariable: 'BIZROUTER_API_KEY',
};

export const BUILT_IN_GATEWAYS: readonly GatewayProfile[] = [OPENROUTER, BIZROUTER];

/** Header values of ours that are public and may stand in a gateway's message as they are. */
const PUBLIC_HEADER_VALUES: ReadonlySet<string> = new Set([APP_URL, APP_TITLE, 'ide-extension']);

/** What a gateway's words must never show back: the key, and the values of headers the user set. */
export function secretsOf(profile: GatewayProfile, key: string | undefined): string[] {
  const headerValues = Object.values(profile.headers).filter((value) => !PUBLIC_HEADER_VALUES.has(value));
  return key ? [key, ...headerValues] : headerValues;
}

/**
 * Headers for one request. A null value tells the openai SDK to send no such header,
 * which is how a keyless local gateway gets no Authorization at all.
 */
export function authHeaders(
  profile: GatewayProfile,
  key: string | undefined,
  sessionId?: string,
): Record<string, string | null> {
  const headers: Record<string, string | null> = { ...profile.headers };
  headers['Authorization'] = key ? `Bearer ${key}` : null;
  if (profile.dialect === 'bizrouter') {
    // BizRouter's docs ask for X-API-Key while its own clients send Bearer: send both.
    if (key) headers['X-API-Key'] = key;
    if (sessionId) headers['X-Session-Id'] = sessionId;
  }
  return headers;
}

export interface GatewaySettings {
  /** Raw `switchboard.gateways`: custom gateways, validated here. */
  readonly custom: unknown;
  /** Raw `switchboard.baseUrls`: gateway id to base URL. */
  readonly baseUrls: unknown;
}

export interface ResolvedGateways {
  readonly gateways: readonly GatewayProfile[];
  /** One line per setting entry that was ignored, saying why. */
  readonly problems: readonly string[];
}

/**
 * Why a base URL cannot be used, or undefined when it can: an http(s) URL, with no user name or
 * password in it (they would be sent, and shown), over https unless it is this machine.
 */
function baseUrlProblem(value: unknown): string | undefined {
  let url: URL;
  try {
    url = new URL(typeof value === 'string' ? value : '');
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not hold a user name or password; put credentials in "Switchboard: Set API Key"';
  if (url.protocol === 'http:' && !isLoopbackName(url.hostname)) return `must use https: plain http is allowed only for this machine (localhost, 127.0.0.1, [::1]), not ${url.hostname}`;
  return undefined;
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) as Record<string, string> : undefined;
}

function customGateway(entry: unknown, index: number, taken: ReadonlySet<string>): GatewayProfile | string {
  const where = `switchboard.gateways[${index}]`;
  if (typeof entry !== 'object' || entry === null) return `${where} is not an object`;
  const e = entry as Record<string, unknown>;
  const id = e['id'];
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(id)) return `${where}.id must be lower-case letters, digits and dashes`;
  if (taken.has(id)) return `${where}.id "${id}" is already used`;
  const urlProblem = baseUrlProblem(e['baseUrl']);
  if (urlProblem) return `${where}.baseUrl ${urlProblem}`;
  const dialect = e['dialect'] ?? 'openai';
  if (!DIALECTS.includes(dialect as Dialect)) return `${where}.dialect must be one of ${DIALECTS.join(', ')}`;
  const headers = stringRecord(e['headers']);
  if (!headers) return `${where}.headers must map header names to strings`;
  if (Object.keys(headers).some((name) => /^(authorization|x-api-key)$/i.test(name))) {
    return `${where}.headers must not carry a key: keys belong in "Switchboard: Set API Key"`;
  }
  const label = typeof e['label'] === 'string' && e['label'].trim() ? e['label'].trim() : id;
  return { id, label, baseUrl: String(e['baseUrl']), dialect: dialect as Dialect, headers, keyRequired: false };
}

/** The built-in gateways plus the valid custom ones, each with its base URL override applied. */
export function resolveGateways(settings: GatewaySettings): ResolvedGateways {
  const problems: string[] = [];
  const gateways: GatewayProfile[] = [...BUILT_IN_GATEWAYS];
  const custom = Array.isArray(settings.custom) ? settings.custom : [];
  if (settings.custom !== undefined && !Array.isArray(settings.custom)) problems.push('switchboard.gateways must be a list');
  custom.forEach((entry, index) => {
    const result = customGateway(entry, index, new Set(gateways.map((g) => g.id)));
    if (typeof result === 'string') problems.push(result);
    else gateways.push(result);
  });
  const overrides = stringRecord(settings.baseUrls);
  if (!overrides) problems.push('switchboard.baseUrls must map gateway ids to URLs');
  return {
    gateways: gateways.map((gateway) => {
      const override = overrides?.[gateway.id];
      if (override === undefined) return gateway;
      const urlProblem = baseUrlProblem(override);
      if (urlProblem) {
        problems.push(`switchboard.baseUrls.${gateway.id} ${urlProblem}`);
        return gateway;
      }
      return { ...gateway, baseUrl: override };
    }),
    problems,
  };
}
