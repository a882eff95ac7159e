import { describe, expect, it } from 'vitest';
import { attemptNoteKey, encodeAttempt, readAttempts, type AuthAttemptNote } from './auth-attempt-notes.ts';

describe('auth attempt notes', () => {
  it('round-trips attempts through a step\'s string data, ignoring other notes', () => {
    const attempt: AuthAttemptNote = { label: 'replayed-auth', operationId: 'getAuth', authorisationId: 'id-1', outcome: 'refused', firstStatus: 403, credentialsSubmitted: false, returnedWithoutError: false };
    const data = { bankAccountId: 'acc', [attemptNoteKey(attempt.label)]: encodeAttempt(attempt) };
    expect(readAttempts(data)).toEqual([attempt]);
  });
});
