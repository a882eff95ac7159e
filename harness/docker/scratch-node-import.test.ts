import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SCRATCH_NODE_BINARY, SCRATCH_NODE_IMAGE_LABEL, listSharedLibraries, renderDockerfile } from './index.ts';
import { scratchNodeImport, tarHeader } from './scratch-node-import.ts';

const HELLO_SERVER = fileURLToPath(new URL('./test-fixtures/hello-server.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'bsck-scratch-import-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('scratchNodeImport', () => {
  it('packs node, its libraries and the files as a tar that tar itself reads back, with the Dockerfile\'s instructions as changes', async () => {
    const appFolder = join(scratch, 'app-folder');
    mkdirSync(join(appFolder, 'lib'), { recursive: true });
    writeFileSync(join(appFolder, 'lib', 'util.mjs'), 'export const x = 1;\n');
    const options = {
      files: { '/app/hello-server.mjs': HELLO_SERVER, '/srv/app': appFolder },
      entrypoint: [SCRATCH_NODE_BINARY, '/app/hello-server.mjs'],
      env: { HOST: '127.0.0.1' },
    };
    const image = await scratchNodeImport(options);
    const libraries = await listSharedLibraries(process.execPath);
    expect(image.changes).toEqual(renderDockerfile(options, libraries).split('\n').filter((line) => /^(LABEL|ENV|ENTRYPOINT) /.test(line)));
    expect(image.changes).toContain(`LABEL ${SCRATCH_NODE_IMAGE_LABEL}="true"`);

    const file = join(scratch, 'rootfs.tar');
    writeFileSync(file, await buffer(image.rootfs()));
    const listing = spawnSync('tar', ['-tvf', file], { encoding: 'utf8' });
    expect(listing.status, listing.stderr).toBe(0);
    const lines = listing.stdout.trim().split('\n');
    const names = lines.map((line) => line.split(/\s+/).at(-1));
    expect(names).toEqual(expect.arrayContaining(['usr/', 'usr/local/bin/', SCRATCH_NODE_BINARY.slice(1), 'app/hello-server.mjs', 'srv/app/', 'srv/app/lib/util.mjs', 'tmp/', ...libraries.map((library) => library.slice(1))]));
    // Folders come before what they hold, /tmp is writable by all, node stays executable.
    expect(names.indexOf('usr/local/bin/')).toBeLessThan(names.indexOf(SCRATCH_NODE_BINARY.slice(1)));
    expect(lines.find((line) => line.endsWith(' tmp/'))).toMatch(/^drwxrwxrwt /);
    expect(lines.find((line) => line.endsWith(SCRATCH_NODE_BINARY.slice(1)))).toMatch(/^-rwx/);
    const extracted = join(scratch, 'extracted');
    mkdirSync(extracted);
    expect(spawnSync('tar', ['-xf', file, '-C', extracted, 'srv/app/lib/util.mjs']).status).toBe(0);
  });

  it('refuses a host file that does not exist, naming it', async () => {
    await expect(scratchNodeImport({ files: { '/app/x.mjs': join(scratch, 'missing.mjs') }, entrypoint: [SCRATCH_NODE_BINARY, '/app/x.mjs'] })).rejects.toThrow(`host file ${join(scratch, 'missing.mjs')} (for /app/x.mjs) does not exist`);
  });

  it('writes headers whose checksum tar accepts and refuses names longer than a header holds', () => {
    const header = tarHeader('a/b.txt', 0o644, 3, '0');
    expect(header).toHaveLength(512);
    const stored = Number.parseInt(header.subarray(148, 154).toString('ascii'), 8);
    const sum = Buffer.concat([header.subarray(0, 148), Buffer.from(' '.repeat(8)), header.subarray(156)]).reduce((total, byte) => total + byte, 0);
    expect(stored).toBe(sum);
    expect(() => tarHeader('x'.repeat(101), 0o644, 0, '0')).toThrow('longer than a tar header holds');
  });
});
