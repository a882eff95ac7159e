import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The shared libraries a dynamically linked binary loads, as absolute host paths, the dynamic loader
 * included. A FROM-scratch image has no libc of its own, so every one of these has to be copied in beside
 * the binary, at the same path, for the binary to start there.
 */
export async function listSharedLibraries(binaryPath: string, timeoutMs = 10_000): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync('ldd', [binaryPath], { timeout: timeoutMs, encoding: 'utf8' }));
  } catch (error) {
    // ldd exits 1 for a static binary: it needs nothing beside it.
    if (/not a dynamic executable|statically linked/.test(`${field(error, 'stdout')}${field(error, 'stderr')}`)) return [];
    if (field(error, 'code') === 'ENOENT') throw new Error(`ldd is not installed: install Debian's libc-bin to list what ${binaryPath} links`);
    throw new Error(`ldd ${binaryPath} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  return parseLddOutput(stdout, binaryPath);
}

/**
 * Reads `ldd`'s listing. Lines look like `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)`, the loader
 * like `/lib64/ld-linux-x86-64.so.2 (0x…)`; the vDSO (`linux-vdso.so.1 (0x…)`) lives in the kernel and has
 * no file. A library ldd cannot find is an error now, not a container that dies at start.
 */
export function parseLddOutput(output: string, binaryPath = 'the binary'): string[] {
  if (/statically linked|not a dynamic executable/.test(output)) return [];
  const libraries: string[] = [];
  for (const rawLine of output.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const resolved = /^(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$/.exec(line);
    if (resolved !== null) {
      const [, name, target] = resolved as unknown as [string, string, string];
      if (target === 'not found') throw new Error(`${binaryPath} needs ${name}, which ldd cannot find on this host`);
      if (target.startsWith('/')) libraries.push(target);
      continue;
    }
    const direct = /^(\/\S+) \(0x[0-9a-f]+\)$/.exec(line);
    if (direct !== null) {
      libraries.push(direct[1] as string);
      continue;
    }
    if (/^\S+ \(0x[0-9a-f]+\)$/.test(line)) continue; // the vDSO: no file to copy
    throw new Error(`cannot read this line of ldd's output for ${binaryPath}: ${line}`);
  }
  return [...new Set(libraries)];
}

/** A property of what execFile rejected with, as text ('' when absent): its shape is not typed. */
function field(error: unknown, name: 'stdout' | 'stderr' | 'code'): string {
  if (typeof error !== 'object' || error === null) return '';
  const value: unknown = (error as Record<string, unknown>)[name];
  return value === undefined || value === null ? '' : String(value);
}
