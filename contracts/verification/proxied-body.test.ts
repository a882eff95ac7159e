import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { settleProxiedBody } from './proxied-body.ts';
import type { ProxiedRequest } from './run-verification.ts';

function request(method: string, headers: Record<string, string>, body: unknown): ProxiedRequest {
  const message: ProxiedRequest = new IncomingMessage(new Socket());
  message.method = method;
  Object.assign(message.headers, headers);
  message.body = body;
  return message;
}

describe('settleProxiedBody', () => {
  it('sends a form body as a form again (Pact\'s proxy would re-send the parsed object as JSON), with its length', () => {
    const form = request('POST', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '999' }, { grant_type: 'client_credentials', client_id: 'a b' });
    settleProxiedBody(form);
    expect(form.body).toEqual(Buffer.from('grant_type=client_credentials&client_id=a+b'));
    expect(form.headers['content-length']).toBe(String(Buffer.byteLength('grant_type=client_credentials&client_id=a+b')));
  });

  it('re-encodes a JSON body a filter changed, with a matching Content-Length', () => {
    const json = request('POST', { 'content-type': 'application/json', 'content-length': '5' }, { data: { id: 'é' } });
    settleProxiedBody(json);
    expect(json.body).toEqual(Buffer.from('{"data":{"id":"é"}}'));
    expect(json.headers['content-length']).toBe(String(Buffer.byteLength('{"data":{"id":"é"}}')));
  });

  it('leaves raw bodies alone and sends no body for a body-less GET', () => {
    const raw = request('POST', { 'content-type': 'text/plain' }, Buffer.from('x'));
    settleProxiedBody(raw);
    expect(raw.body).toEqual(Buffer.from('x'));
    const get = request('GET', {}, {});
    settleProxiedBody(get);
    expect(get.body).toEqual(Buffer.alloc(0));
  });
});
