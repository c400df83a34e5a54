import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { statedPurpose } from './purpose.ts';

describe('the stated purpose (x-case-purpose)', () => {
  it.each([
    'ARCC-LHR1-2025-000031',
    'PS-SKP-2025-004212',
    'FIR-0042/2025-GULBERG',
    'SC-LHR-2025-0007',
    'FIR-0031/2025-PS Civil Lines Faisalabad',
  ])('accepts the case reference %s', (reference) => {
    expect(statedPurpose({ 'x-case-purpose': reference })).toBe(reference);
  });

  it('is undefined when none is stated', () => {
    expect(statedPurpose({})).toBeUndefined();
    expect(statedPurpose({ 'x-case-purpose': '  ' })).toBeUndefined();
  });

  it.each([
    ['a word alone', 'investigation'],
    ['spaces', 'ARCC LHR1 2025'],
    ['a sentence', 'because I wanted to'],
    ['two spaces', 'FIR-0031/2025-PS  Civil Lines'],
    ['markup', '<script>-1'],
    ['SQL', "x-1'; drop table audit_entry; --"],
    ['over 64 characters', `ARCC-${'1'.repeat(60)}`],
    ['two values', 'ARCC-LHR1-2025-000031, PS-SKP-2025-004212'],
  ])('refuses %s as BAD_USER_INPUT', (_, value) => {
    const refuse = () => statedPurpose({ 'x-case-purpose': value });
    expect(refuse).toThrow(GraphQLError);
    try {
      refuse();
    } catch (error) {
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', http: { status: 400 } });
    }
  });
});
