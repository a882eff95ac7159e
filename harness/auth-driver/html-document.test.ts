import { describe, expect, it } from 'vitest';
import { attributeOf, isDescendantOf, parseHtmlDocument, resolveUrl, textOf } from './html-document.ts';

describe('parseHtmlDocument', () => {
  it('lists elements in document order and reads attributes and text', () => {
    const page = parseHtmlDocument('<p id="a">Hello <b>you</b></p><form><input name="u"></form>', 'http://127.0.0.1:1/auth');
    expect(page.elements.map((element) => element.tagName)).toEqual(['html', 'head', 'body', 'p', 'b', 'form', 'input']);
    const paragraph = page.elements[3];
    expect(attributeOf(paragraph, 'id')).toBe('a');
    expect(paragraph && textOf(paragraph)).toBe('Hello you');
    const [form, input] = [page.elements[5], page.elements[6]];
    expect(input && form && isDescendantOf(input, form)).toBe(true);
    expect(form && paragraph && isDescendantOf(form, paragraph)).toBe(false);
  });

  it('resolves against <base href> when there is one, else against the page URL', () => {
    expect(parseHtmlDocument('<p>x</p>', 'http://127.0.0.1:1/a/b?x=1').baseUrl).toBe('http://127.0.0.1:1/a/b?x=1');
    expect(parseHtmlDocument('<base href="/portal/"><p>x</p>', 'http://127.0.0.1:1/a/b').baseUrl).toBe('http://127.0.0.1:1/portal/');
  });

  it('resolves relative URLs and reports one that does not parse', () => {
    expect(resolveUrl(' ../c ', 'http://127.0.0.1:1/a/b')).toBe('http://127.0.0.1:1/c');
    expect(resolveUrl('http://[bad', 'http://127.0.0.1:1/')).toBeUndefined();
  });
});
