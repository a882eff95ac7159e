import { describe, expect, it } from 'vitest';
import { createFormDriver } from './form-driver.ts';
import { describeCommonCases, FIXTURE_USER, passwordSpellings, useFixtureProvider } from './test-fixtures/common-cases.ts';

describeCommonCases('form', () => createFormDriver());

describe('form driver on login pages', () => {
  const context = useFixtureProvider(() => createFormDriver());

  it('fills username, password and one-time code, keeps the hidden field and cookie, and returns with state', async () => {
    const before = context.provider().submissions.length;
    const { result, traffic, state } = await context.drive('/auth/login');
    expect(result.outcome).toBe('returned');
    expect(result.returnUrl).toBe(`${context.provider().returnUrlPrefix}?state=${state}`);
    expect(result.hops.map(({ method, status, kind }) => [method, status, kind])).toEqual([['GET', 200, 'form'], ['POST', 303, '30x']]);
    expect(result.message).toBe('the candidate sent the browser to redirect_uri after 2 request(s), via form (username, password, otp) → 303');
    const submitted = context.provider().submissions.slice(before);
    expect(submitted).toEqual([{
      csrf: expect.stringMatching(/^[0-9a-f-]{36}$/), username: FIXTURE_USER.username, password: FIXTURE_USER.password, otp: FIXTURE_USER.otp,
      account: 'current', action: 'approve',
    }]);

    const records = traffic.all();
    expect(records.map((record) => [record.request.method, record.operationId, record.annotations['authHopRole']])).toEqual([['GET', 'getAuth', 'entry'], ['POST', undefined, 'follow-up']]);
    expect(records[1]?.request.headers['cookie']).toMatch(/^\[REDACTED:cookie#/);
    expect(records[1]?.request.body).toMatchObject({ username: FIXTURE_USER.username, password: '[REDACTED:test-password]', otp: '[REDACTED:test-otp]' });
    const logged = JSON.stringify(records);
    for (const spelling of passwordSpellings()) expect(logged).not.toContain(spelling);
  });

  it('returns with state and error=access_denied for a wrong password, and only reports it', async () => {
    const { result, state } = await context.drive('/auth/login', { user: { ...FIXTURE_USER, password: 'wrong-password' } });
    expect(result.outcome).toBe('returned');
    expect(new URL(result.returnUrl ?? '').searchParams.get('state')).toBe(state);
    expect(new URL(result.returnUrl ?? '').searchParams.get('error')).toBe('access_denied');
  });

  it('walks a two-page login: password, then the one-time code', async () => {
    const { result, traffic, state } = await context.drive('/auth/two-step');
    expect(result.outcome).toBe('returned');
    expect(result.returnUrl).toBe(`${context.provider().returnUrlPrefix}?state=${state}`);
    expect(result.hops.map((hop) => hop.kind)).toEqual(['form', '30x', 'form', '30x']);
    expect(traffic.all()).toHaveLength(4);
  });

  it('lets auth.form.fields override the heuristics', async () => {
    const driver = createFormDriver({ fields: { action: 'cancel' } });
    const { provider } = context;
    const result = await driver.run({
      startUrl: provider().startUrl('/auth/login'), returnUrlPrefix: provider().returnUrlPrefix, user: FIXTURE_USER, timeoutMs: 5000, operationId: 'getAuth',
    });
    expect(new URL(result.returnUrl ?? '').searchParams.get('error')).toBe('access_denied');
    expect(provider().submissions.at(-1)?.['action']).toBe('cancel');
  });

  it('is stuck, without submitting, when the page asks for credentials and the drive has no test user', async () => {
    const before = context.provider().submissions.length;
    const { result } = await context.drive('/auth/login', { user: undefined });
    expect(result.outcome).toBe('stuck');
    expect(result.message).toBe('GET /auth/login asks for username, password, otp but the drive has no test user: declare auth.users in the config');
    expect(context.provider().submissions.length).toBe(before);
  });

  it('is stuck when the candidate shows the submitted form again instead of handing back', async () => {
    const { result } = await context.drive('/auth/login-again');
    expect(result.outcome).toBe('stuck');
    expect(result.hops.map((hop) => [hop.method, hop.kind])).toEqual([['GET', 'form'], ['POST', 'page']]);
    expect(result.message).toMatch(/^POST \/auth\/login-again showed the form the driver had already submitted/);
  });

  it('submits a GET form, masking the password in hop URLs and in the traffic log', async () => {
    const { result, traffic } = await context.drive('/auth/get-login');
    expect(result.outcome).toBe('returned');
    expect(context.provider().submissions.at(-1)?.['pass']).toBe(FIXTURE_USER.password);
    expect(result.hops[1]?.url).toMatch(/[?&]pass=\[REDACTED:password\]/);
    const logged = JSON.stringify([result, traffic.all()]);
    for (const spelling of passwordSpellings()) expect(logged).not.toContain(spelling);
  });

  it('follows a script the redirect driver also follows, and leaves a computed one to the browser', async () => {
    expect((await context.drive('/auth/script')).result.outcome).toBe('returned');
    expect((await context.drive('/auth/computed-script')).result.outcome).toBe('stuck');
  });
});
