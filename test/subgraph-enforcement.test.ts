import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DevIdentity } from '#identity';
import { PROVINCES, registerEntries } from '#synthetic-world';
import { defaultSubgraphParts } from '#subgraph';
import { graphql, type GraphQLResponse } from '#test-kit';
import { sqlStatementsDuring } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';

/**
 * The subgraphs' own enforcement (graphql-shield rules generated from each
 * SDL), asked directly over HTTP, no gateway in between, as a caller who
 * reached a subgraph would ask it: the traps of putting a deny-by-default
 * middleware in front of a federated schema.
 */

const gatewayUrl = inject('gatewayUrl');
const urls = inject('subgraphUrls') as Record<'cases' | 'courts' | 'offenders' | 'crisis-cells', string>;
const SUBGRAPHS = ['cases', 'courts', 'offenders', 'crisis-cells'] as const;

// --- The world -----------------------------------------------------------------------------------

const world = seededCases();
const register = [...registerEntries(1)];
const casesOfCell = Map.groupBy(
  world.filter((facts) => facts.crisisCellId),
  (facts) => facts.crisisCellId!,
);

/** A crisis-cell case with everything ARCC staff may read on file. */
const ownCase = world.find(
  (facts) =>
    facts.crisisCellId &&
    facts.survivor.cnic &&
    facts.survivor.contactPhone &&
    facts.medicoLegalExam &&
    facts.evidence.length > 0 &&
    facts.fir &&
    facts.investigation &&
    facts.suspects.length > 0,
)!;
const myCell = ownCase.crisisCellId!;
/** A case of another cell of the same province: only the cell differs. */
const otherCellCase = world.find(
  (facts) =>
    facts.crisisCellId && facts.crisisCellId !== myCell && facts.province === ownCase.province && facts.medicoLegalExam && facts.fir,
)!;
const otherCell = otherCellCase.crisisCellId!;

/** A decided trial, and another province's. */
const tried = world.find((facts) => facts.trial?.verdict && facts.trial.hearings.length > 0 && facts.supportAdviserId)!;
const trial = tried.trial!;
const otherProvince = PROVINCES.find((province) => province !== trial.province)!;
const triedElsewhere = world.find((facts) => facts.trial && facts.trial.province === otherProvince)!;

/** A register entry with aliases and notifications, and an SSOIU province that is not its own. */
const offender = register.find((entry) => entry.aliases.length > 0 && entry.notifications.length > 0)!;
const notOffendersProvince = PROVINCES.find((province) => province !== offender.province)!;
/** An entry of that other province, which SSOIU there may read the address of. */
const offenderThere = register.find((entry) => entry.province === notOffendersProvince)!;

// --- Helpers -------------------------------------------------------------------------------------

const ask = (subgraph: (typeof SUBGRAPHS)[number], query: string, token?: string, variables?: Record<string, unknown>) =>
  graphql(urls[subgraph], query, { token, variables });

type ErrorShape = NonNullable<GraphQLResponse['errors']>[number];
const UNAUTHORIZED = 'UNAUTHORIZED_FIELD_OR_TYPE';

/** Refused paths of a response, relative to its root value: `case.survivor.fullName` and `_entities.0.survivor.fullName` both give `survivor.fullName`. */
function refusedFields(errors: ErrorShape[] | undefined, root: string): string[] {
  for (const error of errors ?? []) expect(error.extensions?.code, JSON.stringify(error)).toBe(UNAUTHORIZED);
  const skip = root === '_entities' ? 2 : 1;
  return [...new Set((errors ?? []).map((error) => error.path!.slice(skip).join('.')))].sort();
}

/** Every value anywhere in a response, as text, to show nothing of a row leaked into data or errors. */
const textOf = (response: unknown) => JSON.stringify(response);

/**
 * Paths where `sub` holds a value `gateway` does not hold (non-null in the
 * subgraph's answer, missing, null or different in the gateway's): empty when
 * the subgraph answered nothing the gateway would not.
 */
