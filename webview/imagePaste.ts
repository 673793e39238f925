/**
 * An image pasted or dropped in the prompt box, made ready to attach: scaled so its longest side is
 * at most 2,048 pixels, and re-encoded (PNG stays PNG while it fits, else JPEG) when it is too
 * large or of a kind gateways do not take; then base64 for the host, which checks it again.
 */
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from '../src/context/core/imageLimits';

const TAKEN = new Set(Object.values(IMAGE_TYPES));

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // In slices: one call with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function encode(bitmap: ImageBitmap, width: number, height: number, type: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot scale images');
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob(type === 'image/png' ? { type } : { type: 'image/jpeg', quality: 0.9 });
}

/** A name for the chip: the file's own, unless the clipboard gave the generic one. */
function nameOf(file: File): string {
  const generic = /^image\.\w+$/i.test(file.name) || !file.name;
  return generic ? `Pasted image ${new Date().toLocaleTimeString()}` : file.name;
}

export async function prepareImage(file: File): Promise<{ readonly name: string; readonly base64: string }> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height));
    let blob: Blob = file;
    if (scale < 1 || !TAKEN.has(file.type) || file.size > MAX_IMAGE_BYTES) {
      const [width, height] = [Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale))];
      blob = await encode(bitmap, width, height, file.type);
      if (blob.size > MAX_IMAGE_BYTES && blob.type === 'image/png') blob = await encode(bitmap, width, height, 'image/jpeg');
    }
    return { name: nameOf(file), base64: base64Of(new Uint8Array(await blob.arrayBuffer())) };
  } finally {
    bitmap.close();
  }
}

/** The image files among what was pasted or dropped. */
export function imageFiles(data: DataTransfer | null): File[] {
  return [...(data?.files ?? [])].filter((file) => file.type.startsWith('image/'));
}
