import { EVIDENCE_TAGS, isEvidenceTag } from '../reference/evidence-tags.ts';

const SAGE = 'https://developer.sage.com/';
const BANKING_SERVICE = `${SAGE}banking-service/`;
const PROVIDER_INTEGRATE = `${BANKING_SERVICE}provider-api/get-started/integrate/`;
const BRUNO_COLLECTION = 'https://github.com/adelesmith-sage/BankingServicePapi';

/**
 * The public page an evidence tag points at, expanding the reference's abbreviations (§0.1: `bs:` is
 * developer.sage.com/banking-service/, `pa-int:` its provider integration pages). Undefined for a tag with no page.
 */
export function evidenceUrl(tag: string): string | undefined {
  if (!isEvidenceTag(tag)) return undefined;
  const source = EVIDENCE_TAGS[tag];
  const path = (prefix: string) => source.slice(prefix.length).split(' ')[0] ?? '';
  if (source.startsWith('bs:')) return BANKING_SERVICE + path('bs:');
  if (source.startsWith('pa-int:')) return PROVIDER_INTEGRATE + path('pa-int:');
  if (source.startsWith('developer.sage.com/')) return `https://${source.split(' ')[0]}`;
  if (source.startsWith('Bruno collection')) return BRUNO_COLLECTION;
  return undefined;
}

