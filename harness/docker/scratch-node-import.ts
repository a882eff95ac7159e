import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { renderDockerfile, SCRATCH_NODE_BINARY, type ScratchNodeContextOptions } from './scratch-node-context.ts';
import { listSharedLibraries } from './shared-libraries.ts';

/**
 * The image createScratchNodeContext's Dockerfile describes, in the form `docker import` takes: the root filesystem
 * as a tar stream, and the Dockerfile's instructions after its COPY (LABEL, ENV, EXPOSE, ENTRYPOINT) as changes.
 * The engine writes one layer straight from the stream, with no build container to commit: about half a build's
 * time for the 100 MB of node and its libraries.
 */
export interface ScratchNodeImport {
  /** A fresh tar stream of the root filesystem each call (ustar; files follow the host's symlinks). */
  rootfs(): Readable;
  readonly changes: readonly string[];
}

interface TarEntry {
  readonly path: string;
  readonly hostPath?: string;
  readonly mode: number;
  readonly size: number;
}

export async function scratchNodeImport(options: ScratchNodeContextOptions): Promise<ScratchNodeImport> {
  const nodeBinary = options.nodeBinary ?? process.execPath;
  const libraries = await listSharedLibraries(nodeBinary);
  // The Dockerfile's own validation of paths, env and entrypoint, and its instructions word for word.
  const changes = renderDockerfile(options, libraries).split('\n').filter((line) => /^(LABEL|ENV|EXPOSE|ENTRYPOINT) /.test(line));
  const files: Array<[string, string]> = [[SCRATCH_NODE_BINARY, nodeBinary], ...libraries.map((library): [string, string] => [library, library]), ...Object.entries(options.files)];
  const entries: TarEntry[] = [];
  for (const [imagePath, hostPath] of files) entries.push(...(await hostEntries(imagePath, hostPath)));
  // Node's os.tmpdir() and many libraries expect a writable /tmp.
  entries.push({ path: '/tmp', mode: 0o1777, size: 0 });
  return { changes, rootfs: () => Readable.from(tarStream(withParents(entries))) };
}

async function hostEntries(imagePath: string, hostPath: string): Promise<TarEntry[]> {
  const found = await stat(hostPath).catch(() => undefined);
  if (found === undefined) throw new Error(`scratch node image: host file ${hostPath} (for ${imagePath}) does not exist or cannot be read`);
  if (!found.isDirectory()) return [{ path: imagePath, hostPath, mode: found.mode & 0o7777, size: found.size }];
  const entries: TarEntry[] = [{ path: imagePath, mode: found.mode & 0o7777, size: 0 }];
  for (const name of (await readdir(hostPath)).sort()) entries.push(...(await hostEntries(posix.join(imagePath, name), join(hostPath, name))));
  return entries;
}

/** Every folder above an entry, once, before the entries (a tar lists a folder before what it holds). */
function withParents(entries: readonly TarEntry[]): TarEntry[] {
  const folders = new Map<string, TarEntry>();
  for (const entry of entries) {
    for (let parent = posix.dirname(entry.path); parent !== '/'; parent = posix.dirname(parent)) if (!folders.has(parent)) folders.set(parent, { path: parent, mode: 0o755, size: 0 });
    if (entry.hostPath === undefined) folders.set(entry.path, entry);
  }
  return [...[...folders.values()].sort((a, b) => a.path.localeCompare(b.path)), ...entries.filter((entry) => entry.hostPath !== undefined)];
}

async function* tarStream(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const folder = entry.hostPath === undefined;
    yield tarHeader(`${entry.path.slice(1)}${folder ? '/' : ''}`, entry.mode, folder ? 0 : entry.size, folder ? '5' : '0');
    if (folder || entry.hostPath === undefined) continue;
    let written = 0;
    for await (const chunk of createReadStream(entry.hostPath)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== entry.size) throw new Error(`scratch node image: ${entry.hostPath} changed size while it was packed`);
    if (written % 512 !== 0) yield Buffer.alloc(512 - (written % 512));
  }
  yield Buffer.alloc(1024);
}

/** A POSIX ustar header: the fields the engine reads, owner root, modification time 0 (the same bytes every run). */
export function tarHeader(name: string, mode: number, size: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`scratch node image: ${name} is longer than a tar header holds (100 bytes)`);
  const block = Buffer.alloc(512);
  const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, '0')}\0`;
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write(' '.repeat(8), 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}
