import { describe, expect, it } from 'vitest';
import { parseNotification } from './notifications.ts';

const parse = (value: unknown): ReturnType<typeof parseNotification> => parseNotification(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('parseNotification', () => {
  it('reads the documented variants', () => {
    expect(parse({ type: 'resourceDeleted', resource: { id: 'b1', type: 'bankAccount', url: 'NA' }, additionalData: { externalId: 'e' } })).toEqual({
      ok: true,
      notification: { type: 'resourceDeleted', resourceType: 'bankAccount', resourceId: 'b1', additionalData: { externalId: 'e' } },
    });
    expect(parse({ type: 'resourceCreated', resource: { id: 'a1', type: 'authorisation' } })).toMatchObject({ ok: true, notification: { additionalData: {} } });
  });

  it('refuses what is not a notification, saying why', () => {
    expect(parse('{')).toEqual({ ok: false, message: 'the body is not JSON' });
    expect(parse('')).toEqual({ ok: false, message: 'the body is not JSON' });
    expect(parse(null)).toEqual({ ok: false, message: 'the body is not a JSON object' });
    expect(parse({ resource: { id: 'x', type: 'y' } })).toEqual({ ok: false, message: 'type must be a non-empty string' });
    expect(parse({ type: 't', resource: 'x' })).toEqual({ ok: false, message: 'resource must be an object' });
    expect(parse({ type: 't', resource: { id: 7, type: 'y' } })).toEqual({ ok: false, message: 'resource.id must be a non-empty string' });
    expect(parse({ type: 't', resource: { id: 'x'.repeat(201), type: 'y' } })).toMatchObject({ ok: false });
    expect(parse({ type: 't', resource: { id: 'x' } })).toEqual({ ok: false, message: 'resource.type must be a non-empty string' });
    expect(parse({ type: 't', resource: { id: 'x', type: 'y' }, additionalData: [] })).toEqual({ ok: false, message: 'additionalData must be an object' });
  });
});
