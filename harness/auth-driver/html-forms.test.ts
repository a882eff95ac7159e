import { describe, expect, it } from 'vitest';
import { parseHtmlDocument } from './html-document.ts';
import { findForms, isSubmitButton } from './html-forms.ts';

const pageUrl = 'http://127.0.0.1:5000/auth?authorisation_id=a1&state=s1';

describe('findForms', () => {
  it('reads method, action, enctype and every control with the defaults HTML gives them', () => {
    const [form] = findForms(parseHtmlDocument(`
      <form method="POST" action="/login" enctype="multipart/form-data">
        <input name="username" autocomplete="username">
        <input type="password" name="password" id="pw">
        <input type="hidden" name="session" value="s-9">
        <input type="checkbox" name="remember" checked>
        <select name="lang"><option value="en">English</option><option selected>Deutsch</option></select>
        <select name="region"><option disabled>Pick</option><option>North</option></select>
        <textarea name="note">
hello</textarea>
        <input name="off" disabled value="x">
        <button>Sign in</button>
      </form>`, pageUrl));
    expect(form).toMatchObject({ index: 0, method: 'post', action: 'http://127.0.0.1:5000/login', enctype: 'multipart/form-data' });
    const byName = Object.fromEntries((form?.controls ?? []).map((control) => [control.name || control.label, control]));
    expect(byName['username']).toMatchObject({ tagName: 'input', type: 'text', values: [''], autocomplete: 'username' });
    expect(byName['password']).toMatchObject({ type: 'password', id: 'pw' });
    expect(byName['session']?.values).toEqual(['s-9']);
    expect(byName['remember']).toMatchObject({ type: 'checkbox', checked: true, values: ['on'] });
    expect(byName['lang']?.values).toEqual(['Deutsch']);
    expect(byName['region']?.values).toEqual(['North']);
    expect(byName['note']?.values).toEqual(['hello']);
    expect(byName['off']?.disabled).toBe(true);
    const button = byName['Sign in'];
    expect(button && isSubmitButton(button)).toBe(true);
  });

  it('posts back to the page URL, query included, when there is no action, and defaults to GET and urlencoded', () => {
    const [form] = findForms(parseHtmlDocument('<form><input name="a"></form>', pageUrl));
    expect(form).toMatchObject({ method: 'get', action: pageUrl, enctype: 'application/x-www-form-urlencoded' });
  });

  it('attaches controls by their form attribute and honours disabled fieldsets and submitter overrides', () => {
    const forms = findForms(parseHtmlDocument(`
      <form id="f1" action="step"><fieldset disabled><legend><input name="inLegend"></legend><input name="locked"></fieldset></form>
      <form id="f2"></form>
      <input name="outside" form="f2"><button form="f2" formaction="/alt" formmethod="post">Go</button>`, pageUrl));
    expect(forms[0]?.action).toBe('http://127.0.0.1:5000/step');
    expect(forms[0]?.controls.map((control) => [control.name, control.disabled])).toEqual([['inLegend', false], ['locked', true]]);
    expect(forms[1]?.controls.map((control) => control.name || control.label)).toEqual(['outside', 'Go']);
    expect(forms[1]?.controls[1]?.overrides).toEqual({ action: '/alt', method: 'post' });
  });
});
