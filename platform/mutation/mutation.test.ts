import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '#identity';
import { InputChecks, mayTouch, mutationRulesOf } from './index.ts';

const NOW = new Date('2026-12-06T12:00:00Z');
const CELL = '92cf900b-67d1-50ba-a92d-504dae25df12';
const viewer = (agency: string, claims: Partial<Viewer> = {}) =>
  ({ sub: 'someone', agency, scopes: [`agency:${agency}`], roles: [], ...claims }) as unknown as Viewer;

describe('InputChecks', () => {
  it('names each field at fault once, INVALID_INPUT', () => {
    const checks = new InputChecks(NOW);
    checks.text(['input', 'name'], '   ', 10);
    checks.text(['input', 'long'], 'x'.repeat(11), 10);
    checks.text(['input', 'missing'], undefined, 10);
    checks.text(['input', 'optional'], null, 10, { required: false });
    checks.cnic(['input', 'cnic'], '1730112345678');
    checks.cnic(['input', 'goodCnic'], '17301-1234567-8');
    checks.phone(['input', 'phone'], '12345');
    checks.phone(['input', 'mobile'], '0301-1234567');
    checks.phone(['input', 'landline'], '091-9211430');
    checks.integer(['input', 'age'], 121, 0, 120);
    checks.notInFuture(['input', 'at'], new Date(NOW.getTime() + 1));
    checks.notInFuture(['input', 'now'], NOW);
    checks.inOrder(['input', 'examinedAt'], NOW, new Date(NOW.getTime() - 1), 'after the report');
    checks.list(['input', 'sections'], [], 3, () => true, 'each');
    expect(checks.errors.map((error) => [error.field!.join('.'), error.code])).toEqual([
      ['input.name', 'INVALID_INPUT'],
      ['input.long', 'INVALID_INPUT'],
      ['input.missing', 'INVALID_INPUT'],
      ['input.cnic', 'INVALID_INPUT'],
      ['input.phone', 'INVALID_INPUT'],
      ['input.age', 'INVALID_INPUT'],
      ['input.at', 'INVALID_INPUT'],
      ['input.examinedAt', 'INVALID_INPUT'],
      ['input.sections', 'INVALID_INPUT'],
    ]);
  });
});

describe("a mutation's row rule, from the SDL", () => {
  const rules = mutationRulesOf(
    parse(`
      type Mutation {
        openCase(id: ID!): Boolean @requiresScopes(scopes: [["agency:ARCC"], ["agency:SSOIU"]]) @rowRule(agency: ARCC, condition: OWN_CELL) @rowRule(agency: SSOIU, condition: SAME_PROVINCE)
        anyRow(id: ID!): Boolean @requiresScopes(scopes: [["agency:NPB"]])
      }
      type Query { x: Int @public }
    `),
  );

  it('reads the rule of every Mutation field and nothing else', () => {
    expect([...rules.keys()]).toEqual(['openCase', 'anyRow']);
  });

  it("checks the stored row with the reads' conditions: own cell, same province; none is every row; another agency no row", async () => {
    const row = { id: 'a', cellId: CELL, province: 'PUNJAB' };
    const openCase = rules.get('openCase')!;
    expect(await mayTouch(openCase, viewer('ARCC', { cellId: CELL }), row)).toBe(true);
    expect(await mayTouch(openCase, viewer('ARCC', { cellId: '11111111-2222-5333-8444-555555555555' }), row)).toBe(false);
    expect(await mayTouch(openCase, viewer('ARCC'), row)).toBe(false);
    expect(await mayTouch(openCase, viewer('SSOIU', { province: 'PUNJAB' }), row)).toBe(true);
    expect(await mayTouch(openCase, viewer('SSOIU', { province: 'SINDH' }), row)).toBe(false);
    expect(await mayTouch(openCase, viewer('NPB'), row)).toBe(false);
    expect(await mayTouch(rules.get('anyRow')!, viewer('NPB'), row)).toBe(true);
  });
});
