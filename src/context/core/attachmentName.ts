/**
 * What an attachment is called where it is shown: the file's name, with the lines of a selection,
 * or what kind of listing it is. Import-free, so that the webview and the host name it alike.
 */
export type AttachmentKind = 'file' | 'selection' | 'problems' | 'folder' | 'image';

export function attachmentName(attachment: { readonly kind: AttachmentKind; readonly path: string; readonly lines?: { readonly start: number; readonly end: number } }): string {
  const base = attachment.path.split(/[\\/]/).filter(Boolean).at(-1) ?? attachment.path;
  switch (attachment.kind) {
    case 'selection':
      return attachment.lines ? `${base}:${attachment.lines.start + 1}-${attachment.lines.end + 1}` : base;
    case 'problems':
      return `Problems in ${base}`;
    case 'folder':
      return `${base}/`;
    case 'file':
    case 'image':
      return base;
  }
}
