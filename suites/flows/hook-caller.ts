import type { HookConfig, HookName } from '../../harness/config/index.ts';
import { renderTemplate, renderTemplateDeep } from '../../harness/config/index.ts';
import { sendRequest } from '../../harness/http/index.ts';
import type { ExchangeRecord, TrafficLog } from '../../harness/traffic/index.ts';
import { CandidateFailure } from './flow-step.ts';

export interface HookValues {
  readonly externalId?: string;
  readonly bankAccountId?: string;
  readonly count?: number;
  readonly seconds?: number;
}

export interface HookCaller {
  has(name: HookName): boolean;
  /** Calls a declared test-control hook; a non-2xx answer or no answer is the candidate's failure. */
  call(name: HookName, values: HookValues): Promise<ExchangeRecord>;
}

export function createHookCaller(options: {
  readonly hooks: Readonly<Partial<Record<HookName, HookConfig>>>;
  readonly runValues: Readonly<Record<string, string | number>>;
  readonly traffic: TrafficLog;
  readonly timeoutMs: number;
}): HookCaller {
  return {
    has: (name) => options.hooks[name] !== undefined,
    async call(name, values) {
      const hook = options.hooks[name];
      if (!hook) throw new Error(`hook ${name} is not configured`);
      const all = { ...options.runValues, ...values } as Record<string, string | number>;
      const url = renderTemplate(hook.url, all);
      const exchange = await sendRequest({
        method: hook.method ?? 'POST',
        url,
        body: hook.body === undefined ? undefined : renderTemplateDeep(hook.body, all),
        timeoutMs: options.timeoutMs,
      });
      const record = options.traffic.record({
        from: 'kit',
        to: 'candidate',
        startedAt: exchange.startedAt,
        durationMs: exchange.durationMs,
        request: exchange.request,
        response: exchange.response,
        failure: exchange.failure?.message,
        annotations: { hook: name },
      });
      const status = exchange.response?.status;
      if (status === undefined || status < 200 || status > 299) {
        throw new CandidateFailure(`test-control hook ${name} (${record.request.method} ${record.request.url}) answered ${status ?? exchange.failure?.message} (${record.id})`);
      }
      return record;
    },
  };
}
