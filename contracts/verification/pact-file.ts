import { readFile } from 'node:fs/promises';

/** One provider state of an interaction as the pact names it, with its parameters. */
export interface PactProviderState {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface PactInteraction {
  readonly description: string;
  readonly providerStates: readonly PactProviderState[];
  /** Only HTTP request/response interactions are verified; messages and plugins are reported as not run. */
  readonly kind: 'http' | 'other';
  readonly method: string;
  /** The path as written in the pact (a provider-state generator may replace it at verification). */
  readonly path: string;
}

export interface PactDocument {
  readonly file: string;
  readonly consumer: string;
  readonly provider: string;
  readonly specification: string;
  readonly interactions: readonly PactInteraction[];
}

/** A file that is not a readable pact: the message is one line naming the file and what is wrong. */
export class PactFileError extends Error {
  override readonly name = 'PactFileError';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nameOf = (value: unknown): string | undefined => (isRecord(value) && typeof value['name'] === 'string' && value['name'] !== '' ? value['name'] : undefined);

function statesOf(interaction: Record<string, unknown>): PactProviderState[] {
  // V3/V4: providerStates [{name, params}]; V2: providerState "name".
  if (Array.isArray(interaction['providerStates'])) {
    return interaction['providerStates'].flatMap((state) => {
      const name = nameOf(state);
      if (!name) return [];
      const params = isRecord(state) && isRecord(state['params']) ? state['params'] : {};
      return [{ name, params }];
    });
  }
  return typeof interaction['providerState'] === 'string' && interaction['providerState'] !== '' ? [{ name: interaction['providerState'], params: {} }] : [];
}

function pathOf(request: Record<string, unknown>): string {
  const path = request['path'];
  if (typeof path === 'string') return path;
  // A V2 file may hold a matcher object here; the example value is what the verifier sends.
  if (isRecord(path) && typeof path['value'] === 'string') return path['value'];
  return '';
}

/** Parses a pact file's text strictly enough to report per interaction; the verifier does the real reading. */
export function parsePactDocument(text: string, file: string): PactDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PactFileError(`${file} is not JSON (${(error as Error).message}): give the pact file your consumer tests wrote`);
  }
  if (!isRecord(json)) throw new PactFileError(`${file} is not a pact file: it holds no JSON object`);
  const consumer = nameOf(json['consumer']);
  const provider = nameOf(json['provider']);
  if (!consumer || !provider) throw new PactFileError(`${file} is not a pact file: consumer.name or provider.name is missing`);
  if (!Array.isArray(json['interactions'])) {
    throw new PactFileError(`${file} has no interactions array${Array.isArray(json['messages']) ? ' (it is a message pact; only HTTP interactions can be verified)' : ''}`);
  }
  const metadata = isRecord(json['metadata']) ? json['metadata'] : {};
  const specification =
    (isRecord(metadata['pactSpecification']) && typeof metadata['pactSpecification']['version'] === 'string' ? metadata['pactSpecification']['version'] : undefined) ??
    (isRecord(metadata['pact-specification']) && typeof metadata['pact-specification']['version'] === 'string' ? metadata['pact-specification']['version'] : undefined) ??
    'unknown';
  const interactions = json['interactions'].map((raw, index): PactInteraction => {
    if (!isRecord(raw) || typeof raw['description'] !== 'string' || raw['description'] === '') {
      throw new PactFileError(`${file}: interactions[${index}] has no description`);
    }
    const request = isRecord(raw['request']) ? raw['request'] : undefined;
    const type = typeof raw['type'] === 'string' ? raw['type'] : 'Synchronous/HTTP';
    const http = request !== undefined && type === 'Synchronous/HTTP';
    return {
      description: raw['description'],
      providerStates: statesOf(raw),
      kind: http ? 'http' : 'other',
      method: http && typeof request['method'] === 'string' ? request['method'].toUpperCase() : '',
      path: http ? pathOf(request) : '',
    };
  });
  if (interactions.length === 0) throw new PactFileError(`${file} has no interactions: there is nothing to verify`);
  return { file, consumer, provider, specification, interactions };
}

export async function readPactDocument(file: string): Promise<PactDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PactFileError(code === 'ENOENT' ? `${file} does not exist: give the path of a pact file` : `${file} cannot be read (${code ?? (error as Error).message})`);
  }
  return parsePactDocument(text, file);
}
