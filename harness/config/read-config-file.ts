import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import type { CertificationConfig } from './config-types.ts';
import schema from './config.schema.json' with { type: 'json' };

/** Every problem with a config, one line each, so a provider fixes them all in one pass. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validateSchema = ajv.compile<CertificationConfig>(schema);

const fieldOf = (error: ErrorObject): string => {
  const path = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') path.push(String((error.params as { additionalProperty: string }).additionalProperty));
  if (error.keyword === 'required') path.push(String((error.params as { missingProperty: string }).missingProperty));
  return path.length === 0 ? '(top level)' : path.join('.');
};

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties': return 'unknown key';
    case 'required': return 'is required';
    case 'enum': return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'oneOf': return 'must be a string or a list of strings';
    default: return error.message ?? error.keyword;
  }
}

/** Schema errors as `field: problem` lines; a oneOf's inner branch errors are folded into the oneOf line. */
export function schemaProblems(value: unknown): string[] {
  if (validateSchema(value)) return [];
  const errors = validateSchema.errors ?? [];
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const lines = errors
    .filter((error) => error.keyword === 'oneOf' || !oneOfPaths.has(error.instancePath))
    .map((error) => `${fieldOf(error)}: ${describe(error)}`);
  return [...new Set(lines)];
}

/** Reads YAML or JSON (YAML is a superset), validates it against the published schema. */
export function readConfigFile(file: string): CertificationConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([`${file}: cannot read the config file (${code ?? (error as Error).message})`]);
  }
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    throw new ConfigError([`${file}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`]);
  }
  if (value === null || value === undefined) value = {};
  const problems = schemaProblems(value);
  if (problems.length > 0) throw new ConfigError(problems.map((line) => `${file}: ${line}`));
  return value as CertificationConfig;
}
