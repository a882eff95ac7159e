import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort } from './index.ts';

describe('findFreePort', () => {
  it('returns a port on 127.0.0.1 that can be listened on right away', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
