import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Decides which `$ref` targets swagger-parser may read: local files inside the document's own folder (and its
 * sub-folders), nothing else. A spec is input the kit does not control (a provider may point the kit at its own
 * copy), and an unrestricted resolver would read any file on the machine or fetch any URL [engineering notes].
 */
export function isInsideFolder(folder: string, target: string): boolean {
  const path = toLocalPath(target);
  if (path === undefined) return false;
  const root = realOrResolved(folder);
  const real = realOrResolved(path);
  const fromRoot = relative(root, real);
  return fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
}

function toLocalPath(target: string): string | undefined {
  if (/^file:/i.test(target)) {
    try {
      return fileURLToPath(target);
    } catch {
      return undefined;
    }
  }
  // Any other scheme (http:, https:, data:, ...) is never read; a Windows drive letter is not a scheme.
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) return undefined;
  return resolve(decodeURIComponent(target.split('#')[0] ?? ''));
}

/** Follows symlinks where the path exists, so a link inside the folder cannot lead the resolver outside it. */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
