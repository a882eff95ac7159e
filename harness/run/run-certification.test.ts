import { describe, expect, it } from 'vitest';
import type { FlowDriver } from '../../suites/flows/flow-driver.ts';
import { certifyReference } from './certify-reference.ts';

describe('runCertification', () => {
  it('starts the reference connector, drives a flow, records steps and stops everything', async () => {
    let sawBank = false;
    const probe: FlowDriver = {
      id: 'bank-sync',
      title: 'probe',
      async run(context) {
        await context.step('await-bank', async (handle) => {
          const event = await context.simulator.events.waitFor((e) => e.type === 'bank.registered', { timeoutMs: 5_000, description: 'bank sync' });
          sawBank = true;
          handle.note('event', String(event.seq));
        });
      },
    };
    const run = await certifyReference({ flows: ['bank-sync'], flowDrivers: [probe] });
    expect(sawBank).toBe(true);
    expect(run.evidence.steps.map((step) => [step.step, step.status])).toEqual([['start-candidate', 'ok'], ['await-bank', 'ok']]);
    expect(run.candidate.label).toBe('reference connector (process)');
    expect(run.candidate.logs).toMatch(/"msg":"listening"/);
    expect(run.evidence.traffic.some((record) => record.operationId === 'postBanks' && record.response?.status === 200)).toBe(true);
    expect(run.verdicts.every((verdict) => verdict.flow === 'bank-sync')).toBe(true);
  });

  it('reports where the time went: simulator and candidate start-up, each flow, stopping, judging', async () => {
    const run = await certifyReference({ flows: ['bank-sync'], flowDrivers: [{ id: 'bank-sync', title: 'nothing', run: async () => {} }] });
    const { timings } = run;
    expect(timings.startupMs).toBeGreaterThanOrEqual(timings.simulatorStartMs + timings.candidateStartMs - 1);
    expect(timings.candidateStartMs).toBeGreaterThan(0);
    expect(Object.keys(timings.flowsMs)).toEqual(['bank-sync']);
    expect(timings.totalMs).toBeGreaterThanOrEqual(timings.startupMs + timings.stopMs);
    expect(run.completedFlows).toEqual(['bank-sync']);
    expect(run.incomplete).toBe(false);
  });

  it('stops at once when aborted mid-flow: the candidate is stopped, the unfinished flow\'s requirements are not blamed on it', async () => {
    const controller = new AbortController();
    const waiting: FlowDriver = {
      id: 'onboarding',
      title: 'waits for an event that never comes',
      async run(context) {
        await context.step('wait-forever', async () => {
          controller.abort();
          await context.simulator.events.waitFor(() => false, { timeoutMs: 20_000, description: 'nothing' });
        });
      },
    };
    const started = performance.now();
    const run = await certifyReference({ flows: ['bank-sync', 'onboarding'], flowDrivers: [{ id: 'bank-sync', title: 'nothing', run: async () => {} }, waiting], signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(run.incomplete).toBe(true);
    expect(run.completedFlows).toEqual(['bank-sync']);
    const onboarding = run.verdicts.filter((verdict) => verdict.flow === 'onboarding');
    expect(onboarding.length).toBeGreaterThan(0);
    expect(onboarding.every((verdict) => verdict.status === 'error' || verdict.status === 'not-applicable')).toBe(true);
    expect(onboarding.find((verdict) => verdict.status === 'error')?.sentence).toBe('Not decided: the run was interrupted before the onboarding flow finished.');
    expect(run.verdicts.filter((verdict) => verdict.flow === 'bank-sync').every((verdict) => !verdict.sentence.startsWith('Not decided'))).toBe(true);
    expect(run.candidate.logs).toMatch(/"msg":"listening"/);
  });

  it('blames the candidate, not the kit, when it cannot start', async () => {
    const run = await certifyReference({ flows: ['bank-sync'], flowDrivers: [], faults: ['no-such-fault'] });
    const [start] = run.evidence.steps;
    expect(start).toMatchObject({ step: 'start-candidate', status: 'candidate-failed' });
    expect(start?.message).toMatch(/exited/);
  });
});
