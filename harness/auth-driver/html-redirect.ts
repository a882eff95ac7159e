import { attributeOf, resolveUrl, textOf, type HtmlDocument } from './html-document.ts';

/**
 * A redirect written into an HTML page: the docs accept a page whose script sets `window.location`
 * [C-REFRESH]; a meta refresh does the same without script. Only string literals are read: a target computed at
 * run time needs a browser (the browser driver).
 */
export type HtmlRedirect =
  | { readonly kind: 'script'; readonly url: string; readonly via: string }
  | { readonly kind: 'meta-refresh'; readonly url: string; readonly via: string };

export type HtmlRedirectSearch =
  | { readonly found: HtmlRedirect }
  /** No literal redirect; `scriptMentionsLocation` tells a computed script redirect from a page without one. */
  | { readonly found: undefined; readonly scriptMentionsLocation: boolean };

const STRING = String.raw`(['"\x60])((?:\\[\s\S]|(?!\1)[^\\])*)\1`;
const LOCATION = String.raw`(?<![\w$])(?:(?:window|self|top|document)\.)?location`;
// A literal followed by `+`, `.` or `[` is only the start of a computed target, which only a browser can evaluate.
const ASSIGNMENT = new RegExp(String.raw`${LOCATION}(?:\.href)?\s*=\s*${STRING}(?!\s*[+.[])`, 'g');
const CALL = new RegExp(String.raw`${LOCATION}\.(?:replace|assign)\s*\(\s*${STRING}\s*\)`, 'g');
const JAVASCRIPT_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module', 'text/ecmascript', 'application/ecmascript']);

export function findHtmlRedirect(page: HtmlDocument): HtmlRedirectSearch {
  let scriptMentionsLocation = false;
  // Inline scripts run while the page parses, before a meta refresh could fire: they go first.
  for (const script of page.elements.filter((element) => element.tagName === 'script')) {
    const type = (attributeOf(script, 'type') ?? '').trim().toLowerCase();
    if (!JAVASCRIPT_TYPES.has(type) || attributeOf(script, 'src') !== undefined) continue;
    const code = textOf(script);
    if (/\blocation\b/.test(code)) scriptMentionsLocation = true;
    const literal = firstLiteralTarget(code);
    if (literal === undefined || literal.text.includes('${')) continue;
    const url = resolveUrl(decodeJsString(literal.text), page.baseUrl);
    if (url !== undefined) return { found: { kind: 'script', url, via: literal.via } };
  }
  for (const meta of page.elements.filter((element) => element.tagName === 'meta')) {
    if ((attributeOf(meta, 'http-equiv') ?? '').trim().toLowerCase() !== 'refresh') continue;
    const target = refreshTarget(attributeOf(meta, 'content') ?? '');
    const url = target === undefined ? undefined : resolveUrl(target, page.baseUrl);
    if (url !== undefined) return { found: { kind: 'meta-refresh', url, via: 'meta refresh' } };
  }
  return { found: undefined, scriptMentionsLocation };
}

function firstLiteralTarget(code: string): { text: string; via: string } | undefined {
  const matches = [...code.matchAll(ASSIGNMENT), ...code.matchAll(CALL)].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const first = matches[0];
  if (first === undefined) return undefined;
  const via = first[0].slice(0, first[0].search(/\s*[=(]/)).trim();
  return { text: first[2] ?? '', via: first[0].includes('(') ? `${via}()` : via };
}

/** `content="0; url='/next'"` → `/next`; a refresh without a URL reloads the page and is no redirect. */
function refreshTarget(content: string): string | undefined {
  const match = /^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?(.*)$/is.exec(content);
  const raw = (match?.[1] ?? '').trim().replace(/^(['"])(.*)\1$/s, '$2').trim();
  return raw === '' ? undefined : raw;
}

/** Decodes the escapes a JS string literal may hold (`\/`, `\u0026`, `\x3D`, `\'`). */
export function decodeJsString(text: string): string {
  return text.replace(/\\(u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|\r\n|[\s\S])/g, (_whole, escape: string, braced?: string, unicode?: string, hex?: string) => {
    const code = braced ?? unicode ?? hex;
    if (code !== undefined) return String.fromCodePoint(Number.parseInt(code, 16));
    switch (escape) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '\n': case '\r\n': case '\u2028': case '\u2029': return '';
      default: return escape;
    }
  });
}
