import { describe, expect, it } from 'vitest';
import { parseBody } from '../http/index.ts';
import { parseHtmlDocument } from './html-document.ts';
import { findForms } from './html-forms.ts';
import { buildFormRequest, encodeEntries } from './form-submission.ts';

const pageUrl = 'http://127.0.0.1:5000/auth?state=s1';
const firstForm = (html: string) => {
  const form = findForms(parseHtmlDocument(html, pageUrl))[0];
  if (form === undefined) throw new Error('fixture has no form');
  return form;
};

describe('buildFormRequest', () => {
  it('POSTs urlencoded to the action, with the Origin a browser sends', () => {
    const request = buildFormRequest(firstForm('<form method="post" action="/login"></form>'), undefined, [['user', 'a b'], ['pw', 'x&y=z']], pageUrl);
    expect(request).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:5000/login', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:5000' } });
    expect(parseBody(request.body ?? Buffer.alloc(0), request.headers['content-type'])).toEqual({ kind: 'form', value: { user: 'a b', pw: 'x&y=z' } });
  });

  it('GETs with the data as the query, replacing the action\'s own query', () => {
    const request = buildFormRequest(firstForm('<form action="/next?old=1"></form>'), undefined, [['code', '42']], pageUrl);
    expect(request).toEqual({ method: 'GET', url: 'http://127.0.0.1:5000/next?code=42', headers: {}, body: undefined });
  });

  it('lets the submitter\'s formaction, formmethod and formenctype win', () => {
    const form = firstForm('<form action="/a"><button formaction="/b" formmethod="post" formenctype="text/plain">Go</button></form>');
    const request = buildFormRequest(form, form.controls[0], [['k', 'v']], pageUrl);
    expect(request).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:5000/b', headers: { 'content-type': 'text/plain' } });
    expect(request.body?.toString()).toBe('k=v\r\n');
  });

  it('encodes multipart/form-data with a fresh boundary', () => {
    const { contentType, body } = encodeEntries([['user', 'ada'], ['a"b', 'x']], 'multipart/form-data');
    const boundary = /boundary=(.+)$/.exec(contentType)?.[1] ?? '';
    expect(boundary).toMatch(/^----bsck[0-9a-f]{24}$/);
    expect(body.toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\nada\r\n--${boundary}\r\nContent-Disposition: form-data; name="a%22b"\r\n\r\nx\r\n--${boundary}--\r\n`,
    );
  });
});
