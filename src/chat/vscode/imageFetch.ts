/**
 * Fetching a remote image the user asked to see, for the panel (whose CSP takes only data: URLs):
 * redirects are followed by hand, never to this machine or a private network (an answer's image
 * must not become a way to reach the user's own services), and the body is read with a byte cap
 * instead of whole.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isLoopbackName, isPrivateAddress } from '../../base/core/hosts';

export interface ImageLimits {
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly timeoutMs: number;
}

export const IMAGE_LIMITS: ImageLimits = { maxBytes: 5 * 1024 * 1024, maxRedirects: 3, timeoutMs: 15_000 };

const IMAGE_TYPES = /^image\/(?:png|jpeg|gif|webp|avif)$/;

/** Whether a host is, or resolves to, a private address (then a redirect there is refused). */
async function isPrivateHost(hostname: string): Promise<boolean> {
  if (isLoopbackName(hostname)) return true;
  const host = hostname.replace(/^\[|\]$/g, '');
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
