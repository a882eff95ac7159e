import { randomBytes } from 'node:crypto';
import { parseEnctype, parseMethod, type FormControl, type FormEnctype, type HtmlForm } from './html-forms.ts';
import { resolveUrl } from './html-document.ts';

export interface FormRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

/**
 * The request a browser sends when the form is submitted (HTML "form submission algorithm"): the submitter's
 * formaction/formmethod/formenctype win; GET replaces the action's query; POST encodes the body per enctype.
 */
export function buildFormRequest(form: HtmlForm, submitter: FormControl | undefined, entries: readonly (readonly [string, string])[], pageBaseUrl: string): FormRequest {
  const action = submitter?.overrides.action !== undefined && submitter.overrides.action.trim() !== ''
    ? resolveUrl(submitter.overrides.action, pageBaseUrl) ?? form.action
    : form.action;
  const method = submitter?.overrides.method !== undefined ? parseMethod(submitter.overrides.method) : form.method;
  const enctype = submitter?.overrides.enctype !== undefined ? parseEnctype(submitter.overrides.enctype) : form.enctype;
  if (method === 'get') {
    const url = new URL(action);
    url.search = new URLSearchParams(entries.map(([name, value]): [string, string] => [name, value])).toString();
    return { method: 'GET', url: url.href, headers: {}, body: undefined };
  }
  const { contentType, body } = encodeEntries(entries, enctype);
  return { method: 'POST', url: action, headers: { 'content-type': contentType, origin: new URL(action).origin }, body };
}

export function encodeEntries(entries: readonly (readonly [string, string])[], enctype: FormEnctype): { contentType: string; body: Buffer } {
  if (enctype === 'multipart/form-data') {
    const boundary = `----bsck${randomBytes(12).toString('hex')}`;
    const escapeName = (name: string) => name.replace(/\r\n|\r|\n/g, '%0D%0A').replace(/"/g, '%22');
    const parts = entries.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${value}\r\n`);
    return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`) };
  }
  if (enctype === 'text/plain') {
    return { contentType: 'text/plain', body: Buffer.from(entries.map(([name, value]) => `${name}=${value}\r\n`).join('')) };
  }
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: Buffer.from(new URLSearchParams(entries.map(([name, value]): [string, string] => [name, value])).toString()),
  };
}
