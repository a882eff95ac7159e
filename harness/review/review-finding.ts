/**
 * What a review found, one sentence each. `tampered`: the bundle is not what the kit wrote, or its verdicts do not
 * follow from its evidence. `incomplete`: what it proves is genuine but not enough to approve (a requirement not
 * judged, an interrupted run, a verdict the kit could not decide, a set this kit does not know). `warning`: worth a
 * reviewer's attention, no effect on the decision. `ok`: a verification that passed, so the record shows what was
 * checked and not only what failed.
 */
export type FindingKind = 'tampered' | 'incomplete' | 'warning' | 'ok';

export type FindingArea =
  | 'archive'
  | 'members'
  | 'signature'
  | 'manifest'
  | 'kit'
  | 'requirement set'
  | 'specs'
  | 'config'
  | 'evidence'
  | 're-computation'
  | 'completeness'
  | 'baseline'
  | 'reports'
  | 'contracts';

export interface ReviewFinding {
  readonly kind: FindingKind;
  readonly area: FindingArea;
  readonly message: string;
}

/** Collects findings for one area of the review. */
export class Findings {
  readonly all: ReviewFinding[] = [];

  add(kind: FindingKind, area: FindingArea, message: string): void {
    this.all.push({ kind, area, message });
  }

  tampered(area: FindingArea, message: string): void {
    this.add('tampered', area, message);
  }

  incomplete(area: FindingArea, message: string): void {
    this.add('incomplete', area, message);
  }

  warning(area: FindingArea, message: string): void {
    this.add('warning', area, message);
  }

  ok(area: FindingArea, message: string): void {
    this.add('ok', area, message);
  }

  /** True when a finding of this kind was added in the area (any area when none is given). */
  has(kind: FindingKind, area?: FindingArea): boolean {
    return this.all.some((finding) => finding.kind === kind && (area === undefined || finding.area === area));
  }
}

/** A short, quoted rendering of a value for a finding: long values are cut, never a secret (bundles hold none). */
export function shown(value: unknown, max = 80): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The paths (`/candidate/imageId`) at which two JSON values differ, at most `limit` of them. */
export function differingPaths(left: unknown, right: unknown, limit = 8, path = ''): string[] {
  const found: string[] = [];
  const visit = (a: unknown, b: unknown, at: string): void => {
    if (found.length >= limit) return;
    const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
    if (!bothObjects) {
      if (JSON.stringify(a) !== JSON.stringify(b)) found.push(at || '/');
      return;
    }
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const key of keys) visit((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}/${key}`);
  };
  visit(left, right, path);
  return found;
}

/** The value at a JSON-pointer-like path made by differingPaths. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '/' || path === '') return value;
  let current: unknown = value;
  for (const key of path.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
