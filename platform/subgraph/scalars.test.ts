import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar } from './scalars.ts';

describe('DateTime and Date', () => {
  it('take what graphql-scalars takes, from the year 1 on', () => {
    expect(DateTimeScalar.parseValue('2026-12-06T10:00:00+05:00')).toEqual(new Date('2026-12-06T05:00:00Z'));
    expect(DateTimeScalar.parseValue('0001-01-01T00:00:00Z')).toEqual(new Date('0001-01-01T00:00:00Z'));
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '9999-12-31' }, {})).toEqual(new Date('9999-12-31T00:00:00Z'));
  });

  it('refuse the year 0000, which PostgreSQL has not, as a variable and as a literal', () => {
    expect(() => DateTimeScalar.parseValue('0000-01-01T00:00:00Z')).toThrow('DateTime cannot represent a year before 0001: 0000-01-01.');
    expect(() => DateScalar.parseValue('0000-06-30')).toThrow('Date cannot represent a year before 0001');
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '0000-12-31T23:59:59Z' }, {})).toThrow('before 0001');
  });

  it('still refuse what is not a date', () => {
    expect(() => DateTimeScalar.parseValue('2024-02-30T00:00:00Z')).toThrow('invalid date-time-string');
    expect(() => DateScalar.parseValue('banana')).toThrow();
  });
});
