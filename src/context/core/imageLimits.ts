/**
 * The limits an attached image is held to, import-free so that the webview (which scales a pasted
 * image down) and the host (which checks it) hold it to the same ones.
 */

/** What gateways take as `image_url` data: PNG, JPEG, GIF (first frame) and WebP, by file extension. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

/** Providers refuse images over 5 MB (Anthropic's limit; OpenAI's is higher). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Longest side a pasted image is scaled to: larger ones are scaled down by every provider anyway. */
export const MAX_IMAGE_SIDE = 2048;
