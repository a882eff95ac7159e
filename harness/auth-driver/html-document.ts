import { parse, type DefaultTreeAdapterTypes } from 'parse5';

export type HtmlElement = DefaultTreeAdapterTypes.Element;

/** A provider page parsed the way a browser would (parse5), with what the drivers need to read it. */
export interface HtmlDocument {
  /** The URL the page was fetched from. */
  readonly url: string;
  /** Where relative URLs resolve: the first `<base href>`, else the page URL. */
  readonly baseUrl: string;
  /** Every element in document order (template contents excluded: they are inert). */
  readonly elements: readonly HtmlElement[];
}

export function parseHtmlDocument(html: string, url: string): HtmlDocument {
  const elements: HtmlElement[] = [];
  const walk = (node: DefaultTreeAdapterTypes.ParentNode): void => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      elements.push(child);
      walk(child);
    }
  };
  walk(parse(html));
  const baseHref = elements.find((element) => element.tagName === 'base' && attributeOf(element, 'href') !== undefined);
  return { url, baseUrl: resolveUrl(attributeOf(baseHref, 'href') ?? '', url) ?? url, elements };
}

export function attributeOf(element: HtmlElement | undefined, name: string): string | undefined {
  return element?.attrs.find((attribute) => attribute.name === name)?.value;
}

export function hasAttribute(element: HtmlElement, name: string): boolean {
  return element.attrs.some((attribute) => attribute.name === name);
}

/** The concatenated text of an element's descendants (what `textContent` gives in a browser). */
export function textOf(element: HtmlElement): string {
  let text = '';
  const walk = (node: DefaultTreeAdapterTypes.ParentNode): void => {
    for (const child of node.childNodes) {
      if (child.nodeName === '#text') text += (child as DefaultTreeAdapterTypes.TextNode).value;
      else if ('childNodes' in child) walk(child);
    }
  };
  walk(element);
  return text;
}

export function isDescendantOf(element: HtmlElement, ancestor: HtmlElement): boolean {
  for (let node = element.parentNode; node !== null; node = 'parentNode' in node ? node.parentNode : null) {
    if (node === ancestor) return true;
  }
  return false;
}

/** Resolves a URL as a browser would; undefined when it does not parse. */
export function resolveUrl(reference: string, base: string): string | undefined {
  try {
    return new URL(reference.trim(), base).href;
  } catch {
    return undefined;
  }
}
