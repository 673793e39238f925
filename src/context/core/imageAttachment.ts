/**
 * Images attached to a prompt: checked to be an image of a kind gateways take, within their size
 * limit, with its pixel size read from its header; counted in tokens as OpenAI counts a detailed
 * image; sent as content parts after the prompt's text. The bytes live beside the conversation, not
 * in its JSON: an attachment holds them only in memory (`data`).
 */
import { imageSize } from 'image-size';
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from './imageLimits';

export interface ImageFacts {
  readonly mimeType: string;
  readonly width: number;
  readonly height: number;
}

/** The image's type and size from its bytes, or why it cannot be attached. */
export function readImage(bytes: Uint8Array): ImageFacts | { readonly refused: string } {
  if (bytes.length > MAX_IMAGE_BYTES) return { refused: `it is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the ${MAX_IMAGE_BYTES / 1024 / 1024} MB models take; paste it into the prompt box instead, where it is made smaller` };
  let facts: { type?: string | undefined; width?: number | undefined; height?: number | undefined };
  try {
    facts = imageSize(bytes);
  } catch {
    return { refused: 'it is not an image Switchboard can read' };
  }
  const type = facts.type === 'jpeg' ? 'jpg' : facts.type;
  const mimeType = type === undefined ? undefined : IMAGE_TYPES[type];
  if (!mimeType || !facts.width || !facts.height) return { refused: 'models take PNG, JPEG, GIF and WebP images' };
  return { mimeType, width: facts.width, height: facts.height };
}

/**
 * Tokens of an image as OpenAI counts one at high detail: scaled to fit 2048×2048, then its short
 * side to 768, 170 tokens per 512-pixel tile plus 85. Other providers count differently (Anthropic
 * about width × height / 750); this is the estimate, not the bill.
 */
export function imageTokens(width: number, height: number): number {
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const short = Math.min(1, 768 / Math.min(w, h));
  w *= short;
  h *= short;
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/** The text that stands for an image in a prompt's content, so the model knows its name. */
export function imageLine(name: string): string {
  return `(Attached image: ${name})`;
}

/** The file an image is kept in beside its conversation. */
export function imageFileName(attachmentId: string, mimeType: string): string {
  const ext = Object.entries(IMAGE_TYPES).find(([, type]) => type === mimeType)?.[0] ?? 'bin';
  return `${attachmentId}.${ext}`;
}
