import type { ErrorObject } from 'ajv';
import { escapePointerToken } from './json-pointer.ts';
import { narrowCombinatorErrors, type BranchValidators } from './one-of-branches.ts';
import type { SpecFinding } from './types.ts';

type Location = SpecFinding['location'];

/** Where an Ajv error points, before the keyword-specific tail (a missing property's name) is appended. */
export interface ErrorPlace {
  readonly location: Location;
  readonly pointer: string;
}

export type PlaceOf = (error: ErrorObject) => ErrorPlace;

/**
 * openapi-backend validates `{ path, query, header, cookie }` and `{ requestBody }`: the first segment of the
 * instance path is the part of the request. Header names arrive lower-cased (headers are case-insensitive).
 */
export const placeOfRequestError: PlaceOf = (error) => {
  const match = /^\/(requestBody|path|query|header|cookie)(\/.*)?$/.exec(error.instancePath);
  if (match === null) {
    // A root-level error: a missing body (`required: requestBody`) or openapi-backend's malformed-JSON `parse`.
    return { location: 'body', pointer: '' };
  }
  const [, part, rest = ''] = match;
  switch (part) {
    case 'requestBody':
      return { location: 'body', pointer: rest };
    case 'path':
      return { location: 'path', pointer: rest };
    case 'query':
      return { location: 'query', pointer: rest };
    case 'cookie':
      // Sage's APIs define no cookie parameters; should one appear, it travels in the Cookie header.
      return { location: 'header', pointer: `/cookie${rest}` };
    default:
      return { location: 'header', pointer: rest };
  }
};

export const placeIn =
  (location: Location): PlaceOf =>
  (error) => ({ location, pointer: error.instancePath });

/** Ajv errors → findings: narrowed to the meant oneOf branch, pointers naming the exact field, deduplicated. */
export function findingsFrom(errors: readonly ErrorObject[], placeOf: PlaceOf, branches?: BranchValidators): SpecFinding[] {
  const findings: SpecFinding[] = [];
  const seen = new Set<string>();
  for (const error of narrowCombinatorErrors(errors, branches)) {
    const finding = toFinding(error, placeOf(error));
    const key = `${finding.location}\u0000${finding.pointer}\u0000${finding.keyword}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function toFinding(error: ErrorObject, place: ErrorPlace): SpecFinding {
  const params = error.params as Record<string, unknown>;
  const { location } = place;
  let { pointer } = place;
  let message = error.message ?? `fails ${error.keyword}`;
  const named = namedProperty(error.keyword, params);
  if (named !== undefined) {
    if (location === 'body' && pointer === '' && named === 'requestBody' && error.instancePath === '') {
      message = 'the request body is required';
    } else {
      pointer = `${pointer}/${escapePointerToken(named)}`;
      if (error.keyword === 'additionalProperties') {
        message = location === 'query' ? 'is not a documented query parameter' : 'is not a documented property (additionalProperties is false)';
      }
    }
  } else if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    message = `must be equal to one of the allowed values: ${params['allowedValues'].map(show).join(', ')}`;
  } else if (error.keyword === 'const') {
    message = `must be equal to constant: ${show(params['allowedValue'])}`;
  }
  return Object.freeze({ location, pointer, message, keyword: error.keyword });
}

/** The property a keyword's error is really about, when Ajv reports it on the parent object. */
function namedProperty(keyword: string, params: Readonly<Record<string, unknown>>): string | undefined {
  const name =
    keyword === 'required' || keyword === 'dependencies' || keyword === 'dependentRequired'
      ? params['missingProperty']
      : keyword === 'additionalProperties'
        ? params['additionalProperty']
        : keyword === 'unevaluatedProperties'
          ? params['unevaluatedProperty']
          : undefined;
  return typeof name === 'string' ? name : undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
