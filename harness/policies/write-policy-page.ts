import { writeFileSync } from 'node:fs';
import { renderPolicyPage } from './render-policy-page.ts';

// `npm run docs`: regenerates docs/policies.md from the catalogue (a test fails while the two differ).
writeFileSync(new URL('../../docs/policies.md', import.meta.url), renderPolicyPage());
