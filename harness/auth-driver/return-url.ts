/**
 * Whether a URL the candidate sends the browser to is the hand-back to `redirect_uri` [C-AUTH] [C-REFRESH].
 * Both sides are compared as parsed URLs (so `http://h:1` and `http://h:1/` agree), and "starts with" stops at a
 * URL boundary: `/return` is reached by `/return?state=…` and `/return/x`, never by `/returned`.
 */
export function reachesReturnUrl(url: string, returnUrlPrefix: string): boolean {
  const target = parseHttpUrl(url);
  const prefix = parseHttpUrl(returnUrlPrefix);
  if (target === undefined || prefix === undefined) return false;
  prefix.search = '';
  prefix.hash = '';
  const prefixText = prefix.href;
  const targetText = target.href;
  if (!targetText.startsWith(prefixText)) return false;
  if (prefixText.endsWith('/')) return true;
  const next = targetText.charAt(prefixText.length);
  return next === '' || next === '?' || next === '#' || next === '/';
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
