/**
 * Fetching a remote image the user asked to see, for the panel (whose CSP takes only data: URLs):
 * redirects are followed by hand, never to this machine or a private network (an answer's image
 * must not become a way to reach the user's own services), and the body is read with a byte cap
 * instead of whole.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface ImageLimits {
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly timeoutMs: number;
}

export const IMAGE_LIMITS: ImageLimits = { maxBytes: 5 * 1024 * 1024, maxRedirects: 3, timeoutMs: 15_000 };

const IMAGE_TYPES = /^image\/(?:png|jpeg|gif|webp|avif)$/;

/** An address of this machine, of a private network, or link-local. */
export function isPrivateAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) {
    const [a = 0, b = 0] = v4.slice(1, 3).map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe8') || v6.startsWith('fe9') || v6.startsWith('fea') || v6.startsWith('feb');
}

/** Whether a host is, or resolves to, a private address (then a redirect there is refused). */
async function isPrivateHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host)) return isPrivateAddress(host);
  const addresses = await lookup(host, { all: true }).catch(() => []);
  return addresses.some(({ address }) => isPrivateAddress(address));
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer | undefined> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
}

export async function fetchImage(url: string, limits: ImageLimits = IMAGE_LIMITS, fetchImpl: typeof fetch = fetch): Promise<{ dataUrl?: string; error?: string }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(target, { signal, redirect: 'manual' });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location === null) {
      if (!response.ok) return { error: `The server answered ${response.status}.` };
      const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!IMAGE_TYPES.test(type)) {
        await response.body?.cancel();
        return { error: `Not an image this panel shows (${type || 'no type'}).` };
      }
      const bytes = response.body ? await readCapped(response.body, limits.maxBytes) : Buffer.alloc(0);
      if (!bytes) return { error: `The image is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.` };
      return { dataUrl: `data:${type};base64,${bytes.toString('base64')}` };
    }
    await response.body?.cancel();
    if (hop >= limits.maxRedirects) return { error: 'The image was sent on too many times.' };
    const next = new URL(location, target);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return { error: 'The image was sent on to an address that is not http or https.' };
    if (await isPrivateHost(next.hostname)) return { error: 'The image was sent on to this machine or a private network; that was not followed.' };
    target = next;
  }
}