function beyond(sub: unknown, gateway: unknown, path = ''): string[] {
  if (sub === null || sub === undefined) return [];
  if (Array.isArray(sub)) {
    if (!Array.isArray(gateway)) return [path || '(root)'];
    return sub.flatMap((item, index) => beyond(item, gateway[index], `${path}[${index}]`));
  }
  if (typeof sub === 'object') {
    if (typeof gateway !== 'object' || gateway === null || Array.isArray(gateway)) return [path || '(root)'];
    return Object.entries(sub).flatMap(([key, value]) =>
      beyond(value, (gateway as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  return sub === gateway ? [] : [path];
}

/** Leaves of a response's data that hold a value: to show a comparison is not made between two empty answers. */
function valuesIn(data: unknown): number {
  if (data === null || data === undefined) return 0;
  if (Array.isArray(data)) return data.reduce((sum: number, item) => sum + valuesIn(item), 0);
  if (typeof data === 'object') return Object.values(data).reduce((sum: number, item) => sum + valuesIn(item), 0);
  return 1;
}

// --- Selections shared by a root query and _entities ---------------------------------------------

const CASE_SELECTION = /* GraphQL */ `
  id reference status province district
  crisisCell { id }
  survivor { pseudonym ageAtIncident fullName cnic contactPhone }
  medicoLegalExam { examinerName dnaSamplesTaken }
  evidence { id kind custody { toHolder sealIntact } }
  counsellingSessions { id }
  fir { number policeStation }
  investigation { unitName investigatingOfficer }
  suspects { id name cnic registerEntry { __typename } }
`;
/** Case's nullable fields only: each is refused on its own, none takes its parent down with it. */
const CASE_NULLABLE_SELECTION = /* GraphQL */ `
  crisisCell { id }
  survivor { pseudonym fullName }
  medicoLegalExam { examinerName }
  evidence { id }
  fir { number }
  investigation { unitName }
  suspects { id }
`;
const TRIAL_SELECTION = /* GraphQL */ `
  id caseNumber status filedAt daysElapsed
  court { id name }
  case { id }
  charges { offenceSection accusedName }
  hearings { id scheduledFor purpose adjournmentReason outcome }
  prosecutor { id name }
  verdict { outcome convictions { id offender { id } } }
`;
const OFFENDER_SELECTION = /* GraphQL */ `
  id registerNumber fullName aliases cnic dateOfBirth province riskTier
  currentAddress { city province }
  notifications { id kind }
  compliance { status }
`;
const CELL_SELECTION = 'id name city province capacity staffOnDuty { id name }';

const rootQuery = (field: string, argument: string, selection: string) =>
  `query Root($key: ${argument === 'id' ? 'ID!' : 'String!'}) { ${field}(${argument}: $key) { ${selection} } }`;
const entitiesQuery = (typename: string, selection: string) =>
  `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`;

let tokens: Record<string, string>;
beforeAll(async () => {
  const identities: Record<string, DevIdentity> = {
    arccOwn: { agency: 'ARCC', sub: 'arcc-enforcement', cellId: myCell, roles: ['counsellor'] },
    arccOther: { agency: 'ARCC', sub: 'arcc-enforcement-other', cellId: otherCell },
    arccNoCell: { agency: 'ARCC', sub: 'arcc-enforcement-no-cell' },
    ssoiuOfTrial: { agency: 'SSOIU', sub: 'ssoiu-enforcement', province: trial.province },
    ssoiuElsewhere: { agency: 'SSOIU', sub: 'ssoiu-enforcement-elsewhere', province: otherProvince },
    ssoiuOfCase: { agency: 'SSOIU', sub: 'ssoiu-enforcement-case', province: ownCase.province },
    ssoiuOfOffender: { agency: 'SSOIU', sub: 'ssoiu-enforcement-register', province: offender.province },
    ssoiuNotOfOffender: { agency: 'SSOIU', sub: 'ssoiu-enforcement-register-elsewhere', province: notOffendersProvince },
    prosecutor: { agency: 'PROSECUTION', sub: trial.prosecutorId },
    otherProsecutor: { agency: 'PROSECUTION', sub: triedElsewhere.trial!.prosecutorId },
    court: { agency: 'COURT', sub: 'court-enforcement', courtId: trial.courtId },
    adviser: { agency: 'SUPPORT_ADVISER', sub: tried.supportAdviserId! },
    npb: { agency: 'NPB', sub: 'npb-enforcement' },
    nadra: { agency: 'NADRA', sub: 'nadra-enforcement' },
    committee: { agency: 'SPECIAL_COMMITTEE', sub: 'committee-enforcement' },
    auditor: { agency: 'AUDITOR', sub: 'auditor-enforcement' },
  };
  tokens = Object.fromEntries(
    await Promise.all(Object.entries(identities).map(async ([name, identity]) => [name, await tokenFor(identity)] as const)),
  );
});

describe('the world has what these tests need', () => {
  it('finds its cases, trial and register entries', () => {
    expect(otherCell).not.toBe(myCell);
    expect(otherCellCase.province).toBe(ownCase.province);
    expect(triedElsewhere.trial!.province).not.toBe(trial.province);
    expect(offenderThere.province).not.toBe(offender.province);
    expect(casesOfCell.get(myCell)!.length).toBeGreaterThan(1);
    expect(triedElsewhere.trial!.prosecutorId).not.toBe(trial.prosecutorId);
  });
});

describe('(a) fallbackRule deny does not block federation', () => {
  it('answers { _service { sdl } } on every subgraph, with and without a token', async () => {
    for (const subgraph of SUBGRAPHS) {
      const answers = await Promise.all(
        [undefined, tokens.npb, tokens.arccOwn].map((token) => ask(subgraph, '{ _service { sdl } }', token)),
      );
      for (const { status, data, errors } of answers) {
        expect(status, subgraph).toBe(200);
        expect(errors, subgraph).toBeUndefined();
        expect(data._service.sdl, subgraph).toMatch(/type Query/);
        expect(data._service.sdl, subgraph).toMatch(/@key\(fields: "id"/);
      }
      // The same SDL for everyone: the schema is not what the policy hides.
      expect(new Set(answers.map((answer) => answer.data._service.sdl)).size, subgraph).toBe(1);
    }
  });

  it('answers __typename of Query on every subgraph without a token (an introspection-free liveness probe)', async () => {
    for (const subgraph of SUBGRAPHS) {
      const { errors, data } = await ask(subgraph, '{ __typename }');
      expect(errors, subgraph).toBeUndefined();
      expect(data, subgraph).toEqual({ __typename: 'Query' });
    }
  });
});

describe('(b) __resolveReference works under the middleware', () => {
  it('cases: a Case by id, for ARCC staff of its cell', async () => {
    const { data, errors } = await ask('cases', entitiesQuery('Case', 'id reference province'), tokens.arccOwn, {
      representations: [{ __typename: 'Case', id: ownCase.id }],
    });
    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([{ id: ownCase.id, reference: ownCase.reference, province: ownCase.province }]);
  });

  it('courts: a Trial by id, for its prosecutor; and a Case’s trial, for its court', async () => {
    const trials = await ask('courts', entitiesQuery('Trial', 'id caseNumber status'), tokens.prosecutor, {
      representations: [{ __typename: 'Trial', id: trial.id }],
    });
    expect(trials.errors).toBeUndefined();
    expect(trials.data._entities).toEqual([{ id: trial.id, caseNumber: trial.caseNumber, status: trial.status }]);

    const cases = await ask('courts', entitiesQuery('Case', 'id trial { id caseNumber }'), tokens.court, {
      representations: [{ __typename: 'Case', id: tried.id }],
    });
    expect(cases.errors).toBeUndefined();
    expect(cases.data._entities).toEqual([{ id: tried.id, trial: { id: trial.id, caseNumber: trial.caseNumber } }]);
  });

  it('offenders: an Offender by id and by CNIC, for NPB', async () => {
    const { data, errors } = await ask('offenders', entitiesQuery('Offender', 'id registerNumber cnic fullName'), tokens.npb, {
      representations: [
        { __typename: 'Offender', id: offender.id },
        { __typename: 'Offender', cnic: offender.cnic },
      ],
    });
    expect(errors).toBeUndefined();
    const expected = { id: offender.id, registerNumber: offender.registerNumber, cnic: offender.cnic, fullName: offender.fullName };
    expect(data._entities).toEqual([expected, expected]);
  });

  it('crisis-cells: a CrisisCell by id, for anyone, and its capacity for its own staff', async () => {
    const cellOfCase = await ask('crisis-cells', entitiesQuery('CrisisCell', 'id city capacity'), tokens.arccOwn, {
      representations: [{ __typename: 'CrisisCell', id: myCell }],
    });
    expect(cellOfCase.errors).toBeUndefined();
    expect(cellOfCase.data._entities).toEqual([{ id: myCell, city: expect.any(String), capacity: expect.any(Number) }]);

    const anonymous = await ask('crisis-cells', entitiesQuery('CrisisCell', 'id name'), undefined, {
      representations: [{ __typename: 'CrisisCell', id: myCell }],
    });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data._entities).toEqual([{ id: myCell, name: expect.any(String) }]);
  });
});

describe('(c) _entities applies exactly the rules of a root query', () => {
  interface Comparison {
    label: string;
    subgraph: (typeof SUBGRAPHS)[number];
    token: () => string | undefined;
    root: { field: 'case' | 'trial' | 'offender' | 'offenderByCnic' | 'crisisCell'; argument: string; key: string };
    representation: Record<string, unknown>;
    selection: string;
    /**
     * What the premise is: some fields answered, some refused, or all refused; or the row is out of the caller's reach (its
     * type's rule refuses it), so the root lookup answers as for a row that does not exist and _entities refuses every field.
     */
    expectRefused: 'some' | 'none' | 'all' | 'out of reach';
  }
  const comparisons: Comparison[] = [
    {
      label: 'ARCC inside its cell: the case, survivor identity, exam, evidence and FIR; not the investigation or suspects',
      subgraph: 'cases',
      token: () => tokens.arccOwn,
      root: { field: 'case', argument: 'id', key: ownCase.id },
      representation: { __typename: 'Case', id: ownCase.id },
      selection: CASE_SELECTION,
      expectRefused: 'some',
    },
    {
      label: 'ARCC outside its cell: the lookup answers as for no case; _entities refuses every nullable field, one by one',
      subgraph: 'cases',
      token: () => tokens.arccOther,
      root: { field: 'case', argument: 'id', key: ownCase.id },
      representation: { __typename: 'Case', id: ownCase.id },
      selection: CASE_NULLABLE_SELECTION,
      expectRefused: 'out of reach',
    },
    {
      label: 'SSOIU of the case’s province: the survivor’s identity and the exam are for the assigned officer only',
      subgraph: 'cases',
      token: () => tokens.ssoiuOfCase,
      root: { field: 'case', argument: 'id', key: ownCase.id },
      representation: { __typename: 'Case', id: ownCase.id },
      selection: CASE_SELECTION,
      expectRefused: 'some',
    },
    {
      label: 'SSOIU of the trial’s province',
      subgraph: 'courts',
      token: () => tokens.ssoiuOfTrial,
      root: { field: 'trial', argument: 'id', key: trial.id },
      representation: { __typename: 'Trial', id: trial.id },
      selection: TRIAL_SELECTION,
      expectRefused: 'none',
    },
    {
      label: 'the survivor’s support adviser: dates and status, not the case number, charges, hearing purposes or verdict',
      subgraph: 'courts',
      token: () => tokens.adviser,
      root: { field: 'trial', argument: 'id', key: trial.id },
      representation: { __typename: 'Trial', id: trial.id },
      selection: TRIAL_SELECTION,
      expectRefused: 'some',
    },
    {
      label: 'SSOIU of another province than the entry’s, no purpose: no identity, no address',
      subgraph: 'offenders',
      token: () => tokens.ssoiuNotOfOffender,
      root: { field: 'offender', argument: 'id', key: offender.id },
      representation: { __typename: 'Offender', id: offender.id },
      selection: OFFENDER_SELECTION,
      expectRefused: 'some',
    },
    {
      label: 'NADRA: cnic, fullName and dateOfBirth only',
      subgraph: 'offenders',
      token: () => tokens.nadra,
      root: { field: 'offender', argument: 'id', key: offender.id },
      representation: { __typename: 'Offender', id: offender.id },
      selection: OFFENDER_SELECTION.replace('id registerNumber', 'registerNumber'),
      expectRefused: 'some',
    },
    ...(['arccOwn', 'arccOther', 'committee', 'npb', 'public'] as const).map(
      (who): Comparison => ({
        label: `CrisisCell.capacity and staffOnDuty for ${who}`,
        subgraph: 'crisis-cells',
        token: () => (who === 'public' ? undefined : tokens[who]),
        root: { field: 'crisisCell', argument: 'id', key: myCell },
        representation: { __typename: 'CrisisCell', id: myCell },
        selection: CELL_SELECTION,
        expectRefused: who === 'arccOwn' ? 'none' : 'some',
      }),
    ),
  ];

  for (const comparison of comparisons) {
    it(comparison.label, async () => {
      const { subgraph, root, selection } = comparison;
      const token = comparison.token();
      // NADRA may not call offender(id): compare with offenderByCnic, which it may.
      const rootField: Comparison['root'] =
        subgraph === 'offenders' && token === tokens.nadra ? { field: 'offenderByCnic', argument: 'cnic', key: offender.cnic } : root;
      const viaRoot = await ask(subgraph, rootQuery(rootField.field, rootField.argument, selection), token, { key: rootField.key });
      const viaEntities = await ask(subgraph, entitiesQuery(comparison.representation.__typename as string, selection), token, {
        representations: [comparison.representation],
      });
      expect(viaRoot.status).toBe(200);
      expect(viaEntities.status).toBe(200);

      const rootValue = viaRoot.data[rootField.field];
      const entityValue = viaEntities.data._entities[0];
      const refusedAtRoot = refusedFields(viaRoot.errors, root.field);
      const refusedAsEntity = refusedFields(viaEntities.errors, '_entities');
      if (comparison.expectRefused === 'out of reach') {
        // A lookup never tells whether a row out of reach exists; _entities, the gateway's, refuses it field by field.
        const missing = await ask(subgraph, rootQuery(rootField.field, rootField.argument, selection), token, { key: randomUUID() });
        expect(viaRoot).toEqual(missing);
        expect(viaRoot).toEqual({ status: 200, data: { [rootField.field]: null } });
        expect(valuesIn(entityValue)).toBe(0);
        expect(refusedAsEntity.length).toBe(selection.match(/^\s*\w+/gm)!.length);
        return;
      }
      expect(refusedAsEntity).toEqual(refusedAtRoot);
      expect(entityValue).toEqual(rootValue);

      // The premise, so that equal answers are not two empty ones.
      if (comparison.expectRefused === 'none') expect(refusedAtRoot).toEqual([]);
      if (comparison.expectRefused !== 'none') expect(refusedAtRoot.length).toBeGreaterThan(0);
      if (comparison.expectRefused === 'all') {
        expect(valuesIn(rootValue)).toBe(0);
        expect(refusedAtRoot.length).toBe(selection.match(/^\s*\w+/gm)!.length);
      } else {
        expect(valuesIn(rootValue)).toBeGreaterThan(0);
      }
    });
  }

  it('ARCC outside its cell, asking for non-null fields too: case null as for no case, _entities [null] refused, nothing of the case in either', async () => {
    const viaRoot = await ask('cases', rootQuery('case', 'id', CASE_SELECTION), tokens.arccOther, { key: ownCase.id });
    const viaEntities = await ask('cases', entitiesQuery('Case', CASE_SELECTION), tokens.arccOther, {
      representations: [{ __typename: 'Case', id: ownCase.id }],
    });
    expect(viaRoot).toEqual(await ask('cases', rootQuery('case', 'id', CASE_SELECTION), tokens.arccOther, { key: randomUUID() }));
    expect(viaRoot).toEqual({ status: 200, data: { case: null } });
    expect(viaEntities.data).toEqual({ _entities: [null] });
    // Every nullable field refused; of the non-null ones, GraphQL reports whichever
    // failed first (it takes the object down), so only that one is there at all is checked.
    const nonNull = ['id', 'reference', 'status', 'province', 'district'];
    const refusedAsEntity = refusedFields(viaEntities.errors, '_entities');
    expect(refusedAsEntity.filter((field) => !nonNull.includes(field))).toEqual([
      'counsellingSessions',
      'crisisCell',
      'evidence',
      'fir',
      'investigation',
      'medicoLegalExam',
      'survivor',
      'suspects',
    ]);
    expect(refusedAsEntity.some((field) => nonNull.includes(field))).toBe(true);
    expect(viaEntities.errors!.every((error) => error.extensions?.code === UNAUTHORIZED)).toBe(true);
    for (const response of [viaRoot, viaEntities]) {
      for (const secret of [ownCase.reference, ownCase.survivor.fullName, ownCase.survivor.pseudonym, ownCase.fir!.number])
        expect(textOf(response)).not.toContain(secret);
    }
  });

  it('NADRA, which may not look an entry up by id (Query.offender), reads through _entities by id no more than offenderByCnic gives it', async () => {
    const selection = 'id cnic fullName dateOfBirth aliases registerNumber';
    const byId = await ask('offenders', entitiesQuery('Offender', selection), tokens.nadra, {
      representations: [{ __typename: 'Offender', id: offender.id }],
    });
    const byCnic = await ask('offenders', rootQuery('offenderByCnic', 'cnic', selection), tokens.nadra, { key: offender.cnic });
    expect(byId.data._entities[0]).toEqual(byCnic.data.offenderByCnic);
    expect(refusedFields(byId.errors, '_entities')).toEqual(refusedFields(byCnic.errors, 'offenderByCnic'));
    expect(refusedFields(byId.errors, '_entities')).toEqual(['aliases', 'registerNumber']);
    const root = await ask('offenders', rootQuery('offender', 'id', selection), tokens.nadra, { key: offender.id });
    expect(root.data).toEqual({ offender: null });
    expect(root.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['offender'], UNAUTHORIZED]]);
  });

  it('the specific refusals: what ARCC inside its cell is refused, and what NADRA is', async () => {
    const arcc = await ask('cases', entitiesQuery('Case', CASE_SELECTION), tokens.arccOwn, {
      representations: [{ __typename: 'Case', id: ownCase.id }],
    });
    expect(refusedFields(arcc.errors, '_entities')).toEqual(['investigation', 'suspects']);
    expect(arcc.data._entities[0].survivor.fullName).toBe(ownCase.survivor.fullName);
    expect(arcc.data._entities[0].counsellingSessions.map((s: { id: string }) => s.id).sort()).toEqual(
      ownCase.counsellingSessions.map((s) => s.id).sort(),
    );

    const nadra = await ask('offenders', entitiesQuery('Offender', OFFENDER_SELECTION), tokens.nadra, {
      representations: [{ __typename: 'Offender', cnic: offender.cnic }],
    });
    expect(refusedFields(nadra.errors, '_entities')).toEqual(
      ['aliases', 'compliance', 'currentAddress', 'notifications', 'province', 'registerNumber', 'riskTier'].sort(),
    );
    expect(nadra.data._entities[0]).toMatchObject({
      id: offender.id,
      cnic: offender.cnic,
      fullName: offender.fullName,
      dateOfBirth: offender.dateOfBirth,
    });
  });
});

describe('(d) row rules read the stored row, never the representation', () => {
  it('cases: a Case representation claiming my cell and province for another cell’s case is refused, and nothing of that case leaks', async () => {
    const lie = { __typename: 'Case', id: otherCellCase.id, crisisCellId: myCell, province: ownCase.province, district: ownCase.district };
    const lying = await ask('cases', entitiesQuery('Case', CASE_SELECTION), tokens.arccOwn, { representations: [lie] });
    expect(lying.data?._entities ?? [null]).toEqual([null]);
    expect(lying.errors!.length).toBeGreaterThan(0);
    for (const secret of [
      otherCellCase.reference,
      otherCellCase.survivor.fullName,
      otherCellCase.survivor.pseudonym,
      otherCellCase.fir!.number,
    ]) {
      expect(textOf(lying)).not.toContain(secret);
    }
    const nullable = await ask('cases', entitiesQuery('Case', CASE_NULLABLE_SELECTION), tokens.arccOwn, { representations: [lie] });
    expect(valuesIn(nullable.data?._entities)).toBe(0);
    expect(refusedFields(nullable.errors, '_entities').length).toBeGreaterThan(0);

    // The same lie told about my own cell's case, for contrast: what I may read arrives.
    const honest = await ask('cases', entitiesQuery('Case', 'id reference survivor { fullName }'), tokens.arccOwn, {
      representations: [{ ...lie, id: ownCase.id }],
    });
    expect(honest.errors).toBeUndefined();
    expect(honest.data._entities).toEqual([
      { id: ownCase.id, reference: ownCase.reference, survivor: { fullName: ownCase.survivor.fullName } },
    ]);
  });

  it('offenders: an Offender representation claiming the officer’s province does not open the address of an entry of another province', async () => {
    const selection = 'id registerNumber currentAddress { line1 city } notifications { id details } compliance { status }';
    const lie = { __typename: 'Offender', cnic: offender.cnic, province: notOffendersProvince, addressProvince: notOffendersProvince };
    const lying = await ask('offenders', entitiesQuery('Offender', selection), tokens.ssoiuNotOfOffender, { representations: [lie] });
    expect(lying.data._entities).toEqual([
      { id: offender.id, registerNumber: offender.registerNumber, currentAddress: null, notifications: null, compliance: null },
    ]);
    expect(refusedFields(lying.errors, '_entities')).toEqual(['compliance', 'currentAddress', 'notifications']);
    expect(textOf(lying)).not.toContain(offender.currentAddress.line1);

    // The same officer reads the address of an entry that does live in their province.
    const honest = await ask('offenders', entitiesQuery('Offender', selection), tokens.ssoiuNotOfOffender, {
      representations: [{ __typename: 'Offender', cnic: offenderThere.cnic }],
    });
    expect(honest.errors).toBeUndefined();
    expect(honest.data._entities[0].currentAddress).toEqual({
      line1: offenderThere.currentAddress.line1,
      city: offenderThere.currentAddress.city,
    });
  });

  it('courts: a Trial or Case representation claiming the officer’s province for another province’s trial is refused', async () => {
    const elsewhere = triedElsewhere.trial!;
    const trials = await ask('courts', entitiesQuery('Trial', TRIAL_SELECTION), tokens.ssoiuOfTrial, {
      representations: [{ __typename: 'Trial', id: elsewhere.id, province: trial.province, caseId: tried.id }],
    });
    expect(trials.data?._entities ?? [null]).toEqual([null]);
    expect(textOf(trials)).not.toContain(elsewhere.caseNumber);

    const cases = await ask('courts', entitiesQuery('Case', 'id trial { id caseNumber status }'), tokens.ssoiuOfTrial, {
      representations: [{ __typename: 'Case', id: triedElsewhere.id, province: trial.province }],
    });
    // The case's row here is its trial, as stored: another province's, so even the id the caller sent is refused.
    expect(cases.data._entities).toEqual([null]);
    expect(refusedFields(cases.errors, '_entities')).toContain('id');
    expect(textOf(cases)).not.toContain(elsewhere.caseNumber);

    // Another prosecutor naming themselves in the representation is not assigned by it.
    const prosecutor = await ask('courts', entitiesQuery('Trial', 'id caseNumber'), tokens.otherProsecutor, {
      representations: [
        {
          __typename: 'Trial',
          id: trial.id,
          prosecutorId: triedElsewhere.trial!.prosecutorId,
          prosecutor: { id: triedElsewhere.trial!.prosecutorId },
        },
      ],
    });
    expect(prosecutor.data?._entities ?? [null]).toEqual([null]);
    expect(textOf(prosecutor)).not.toContain(trial.caseNumber);
  });

  it('crisis-cells: a CrisisCell representation of another cell does not open its capacity, whatever it claims', async () => {
    const lying = await ask('crisis-cells', entitiesQuery('CrisisCell', 'id capacity staffOnDuty { id }'), tokens.arccOwn, {
      representations: [{ __typename: 'CrisisCell', id: otherCell, cellId: myCell, capacity: 1 }],
    });
    expect(lying.data._entities).toEqual([{ id: otherCell, capacity: null, staffOnDuty: null }]);
    expect(refusedFields(lying.errors, '_entities')).toEqual(['capacity', 'staffOnDuty']);
  });
});

describe('(e) a subgraph reached directly', () => {
  it('without a token answers the crisis-cell directory, and nothing of cases, trials or the register', async () => {
    const directory = await ask(
      'crisis-cells',
      `query($id: ID!) { crisisCells(first: 3) { totalCount edges { node { id name } } } crisisCell(id: $id) { id name capacity } }`,
      undefined,
      {
        id: myCell,
      },
    );
    expect(directory.data.crisisCells.totalCount).toBeGreaterThan(0);
    expect(directory.data.crisisCells.edges).toHaveLength(3);
    expect(directory.data.crisisCell).toEqual({ id: myCell, name: expect.any(String), capacity: null });
    expect(refusedFields(directory.errors, 'crisisCell')).toEqual(['capacity']);

    const refusedEverywhere: [(typeof SUBGRAPHS)[number], string, Record<string, unknown>, string[]][] = [
      [
        'cases',
        `query($id: ID!, $ref: String!) { case(id: $id) { id } caseByReference(reference: $ref) { id } cases(first: 5) { totalCount } }`,
        { id: ownCase.id, ref: ownCase.reference },
        ['case', 'caseByReference', 'cases'],
      ],
      ['courts', `query($id: ID!) { trial(id: $id) { id } trials(first: 5) { totalCount } }`, { id: trial.id }, ['trial', 'trials']],
      [
        'offenders',
        `query($id: ID!, $cnic: String!) { offender(id: $id) { id } offenderByCnic(cnic: $cnic) { id } searchRegister(first: 5) { totalCount } }`,
        { id: offender.id, cnic: offender.cnic },
        ['offender', 'offenderByCnic', 'searchRegister'],
      ],
    ];
    for (const [subgraph, query, variables, fields] of refusedEverywhere) {
      const { status, data, errors } = await ask(subgraph, query, undefined, variables);
      expect(status, subgraph).toBe(200);
      expect(data, subgraph).toEqual(Object.fromEntries(fields.map((field) => [field, null])));
      expect(errors!.map((error) => [error.path!.join('.'), error.extensions?.code]).sort(), subgraph).toEqual(
        fields.map((field) => [field, UNAUTHORIZED]).sort(),
      );
    }

    // Nor through _entities.
    const entities: [(typeof SUBGRAPHS)[number], string, Record<string, unknown>, string][] = [
      ['cases', 'Case', { __typename: 'Case', id: ownCase.id }, 'id reference survivor { fullName }'],
      ['courts', 'Trial', { __typename: 'Trial', id: trial.id }, 'id caseNumber'],
      ['courts', 'Case', { __typename: 'Case', id: tried.id }, 'trial { caseNumber }'],
      ['offenders', 'Offender', { __typename: 'Offender', cnic: offender.cnic }, 'id fullName cnic currentAddress { line1 }'],
    ];
    for (const [subgraph, typename, representation, selection] of entities) {
      const response = await ask(subgraph, entitiesQuery(typename, selection), undefined, { representations: [representation] });
      expect(valuesIn(response.data?._entities), `${subgraph} ${typename}`).toBe(0);
      expect(response.errors!.length, `${subgraph} ${typename}`).toBeGreaterThan(0);
      expect(
        response.errors!.every((error) => error.extensions?.code === UNAUTHORIZED),
        `${subgraph} ${typename}`,
      ).toBe(true);
    }
  });

  /** One representative query per agency: what the subgraph answers directly is no more than the gateway answers. */
  const representative: { who: string; subgraph: (typeof SUBGRAPHS)[number]; query: string; variables: () => Record<string, unknown> }[] = [
    {
      who: 'arccOwn',
      subgraph: 'cases',
      query: `query($id: ID!) { case(id: $id) { ${CASE_SELECTION} } }`,
      variables: () => ({ id: ownCase.id }),
    },
    {
      who: 'arccOther',
      subgraph: 'cases',
      query: `query($id: ID!) { case(id: $id) { ${CASE_NULLABLE_SELECTION} } }`,
      variables: () => ({ id: ownCase.id }),
    },
    {
      who: 'arccNoCell',
      subgraph: 'cases',
      query: `{ cases(first: 5) { totalCount edges { node { id reference } } } }`,
      variables: () => ({}),
    },
    {
      who: 'ssoiuOfCase',
      subgraph: 'cases',
      query: `query($id: ID!) { case(id: $id) { ${CASE_SELECTION} } }`,
      variables: () => ({ id: ownCase.id }),
    },
    {
      who: 'ssoiuElsewhere',
      subgraph: 'courts',
      query: `query($id: ID!) { trial(id: $id) { ${TRIAL_SELECTION} } }`,
      variables: () => ({ id: trial.id }),
    },
    {
      who: 'ssoiuNotOfOffender',
      subgraph: 'offenders',
      query: `query($cnic: String!) { offenderByCnic(cnic: $cnic) { ${OFFENDER_SELECTION} } }`,
      variables: () => ({ cnic: offender.cnic }),
    },
    {
      who: 'prosecutor',
      subgraph: 'cases',
      query: `query($id: ID!) { case(id: $id) { ${CASE_SELECTION} } }`,
      variables: () => ({ id: tried.id }),
    },
    {
      who: 'prosecutor',
      subgraph: 'courts',
      query: `query($id: ID!) { trial(id: $id) { ${TRIAL_SELECTION} } }`,
      variables: () => ({ id: trial.id }),
    },
    {
      who: 'court',
      subgraph: 'courts',
      query: `query($id: ID!) { trial(id: $id) { ${TRIAL_SELECTION} } }`,
      variables: () => ({ id: trial.id }),
    },
    {
      who: 'adviser',
      subgraph: 'courts',
      query: `query($id: ID!) { trial(id: $id) { ${TRIAL_SELECTION} } }`,
      variables: () => ({ id: trial.id }),
    },
    {
      who: 'npb',
      subgraph: 'offenders',
      query: `query($id: ID!) { offender(id: $id) { ${OFFENDER_SELECTION} } }`,
      variables: () => ({ id: offender.id }),
    },
    {
      who: 'nadra',
      subgraph: 'offenders',
      query: `query($cnic: String!) { offenderByCnic(cnic: $cnic) { ${OFFENDER_SELECTION} } }`,
      variables: () => ({ cnic: offender.cnic }),
    },
    {
      who: 'committee',
      subgraph: 'crisis-cells',
      query: `{ crisisCells(first: 5) { edges { node { ${CELL_SELECTION} } } } }`,
      variables: () => ({}),
    },
    {
      who: 'auditor',
      subgraph: 'cases',
      query: `query($id: ID!) { case(id: $id) { id reference } }`,
      variables: () => ({ id: ownCase.id }),
    },
    {
      who: 'public',
      subgraph: 'crisis-cells',
      query: `query($id: ID!) { crisisCell(id: $id) { ${CELL_SELECTION} } }`,
      variables: () => ({ id: myCell }),
    },
  ];
  for (const { who, subgraph, query, variables } of representative) {
    it(`with a token (${who}, ${subgraph}) never answers more than the gateway does for the same query`, async () => {
      const token = who === 'public' ? undefined : tokens[who];
      const direct = await graphql(urls[subgraph], query, { token, variables: variables() });
      const throughGateway = await graphql(gatewayUrl, query, { token, variables: variables() });
      expect(direct.status).toBe(200);
      expect(throughGateway.status).toBe(200);
      expect(beyond(direct.data, throughGateway.data)).toEqual([]);
      // Not two empty answers, where the caller may read something.
      if (!['arccOther', 'ssoiuElsewhere', 'auditor'].includes(who)) expect(valuesIn(direct.data)).toBeGreaterThan(0);
      // Refused directly wherever the gateway refused (or took the field out), below a row the subgraph answered at all:
      // a lookup of a row out of reach answers null, as for no row, and the fields under it are never reached.
      const refusedDirect = new Set((direct.errors ?? []).map((error) => error.path!.filter((step) => typeof step === 'string').join('.')));
      const hidden = (root: string | number) => direct.data?.[root] === null && !refusedDirect.has(String(root));
      for (const error of (throughGateway.errors ?? []).filter((e) => !hidden(e.path![0]!))) {
        expect(error.extensions?.code).toBe(UNAUTHORIZED);
        expect(
          refusedDirect.has(error.path!.filter((step) => typeof step === 'string' && step !== '@').join('.')),
          JSON.stringify(error.path),
        ).toBe(true);
      }
    });
  }

  it('the comparison above can tell: a wider answer is caught', () => {
    expect(beyond({ a: { b: 'x', c: null } }, { a: { b: 'x', c: null } })).toEqual([]);
    expect(beyond({ a: { b: 'x', c: 'secret' } }, { a: { b: 'x', c: null } })).toEqual(['a.c']);
    expect(beyond({ a: [{ b: 1 }, { b: 2 }] }, { a: [{ b: 1 }, { b: null }] })).toEqual(['a[1].b']);
    expect(beyond({ a: { b: 1 } }, { a: null })).toEqual(['a']);
  });
});

describe('(f) lists return only the rows the caller may see, and count only those', () => {
  const CASES_LIST = `query($filter: CaseFilter) { cases(first: 500, filter: $filter) { totalCount edges { node { id crisisCell { id } province } } } }`;

  it('ARCC: cases of its own cell only, totalCount included', async () => {
    const mine = casesOfCell.get(myCell)!;
    expect(mine.length).toBeLessThanOrEqual(500);
    expect(mine.length).toBeLessThan(world.length);
    const { data, errors } = await ask('cases', CASES_LIST, tokens.arccOwn);
    expect(errors).toBeUndefined();
    expect(data.cases.totalCount).toBe(mine.length);
    expect(data.cases.edges.map(({ node }: any) => node.id).sort()).toEqual(mine.map((facts) => facts.id).sort());
    expect(data.cases.edges.every(({ node }: any) => node.crisisCell?.id === myCell)).toBe(true);
  });

  it('ARCC: filtering by another cell answers nothing, and counts nothing', async () => {
    const { data, errors } = await ask('cases', CASES_LIST, tokens.arccOwn, { filter: { crisisCellId: otherCell } });
    expect(errors).toBeUndefined();
    expect(data.cases).toEqual({ totalCount: 0, edges: [] });
    // While that cell's own staff see its cases.
    const theirs = await ask('cases', CASES_LIST, tokens.arccOther, { filter: { crisisCellId: otherCell } });
    expect(theirs.data.cases.totalCount).toBe(casesOfCell.get(otherCell)!.length);
  });

  it('ARCC staff whose token names no cell see no case at all', async () => {
    const { data, errors } = await ask('cases', CASES_LIST, tokens.arccNoCell);
    expect(errors).toBeUndefined();
    expect(data.cases).toEqual({ totalCount: 0, edges: [] });
  });

  it('SSOIU: the cases of its province, counted as such', async () => {
    const inProvince = world.filter((facts) => facts.province === ownCase.province);
    const { data, errors } = await ask('cases', `{ cases(first: 5) { totalCount edges { node { province } } } }`, tokens.ssoiuOfCase);
    expect(errors).toBeUndefined();
    expect(inProvince.length).toBeLessThan(world.length);
    expect(data.cases.totalCount).toBe(inProvince.length);
    expect(data.cases.edges.every(({ node }: any) => node.province === ownCase.province)).toBe(true);
  });

  it('PROSECUTION: the trials it prosecutes, counted as such', async () => {
    const mine = world.filter((facts) => facts.trial?.prosecutorId === trial.prosecutorId);
    const { data, errors } = await ask('courts', `{ trials(first: 500) { totalCount edges { node { id } } } }`, tokens.prosecutor);
    expect(errors).toBeUndefined();
    expect(data.trials.totalCount).toBe(mine.length);
    expect(data.trials.edges.map(({ node }: any) => node.id).sort()).toEqual(mine.map((facts) => facts.trial!.id).sort());
  });
});

describe('(g) enforcement adds no SQL statements', () => {
  // The fair comparison: the same cases subgraph code and data, without the policy
  // (the part can be left out for measuring what enforcement costs) and with it (the
  // shared stack's). ARCC staff of the case's cell, asking only for what they may read.
  let unenforced: SubgraphUnderTest;
  beforeAll(async () => {
    unenforced = await startSubgraphForTest('cases', { parts: defaultSubgraphParts({ leaveOut: ['enforcement'] }) });
  });
  afterAll(async () => {
    await unenforced?.stop();
  });

  const READABLE_BY_ARCC = /* GraphQL */ `
    id reference status province
    crisisCell { id }
    survivor { pseudonym ageAtIncident fullName cnic contactPhone }
    medicoLegalExam { examinerName }
    evidence { id custody { toHolder } }
    counsellingSessions { id }
    fir { number }
  `;
  const queries = {
    'one case': { query: `query($id: ID!) { case(id: $id) { ${READABLE_BY_ARCC} } }`, variables: { id: ownCase.id } },
    // Filtered to the cell, so that without the policy the list holds the same rows.
    'the cell’s cases': {
      query: `query($cell: ID!) { cases(first: 50, filter: { crisisCellId: $cell }) { totalCount edges { node { ${READABLE_BY_ARCC} } } } }`,
      variables: { cell: myCell },
    },
  };

  for (const [label, { query, variables }] of Object.entries(queries)) {
    it(`${label}: as many statements with the policy on as with it off`, async () => {
      const unenforcedCount = async () => {
        const before = unenforced.service.database.statementCount();
        const response = await graphql(unenforced.url, query, { token: tokens.arccOwn, variables });
        expect(response.errors).toBeUndefined();
        return { count: unenforced.service.database.statementCount() - before, data: response.data };
      };
      // The shared subgraph also serves other test files: only this request's statements are counted.
      const enforcedCount = async () => {
        let data: unknown;
        const { total } = await sqlStatementsDuring({ cases: urls.cases }, async (requestId) => {
          const response = await graphql(urls.cases, query, { token: tokens.arccOwn, variables, requestId });
          expect(response.errors).toBeUndefined();
          data = response.data;
        });
        return { count: total, data };
      };
      const off = await unenforcedCount();
      const on = await enforcedCount();
      // The same answer (so the same work was asked for), and it reads rows.
      expect(on.data).toEqual(off.data);
      expect(off.count).toBeGreaterThan(0);
      expect(on.count).toBe(off.count);
    });
  }
});
