import { describe, expect, it } from 'vitest';
import { TrafficLog, createRedactor } from '../traffic/index.ts';
import { captureInto, consumerApiRoute, providerApiRoute } from './capture-exchanges.ts';

const exchange = (url: string) => ({
  server: 's',
  startedAt: '2024-01-01T00:00:00.000Z',
  durationMs: 1,
  route: undefined,
  request: { method: 'GET', url, headers: {}, body: Buffer.alloc(0) },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') },
  error: undefined,
});

describe('captureInto', () => {
  it('records provider, product and browser exchanges with their parties and API', () => {
    const traffic = new TrafficLog({ redactor: createRedactor() });
    captureInto(traffic, providerApiRoute)(exchange('http://127.0.0.1:1/v1/statements/abc'));
    captureInto(traffic, consumerApiRoute)(exchange('http://127.0.0.1:2/api/v1/banks/b'));
    captureInto(traffic, consumerApiRoute)(exchange('http://127.0.0.1:2/ui/authorisations/a/return?state=s'));
    expect(traffic.all().map((record) => [record.from, record.to, record.api])).toEqual([
      ['candidate', 'banking-service', 'provider-api'],
      ['product', 'banking-service', 'consumer-api'],
      ['browser', 'banking-service', undefined],
    ]);
  });
});
