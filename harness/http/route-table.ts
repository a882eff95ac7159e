/** A route as the kit's servers declare it: `GET /v1/statements/:statementId`. */
export interface RouteDefinition<Handler> {
  readonly method: string;
  readonly pattern: string;
  readonly handler: Handler;
}

export type RouteMatch<Handler> =
  | { readonly kind: 'matched'; readonly handler: Handler; readonly params: Readonly<Record<string, string>>; readonly pattern: string }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

interface CompiledRoute<Handler> {
  readonly method: string;
  readonly pattern: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile<Handler>(route: RouteDefinition<Handler>): CompiledRoute<Handler> {
  if (!route.pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${route.pattern}`);
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return escapeRegex(segment);
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { method: route.method.toUpperCase(), pattern: route.pattern, regex: new RegExp(`^${source}/?$`), names, handler: route.handler };
}

/** Matches a method and a path (no query string) against routes in declaration order. */
export function createRouteTable<Handler>(routes: readonly RouteDefinition<Handler>[]) {
  const compiled = routes.map(compile);
  return {
    match(method: string, path: string): RouteMatch<Handler> {
      const allowed: string[] = [];
      for (const route of compiled) {
        const found = route.regex.exec(path);
        if (!found) continue;
        if (route.method !== method.toUpperCase()) {
          allowed.push(route.method);
          continue;
        }
        const params: Record<string, string> = {};
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1] ?? '');
        });
        return { kind: 'matched', handler: route.handler, params, pattern: route.pattern };
      }
      return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
    },
  };
}
