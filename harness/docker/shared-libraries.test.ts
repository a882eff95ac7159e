import { accessSync, constants } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listSharedLibraries, parseLddOutput } from './index.ts';

const DEBIAN_NODE_LDD = `	linux-vdso.so.1 (0x00007ffd4b7f2000)
	libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f68e508e000)
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f68e4e00000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f68e4b3e000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f68e50a7000)
`;

describe('parseLddOutput', () => {
  it('keeps every resolved library and the loader, and drops the vDSO', () => {
    expect(parseLddOutput(DEBIAN_NODE_LDD)).toEqual([
      '/lib/x86_64-linux-gnu/libdl.so.2',
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('needs nothing for a static binary', () => {
    expect(parseLddOutput('\tnot a dynamic executable\n')).toEqual([]);
    expect(parseLddOutput('\tstatically linked\n')).toEqual([]);
  });

  it('refuses a library ldd cannot find, naming it', () => {
    expect(() => parseLddOutput('\tlibssl.so.3 => not found\n', '/usr/bin/node')).toThrow(
      '/usr/bin/node needs libssl.so.3, which ldd cannot find on this host',
    );
  });

  it('refuses a line it does not understand instead of building an image that cannot start', () => {
    expect(() => parseLddOutput('\tsomething unexpected here\n')).toThrow(/cannot read this line of ldd's output/);
  });
});

describe('listSharedLibraries', () => {
  it("lists this node's libraries, each a readable file on the host, libc and the loader among them", async () => {
    const libraries = await listSharedLibraries(process.execPath);
    expect(libraries.some((path) => /\/libc\.so\.\d+$/.test(path))).toBe(true);
    expect(libraries.some((path) => /\/ld-linux[^/]*\.so\.\d+$/.test(path))).toBe(true);
    for (const path of libraries) expect(() => accessSync(path, constants.R_OK), path).not.toThrow();
  });

  it('names the binary when ldd cannot read it', async () => {
    await expect(listSharedLibraries('/nonexistent/binary')).rejects.toThrow(/^ldd \/nonexistent\/binary failed: /);
  });
});
