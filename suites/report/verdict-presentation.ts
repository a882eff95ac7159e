import { evidenceUrl } from '../../harness/report/evidence-links.ts';
import { flowTitle } from '../../harness/report/flow-titles.ts';
import type { Verdict } from '../checks/verdict.ts';
import type { Requirement } from '../requirements/index.ts';

/**
 * How one verdict appears in Allure, as plain data: the suites turn it into allure-js-commons calls. Nothing here
 * may put a port, a time or a uuid into a test title: Allure lines up history by title.
 */
export interface VerdictPresentation {
  readonly title: string;
  readonly labels: readonly { readonly name: string; readonly value: string }[];
  readonly tags: readonly string[];
  readonly links: readonly { readonly url: string; readonly name: string }[];
  readonly description: string;
}

export const SEVERITY = Object.freeze({ MUST: 'critical', SHOULD: 'normal' } as const);

export const testTitle = (verdict: Pick<Verdict, 'requirementId' | 'title'>): string => `${verdict.requirementId} ${verdict.title}`;

export function presentVerdict(verdict: Verdict, requirement: Requirement | undefined): VerdictPresentation {
  const tags = [
    ...(requirement?.capability ? [`capability:${requirement.capability}`] : []),
    ...Object.entries(verdict.policies).map(([id, value]) => `policy:${id}=${String(value)}`),
    ...(verdict.status === 'warn' ? ['warn'] : []),
  ];
  const links = verdict.evidence.flatMap((tag) => {
    const url = evidenceUrl(tag);
    return url ? [{ url, name: `[${tag}] evidence` }] : [];
  });
  const description = [
    ...(verdict.status === 'warn' ? [`**Warning — a SHOULD the candidate does not meet:** ${verdict.sentence}`, ''] : []),
    ...(requirement ? [requirement.statement, ''] : []),
    `**Verdict:** ${verdict.status} — ${verdict.sentence}`,
    '',
    ...(requirement ? [`**Decided by:** ${requirement.observable}`, ''] : []),
    `**How to fix:** ${verdict.hint}`,
    '',
    `**Evidence:** ${verdict.evidence.map((tag) => `[${tag}]`).join(' ')}`,
    ...(Object.keys(verdict.policies).length > 0
      ? ['', `**Policies:** ${Object.entries(verdict.policies).map(([id, value]) => `\`${id}\` = \`${String(value)}\``).join(', ')}`]
      : []),
  ].join('\n');
  return {
    title: testTitle(verdict),
    labels: [
      { name: 'epic', value: verdict.flow },
      { name: 'feature', value: flowTitle(verdict.flow) },
      { name: 'story', value: verdict.requirementId },
      { name: 'severity', value: SEVERITY[verdict.level] },
      { name: 'verdict', value: verdict.status },
      { name: 'requirementLevel', value: verdict.level },
    ],
    tags,
    links,
    description,
  };
}

/** How many of a verdict's exchanges get their request and response attached in Allure. */
export const ATTACHED_EXCHANGES_PER_TEST = 5;

/** The exchanges whose attachments a test carries: those its sentence names first, then the first cited. */
export function exchangesToAttach(verdict: Pick<Verdict, 'exchanges' | 'sentence'>, limit = ATTACHED_EXCHANGES_PER_TEST): ReadonlySet<string> {
  const named = verdict.exchanges.filter((id) => new RegExp(`\\b${id}\\b`).test(verdict.sentence));
  return new Set([...new Set([...named, ...verdict.exchanges])].slice(0, Math.max(limit, named.length)));
}
