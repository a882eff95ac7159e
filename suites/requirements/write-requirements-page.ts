import { writeFileSync } from 'node:fs';
import { renderRequirementsPage } from './render-requirements-page.ts';

// `npm run docs`: regenerates docs/requirements.md from the current requirement set (a test fails while they differ).
writeFileSync(new URL('../../docs/requirements.md', import.meta.url), renderRequirementsPage());
