import { describe, expect, it } from 'vitest';
import { EventLog } from '../events/index.ts';
import { ManualClock } from './clock.ts';
import { SimulatorState } from './simulator-state.ts';

function account(state: SimulatorState<unknown>) {
  return state.accounts.create({
    externalId: 'e',
    bankId: 'b',
    organisationId: 'o',
    companyId: 'c',
    accountName: 'n',
    accountKey: undefined,
    accountType: undefined,
    bankIdentifier: '1',
    branchIdentifier: undefined,
    accountIdentifier: '2',
    defaultCurrency: undefined,
    requestedStartDate: '2024-01-01T00:00:00.000Z',
    status: 'pending',
    groupId: 'g',
    via: 'seed',
  });
}

describe('SimulatorState', () => {
  it('records every status change as an event, and nothing for a no-op', () => {
    const clock = new ManualClock(0);
    const events = new EventLog({ clock });
    const state = new SimulatorState<unknown>(clock, events);
    const created = account(state);
    expect(state.changeAccountStatus(created.id, 'active', 'first transactions')).toBe(true);
    expect(state.changeAccountStatus(created.id, 'active', 'again')).toBe(false);
    expect(events.ofType('account.status-changed')).toEqual([
      expect.objectContaining({ bankAccountId: created.id, from: 'pending', to: 'active', cause: 'first transactions' }),
    ]);
    expect(state.view().bankAccount(created.id)?.status).toBe('active');
  });

  it('emits authorisation.expired when a view looks at a session past its lifetime', () => {
    const clock = new ManualClock(0);
    const events = new EventLog({ clock });
    const state = new SimulatorState<unknown>(clock, events, { authorisationLifetimeMs: 1000 });
    const session = state.authorisations.create({ kind: 'onboarding', bankId: 'b', organisationId: 'o', companyId: 'c', redirectUriFor: () => 'http://x' });
    clock.advance(1000);
    expect(state.view().authorisation(session.id)?.status).toBe('expired');
    expect(events.ofType('authorisation.expired')).toHaveLength(1);
  });
});
