import { POLICY_CATALOGUE, POLICY_IDS } from './policy-catalogue.ts';

/** The Markdown of docs/policies.md; a test keeps the committed page equal to this. */
export function renderPolicyPage(): string {
  const lines = [
    '# Policies',
    '',
    'Where the Sage sources are silent or disagree (reference §12 and §14) the kit does not pick a side silently: it',
    'follows one of these named policies. Each report prints the values in force; a config may override them under',
    '`policies:`. Generated from `harness/policies/policy-catalogue.ts` (`npm run docs`); do not edit by hand.',
    '',
    '| Policy | Default | Allowed | Settles | Evidence |',
    '|---|---|---|---|---|',
    ...POLICY_IDS.map((id) => {
      const p = POLICY_CATALOGUE[id];
      return `| [\`${id}\`](#${id}) | \`${p.default}\` | ${p.allowed.map((v) => `\`${v}\``).join(', ')} | ${p.settles.join(', ')} | ${p.evidence.map((t) => `[${t}]`).join(' ')} |`;
    }),
    '',
  ];
  for (const id of POLICY_IDS) {
    const p = POLICY_CATALOGUE[id];
    lines.push(`## ${id}`, '', `**${p.title}.** ${p.question}`, '', `Default \`${p.default}\`: ${p.reason}`, '');
  }
  return lines.join('\n');
}
