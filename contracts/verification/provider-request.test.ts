import { describe, expect, it } from 'vitest';
import { editBody, type ProviderRequest } from './provider-request.ts';

const request = (contentType: string | undefined, body: string): ProviderRequest => ({
  method: 'POST',
  url: '/x',
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  body: Buffer.from(body),
});

describe('editBody', () => {
  it('changes a form field and keeps the body form-urlencoded', () => {
    const form = request('application/x-www-form-urlencoded', 'grant_type=client_credentials&client_id=example&scope=a&scope=b');
    editBody(form, (fields) => {
      fields['client_id'] = 'real id';
    });
    expect(form.body.toString()).toBe('grant_type=client_credentials&client_id=real+id&scope=a&scope=b');
  });

  it('changes a JSON field, and leaves every byte as the verifier sent it when nothing changed', () => {
    const json = request('application/json; charset=utf-8', '{"data":{"bankId":"example"}}');
    editBody(json, (fields) => {
      (fields['data'] as Record<string, unknown>)['bankId'] = 'seeded';
    });
    expect(json.body.toString()).toBe('{"data":{"bankId":"seeded"}}');
    const spaced = request('application/json', '{ "data" : 1 }');
    editBody(spaced, () => {});
    expect(spaced.body.toString()).toBe('{ "data" : 1 }');
  });

  it('leaves alone a body that is not a JSON object or a form, or does not parse', () => {
    for (const [type, body] of [['application/json', '[1,2]'], ['application/json', '{not json'], ['text/plain', 'a=b'], [undefined, '{"a":1}']] as const) {
      const untouched = request(type, body);
      editBody(untouched, (fields) => {
        fields['a'] = 'changed';
      });
      expect(untouched.body.toString()).toBe(body);
    }
  });
});
