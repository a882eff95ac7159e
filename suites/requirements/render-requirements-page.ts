import { CAPABILITIES } from './capabilities.ts';
import { FLOW_ID_PREFIX, FLOW_TITLES, FLOWS, REQUIREMENT_LEVELS, type Flow, type Requirement } from './catalogue-schema.ts';
import { loadRequirementSet, type LoadedRequirementSet } from './load-requirement-set.ts';

const code = (text: string): string => `\`${text}\``;

function renderRequirement(requirement: Requirement): string[] {
  const capability = requirement.capability === undefined ? 'every candidate' : `${code(requirement.capability)} only`;
  const policies =
    requirement.policies.length === 0
      ? 'none'
      : requirement.policies.map((id) => `[${code(id)}](policies.md#${id})`).join(', ');
  return [
    `### ${requirement.id} · ${requirement.level} · ${requirement.title}`,
    '',
    requirement.statement,
    '',
    `- Evidence: ${requirement.evidence.map((tag) => `[${tag}]`).join(' ')}`,
    `- Anchors: ${requirement.anchors.length === 0 ? 'none' : requirement.anchors.join(', ')}`,
    `- Origin: ${requirement.origin}`,
    `- Policies: ${policies}`,
    `- Applies to: ${capability}`,
    `- Decided by: ${requirement.observable}`,
    `- To fix: ${requirement.hint}`,
    '',
  ];
}

/** The Markdown of docs/requirements.md; a test keeps the committed page equal to this. */
export function renderRequirementsPage(set: LoadedRequirementSet = loadRequirementSet()): string {
  const inFlow = (flow: Flow) => set.requirements.filter((requirement) => requirement.flow === flow);
  const count = (flow: Flow, level: string) => inFlow(flow).filter((requirement) => requirement.level === level).length;
  const lines = [
    `# Requirements (set ${set.version})`,
    '',
    'The frozen requirement set the kit certifies against: one verdict per requirement. MUST failures make a run',
    'non-conformant; SHOULD failures are reported as warnings. A requirement that names a capability applies only',
    'to candidates declaring it, and is otherwise reported not applicable. Evidence tags point into',
    '`reference/sage-banking-service.md` §0.1; anchors name its rules (R*), disagreements (D*), test-plan rows',
    '(T-ONB-*), open questions (Q*) and sections (`§13.3.4` is the fourth row of the §13.3 table, `§13.4.7` the',
    'seventh bullet of §13.4). Generated from `suites/requirements/sets/' + set.version + '.json`; do not edit by hand.',
    '',
    `Set file digest: ${code(set.digest)}`,
    '',
    '| Flow | Prefix | MUST | SHOULD | Total |',
    '|---|---|---|---|---|',
    ...FLOWS.map(
      (flow) =>
        `| [${FLOW_TITLES[flow]}](#${flow}) | ${FLOW_ID_PREFIX[flow]} | ${count(flow, 'MUST')} | ${count(flow, 'SHOULD')} | ${inFlow(flow).length} |`,
    ),
    `| **All** | | ${REQUIREMENT_LEVELS.map((level) => set.requirements.filter((r) => r.level === level).length).join(' | ')} | ${set.requirements.length} |`,
    '',
    '## Capabilities',
    '',
    ...Object.entries(CAPABILITIES).map(([id, capability]) => `- ${code(id)} — ${capability.description}`),
    '',
  ];
  for (const flow of FLOWS) {
    const requirements = inFlow(flow);
    if (requirements.length === 0) continue;
    lines.push(`## ${flow}`, '', `**${FLOW_TITLES[flow]}** (${requirements.length})`, '');
    for (const requirement of requirements) lines.push(...renderRequirement(requirement));
  }
  lines.push('## Not covered', '', 'Rows of the reference this set deliberately has no requirement for, and why.', '');
  for (const entry of set.notCovered) lines.push(`- **${entry.anchor}** — ${entry.why}`);
  lines.push('');
  return lines.join('\n');
}
