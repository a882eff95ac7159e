import { describe, expect, it } from 'vitest';
import { createRedactor, TrafficLog } from '../traffic/index.ts';
import { recordHop } from './record-hop.ts';

describe('recordHop', () => {
  const request = (url: string, body = '') => ({ method: 'GET', url, headers: { cookie: 'sid=abc' }, body: Buffer.from(body) });

  it('records the entry hop with its operation and later hops as the provider\'s own pages', () => {
    const traffic = new TrafficLog({ redactor: createRedactor() });
    recordHop(traffic, {
      driver: 'form', sequence: 1, operationId: 'getAuthRefresh', startedAt: new Date().toISOString(), durationMs: 3,
      request: request('http://127.0.0.1:1/bank/authrefresh?state=s1'),
      response: { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<form></form>') },
    });
    recordHop(traffic, {
      driver: 'form', sequence: 2, operationId: undefined, startedAt: new Date().toISOString(), durationMs: 1,
      request: request('http://127.0.0.1:1/login'), failure: 'no response within 10 ms',
    });
    const [entry, followUp] = traffic.all();
    expect(entry).toMatchObject({
      from: 'browser', to: 'candidate', api: 'connector-api', operationId: 'getAuthRefresh',
      annotations: { authDriver: 'form', authHop: '1', authHopRole: 'entry' },
      response: { status: 200, bodyText: '<form></form>' },
    });
    expect(entry?.request.headers['cookie']).toMatch(/^\[REDACTED:cookie#/);
    expect(followUp).toMatchObject({ api: undefined, operationId: undefined, response: undefined, failure: 'no response within 10 ms', annotations: { authHopRole: 'follow-up' } });
  });

  it('masks the test user\'s password in the URL, however it is encoded', () => {
    const traffic = new TrafficLog({ redactor: createRedactor() });
    recordHop(traffic, {
      driver: 'form', sequence: 2, operationId: undefined, startedAt: '', durationMs: 1,
      request: request('http://127.0.0.1:1/login?u=ada&p=a%26b%20c'), user: { username: 'ada', password: 'a&b c' },
    });
    expect(traffic.all()[0]?.request.url).toBe('http://127.0.0.1:1/login?u=ada&p=[REDACTED:password]');
  });

  it('does nothing without a traffic log', () => {
    expect(() => recordHop(undefined, {
      driver: 'redirect', sequence: 1, operationId: 'getAuth', startedAt: '', durationMs: 0, request: request('http://127.0.0.1:1/auth'),
    })).not.toThrow();
  });
});
