/**
 * Named places in `reference/sage-banking-service.md` that are not evidence tags but are cited by id:
 * statement rules (§10), disagreements between sources (§12), the official test plan rows (§13.1) and the
 * open questions (§14). Requirements and policies cite them so a reviewer can find the exact row.
 */
const range = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);

export const STATEMENT_RULES = Object.freeze(range('R', 20));
export const DISAGREEMENTS = Object.freeze(range('D', 16));
export const TEST_PLAN_ROWS = Object.freeze(range('T-ONB-', 5));
export const OPEN_QUESTIONS = Object.freeze(range('Q', 28));

const SECTION = /^§\d+(\.\d+)*$/;
const ALL_ANCHORS = new Set<string>([...STATEMENT_RULES, ...DISAGREEMENTS, ...TEST_PLAN_ROWS, ...OPEN_QUESTIONS]);

/** True for `R2`, `D11`, `T-ONB-3`, `Q24` or a section such as `§13.4`. */
export function isReferenceAnchor(value: string): boolean {
  return ALL_ANCHORS.has(value) || SECTION.test(value);
}
