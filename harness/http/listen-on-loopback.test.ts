import { createServer } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenOnLoopback } from './listen-on-loopback.ts';

describe('listenOnLoopback', () => {
  it('listens on an OS-chosen loopback port and closes while a peer holds a connection open', async () => {
    const listening = await listenOnLoopback(createServer((_request, response) => response.end('ok')));
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
    expect(await (await fetch(listening.url)).text()).toBe('ok');
    const socket = connect(listening.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    await Promise.all([listening.close(), listening.close()]);
    await socketClosed;
    expect(socket.destroyed).toBe(true);
  });
});
