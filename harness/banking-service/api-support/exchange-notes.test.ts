import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest, startHttpServer, type CapturedExchange, type RunningHttpServer } from '../../http/index.ts';
import { ExchangeNotes } from './exchange-notes.ts';

describe('ExchangeNotes', () => {
  const notes = new ExchangeNotes();
  const captured: CapturedExchange[] = [];
  let server: RunningHttpServer;

  beforeAll(async () => {
    server = await startHttpServer({
      name: 'notes',
      onExchange: (exchange) => captured.push(exchange),
      routes: [
        {
          method: 'GET',
          pattern: '/x',
          handler: (request) => {
            notes.setOperation(request, 'getX');
            notes.annotate(request, { fault: 'delay' });
            return { status: 200, json: {} };
          },
        },
        { method: 'GET', pattern: '/drop', handler: (request) => { notes.annotate(request, { fault: 'drop-connection' }); return { drop: true }; } },
      ],
    });
  });
  afterAll(() => server.close());

  it('hands what the handler noted to the capture of the same exchange, dropped ones included', async () => {
    await sendRequest({ method: 'GET', url: `${server.url}/x`, timeoutMs: 2000 });
    await sendRequest({ method: 'GET', url: `${server.url}/drop`, timeoutMs: 2000 });
    expect(notes.read(captured[0]?.request.headers ?? {})).toEqual({ operationId: 'getX', annotations: { fault: 'delay' } });
    expect(notes.read(captured[1]?.request.headers ?? {})).toEqual({ operationId: undefined, annotations: { fault: 'drop-connection' } });
    expect(notes.read({})).toEqual({ operationId: undefined, annotations: {} });
  });
});
