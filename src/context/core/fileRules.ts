/**
 * Which files may be offered and attached: the workspace's excludes and `.gitignore`s leave files
 * out of the list, secrets files ask first, and binary files are refused with the reason.
 */
import ignore, { type Ignore } from 'ignore';

/** The globs set to `true` in `files.exclude` and `search.exclude`, as one glob for `findFiles`. */
export function excludeGlob(...settings: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): string | undefined {
  const globs = new Set<string>();
  for (const setting of settings) {
    // An entry whose value is an object (`{ "when": "$(basename).ts" }`) depends on siblings: it is left to VS Code's own views.
    for (const [glob, on] of Object.entries(setting ?? {})) if (on === true && glob.trim() && !/[{}]/.test(glob)) globs.add(glob.trim());
  }
  if (globs.size === 0) return undefined;
  return globs.size === 1 ? [...globs][0] : `{${[...globs].join(',')}}`;
}

/** The `.gitignore` files of a workspace folder, each with the folder it sits in ("" for the root). */
export interface IgnoreFile {
  readonly dir: string;
  readonly text: string;
}

/** Whether a path, relative to the workspace folder, is ignored by a `.gitignore` above it. */
export function gitIgnored(files: readonly IgnoreFile[]): (path: string) => boolean {
  // Shallowest first: a deeper `.gitignore` can re-include what a shallower one left out, so the deepest that has a say decides.
  const rules: Array<{ readonly prefix: string; readonly rules: Ignore }> = files
    .map(({ dir, text }) => ({ prefix: dir ? `${dir.split('/').filter(Boolean).join('/')}/` : '', rules: ignore().add(text) }))
    .sort((a, b) => a.prefix.length - b.prefix.length);
  return (path) => {
    let ignored = false;
    for (const { prefix, rules: r } of rules) {
      if (!path.startsWith(prefix) || path.length === prefix.length) continue;
      const result = r.test(path.slice(prefix.length));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };
}

const SECRET_NAMES = new Set([
  '.env', '.envrc', '.netrc', '.npmrc', '.pypirc', '.git-credentials', '.htpasswd', 'credentials', 'credentials.json',
  'secrets.json', 'secrets.yaml', 'secrets.yml', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'service-account.json',
]);
const SECRET_ENDINGS = ['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.kdbx', '.ppk', '.asc', '.gpg', '.tfvars', '.tfstate'];

/** Whether a file's name says it likely holds secrets (keys, passwords, tokens): attaching it asks first. */
export function looksSecret(path: string): boolean {
  const name = (path.split(/[\\/]/).at(-1) ?? '').toLowerCase();
  if (SECRET_NAMES.has(name) || name.startsWith('.env.') || /^id_[a-z0-9]+$/.test(name)) return true;
  return SECRET_ENDINGS.some((ending) => name.endsWith(ending));
}

/** A file's bytes as text, or why they cannot be sent as text: a NUL byte, or not UTF-8. */
export function decodeText(bytes: Uint8Array): { readonly text: string } | { readonly notText: string } {
  if (bytes.subarray(0, 8192).includes(0)) return { notText: 'it is a binary file' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { notText: 'it is not UTF-8 text' };
  }
}
