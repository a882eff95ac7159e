import type { FlowDriver } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** principalId of the first bank a POST /v1/banks answer created or updated (the kit simulator's answer shape). */
function registeredBankId(body: unknown): string | undefined {
  const data = isObject(body) ? body['data'] : undefined;
  if (!isObject(data)) return undefined;
  for (const list of [data['created'], data['updated']]) {
    const first: unknown = Array.isArray(list) ? list[0] : undefined;
    if (isObject(first) && typeof first['principalId'] === 'string') return first['principalId'];
  }
  return undefined;
}

/**
 * Bank sync, the prerequisite of every other flow [SYNC] [BRUNO] (§9.0): a candidate declaring bank-sync registers
 * its bank with POST /v1/banks at start-up, and the kit waits for that exchange; otherwise the config's bank was
 * registered for it before it started. Either way `world.bankId` is the bank later flows onboard with.
 */
export const bankSyncFlow: FlowDriver = {
  id: 'bank-sync',
  title: 'bank sync',
  async run(context) {
    const { simulator, config } = context;
    if (config.capabilities.has('bank-sync')) {
      await context.step('await-bank-registration', async (handle) => {
        const posted = await simulator.traffic.waitFor((record) => record.from === 'candidate' && record.operationId === 'postBanks', {
          timeoutMs: config.timeouts.flowStepMs,
          description: 'the candidate registering its bank with POST /v1/banks',
        });
        handle.note('exchange', posted.id);
        const status = posted.response?.status;
        if (status === undefined || status < 200 || status > 299) {
          throw new CandidateFailure(`Banking Service answered the candidate's POST /v1/banks (${posted.id}) with ${status ?? posted.failure}: the bank is not registered`);
        }
        const bankId = registeredBankId(posted.response?.body);
        if (!bankId) throw new CandidateFailure(`the candidate's POST /v1/banks (${posted.id}) created no bank: send a toCreate entry`);
        context.world.bankId = bankId;
        handle.note('bankId', bankId);
      });
      return;
    }
    if (config.bank) {
      await context.step('use-configured-bank', async (handle) => {
        const bank = simulator.state.banks().find((known) => known.ownerClientId === simulator.credentials.clientId && known.name === config.bank?.name);
        if (!bank) throw new Error(`the bank "${config.bank?.name}" of the config was not registered in the simulator`);
        context.world.bankId = bank.principalId;
        handle.note('bankId', bank.principalId);
      });
      return;
    }
    context.skip('await-bank-registration', 'the candidate declares no bank-sync capability and the config names no bank');
  },
};
