import type { JWK } from 'jose';
import type { Route } from '../http/index.ts';

export const JWKS_PATH = '/.well-known/jwks.json';

/** GET /.well-known/jwks.json: the run's public key, which connectors use to check tokens Banking Service sends them [SETUP] [SEC]. */
export function createJwksRoute(publicJwk: Readonly<JWK>): Route {
  const body = Object.freeze({ keys: Object.freeze([publicJwk]) });
  return {
    method: 'GET',
    pattern: JWKS_PATH,
    handler: () => ({ status: 200, headers: { 'content-type': 'application/json' }, json: body }),
  };
}
