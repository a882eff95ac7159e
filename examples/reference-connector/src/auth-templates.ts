/**
 * HTML of the bank's authorisation pages. Every interpolated value goes through escapeHtml (or scriptString inside
 * the one inline script); no secret — password, one-time code, the notification header — is ever put on a page.
 */
export const BANK_DISPLAY_NAME = 'Reference Test Bank';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A JS string literal safe inside <script>: JSON plus escapes for "<" and the JS line separators. */
export function scriptString(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f6f8; margin: 0; color: #1b2733; }
  main { max-width: 24rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  h1 { font-size: 1.3rem; margin-top: 0; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; font-size: 1rem; }
  .actions { display: flex; gap: .5rem; margin-top: 1.5rem; }
  button { flex: 1; padding: .6rem; font-size: 1rem; cursor: pointer; }
  .muted { color: #5b6b7a; font-size: .9rem; }`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${BANK_DISPLAY_NAME}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageInput {
  readonly purpose: 'onboarding' | 'reauthorisation';
  /** Opaque server-side login session id; the only thing the form carries besides the user's input. */
  readonly sessionId: string;
  /** For re-authorisation: the account being refreshed, as the bank names it. */
  readonly accountName?: string;
}

/** Username, password and one-time code; posts to auth/login relative to /auth and /authrefresh. */
export function loginPage(input: LoginPageInput): string {
  const heading = input.purpose === 'onboarding' ? 'Connect your accounts to Sage' : 'Renew your bank feed consent';
  const intro =
    input.purpose === 'onboarding'
      ? 'Sign in to share your account details and transactions with Sage Banking Service.'
      : `Sign in again so Sage can keep receiving transactions${input.accountName === undefined ? '' : ` for ${escapeHtml(input.accountName)}`}.`;
  return layout(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p class="muted">${intro}</p>
<form method="post" action="auth/login" autocomplete="off">
<input type="hidden" name="session" value="${escapeHtml(input.sessionId)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" required autocomplete="username">
<label for="password">Password</label>
<input id="password" name="password" type="password" required autocomplete="current-password">
<label for="otp">One-time code</label>
<input id="otp" name="otp" type="text" inputmode="numeric" pattern="[0-9]{6}" required autocomplete="one-time-code">
<div class="actions">
<button type="submit" name="action" value="login">Sign in and connect</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div>
</form>`,
  );
}

/** The page for a request that cannot be served: no redirect, because its redirect_uri was not validated. */
export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>\n<p class="muted">You can close this window and start again from Sage.</p>`);
}

/**
 * The auto-approve answer: "any valid HTML … as small as a script setting window.location" [C-REFRESH], plus a
 * link for a browser without scripts.
 */
export function redirectPage(location: string, nonce: string): string {
  return layout(
    'Returning to Sage',
    `<h1>Returning to Sage…</h1>
<p><a href="${escapeHtml(location)}">Continue</a></p>
<script nonce="${escapeHtml(nonce)}">window.location.href = ${scriptString(location)};</script>`,
  );
}
