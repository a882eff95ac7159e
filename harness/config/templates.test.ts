import { describe, expect, it } from 'vitest';
import { environmentVariableOf, renderTemplate, renderTemplateDeep, templateVariablesIn, TemplateError } from './templates.ts';

describe('templates', () => {
  it('renders known variables, with or without spaces', () => {
    expect(renderTemplate('{{connectorPublicUrl}}/hook?n={{ count }}', { connectorPublicUrl: 'http://127.0.0.1:1', count: 3 })).toBe('http://127.0.0.1:1/hook?n=3');
    expect(renderTemplateDeep({ a: ['{{x}}'], b: 1 }, { x: 'y' })).toEqual({ a: ['y'], b: 1 });
    expect(renderTemplateDeep({ count: '{{count}}', label: 'n={{count}}' }, { count: 3 })).toEqual({ count: 3, label: 'n=3' });
  });

  it('refuses an unknown variable instead of rendering an empty string', () => {
    expect(() => renderTemplate('{{connectorURL}}/x', { connectorPublicUrl: 'u' })).toThrow(TemplateError);
    expect(() => renderTemplate('{{connectorURL}}/x', { connectorPublicUrl: 'u' })).toThrow('unknown template variable {{connectorURL}}');
  });

  it('lists the variables a text uses', () => {
    expect(templateVariablesIn('{{a}} and {{ b }}')).toEqual(['a', 'b']);
  });

  it('reads the variable an {{env.NAME}} value names, and nothing else', () => {
    expect(environmentVariableOf('{{env.BSCK_API_KEY}}')).toBe('BSCK_API_KEY');
    expect(environmentVariableOf('{{ env.A_1 }}')).toBe('A_1');
    for (const other of ['env.A', '{{A}}', 'x{{env.A}}', '{{env.A}}/x', '{{env.1A}}', '{{env.}}']) expect(environmentVariableOf(other)).toBeUndefined();
  });
});
