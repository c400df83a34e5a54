import { describe, expect, inject, it } from 'vitest';
import { getNamedType, getNullableType, isListType, isNonNullType, isObjectType, type GraphQLField } from 'graphql';
import type { DevIdentity } from '#identity';
import { AGENCIES, type Agency, PROVINCES, pakistanDate } from '#reference-data';
import { CRISIS_CELLS, registerEntries, type CaseFacts, type OffenderFacts } from '#synthetic-world';
import type { SubgraphName } from '../subgraphs/index.ts';
import { EXPECTED_ACCESS, EXPECTED_ALL_MUTATIONS } from './fixtures/expected-access.ts';
import { anchorWorld, apiSchema, callerFor, fieldsOfType, graphShape, outsideRows, seededCases, selectionOf, tokenFor } from '#test-kit';

/**
 * No existence oracle (DESIGN section 4; issue 14, item 6): a row outside the
 * caller's reach answers exactly as a row that does not exist. For every root
 * field that finds a row by a key (derived from the schema: a new one fails
 * here until it says how its rows are found), and every agency, the whole
 * HTTP answer (status, content type, body, byte for byte) to a real row the
 * agency's row condition refuses is compared with the answer to a well-formed
 * key that names no row, through the gateway and straight at the subgraph
 * that serves the field. For every mutation, the same with the row it names.
 * The real row is shown to be there by asking as someone who may read it.
 */

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls') as Record<SubgraphName, string>;
type Target = 'gateway' | SubgraphName;
const urlOf = (target: Target) => (target === 'gateway' ? gatewayUrl : subgraphUrls[target]);

const schema = apiSchema();
const shape = graphShape();
const world = anchorWorld();
const outside = outsideRows();

/** A UUID no row of the world has (the seed's ids are v5, from names). */
const NOBODY = '00000000-0000-4000-8000-00000000dead';

// ---------------------------------------------------------------------------------------------
// Rows and who may reach them

/** A row as the row conditions read it, with who is assigned to it per agency. */
interface Row {
  cellId?: string | null;
  province?: string;
  assignees: Partial<Record<Agency, string | null>>;
}

const caseRow = (facts: CaseFacts): Row => ({
  cellId: facts.crisisCellId,
  province: facts.province,
  assignees: {
    SSOIU: facts.investigation?.investigatingOfficerId ?? null,
    PROSECUTION: facts.trial?.prosecutorId ?? null,
    COURT: facts.trial?.courtId ?? null,
    SUPPORT_ADVISER: facts.supportAdviserId,
  },
});
const trialRow = (facts: CaseFacts): Row => ({
  province: facts.trial!.province,
  assignees: { PROSECUTION: facts.trial!.prosecutorId, COURT: facts.trial!.courtId, SUPPORT_ADVISER: facts.supportAdviserId },
});
const offenderRow = (entry: OffenderFacts): Row => ({ province: entry.province, assignees: {} });

/** The id a token names for an assignment: the court for a court, the person otherwise. */
const assigneeOf = (identity: DevIdentity) => (identity.agency === 'COURT' ? identity.courtId : identity.sub);

/** Whether an identity meets a matrix entry's row condition ("own cell", "same province", "assigned", "yes") on a row. */
function meets(condition: string, identity: DevIdentity, row: Row): boolean {
  if (condition.startsWith('own cell')) return Boolean(identity.cellId) && row.cellId === identity.cellId;
  if (condition.startsWith('same province')) return Boolean(identity.province) && row.province === identity.province;
  if (condition.startsWith('assigned')) return Boolean(assigneeOf(identity)) && row.assignees[identity.agency] === assigneeOf(identity);
  return condition.startsWith('yes');
}

/** Someone of the agency who meets the condition on the row: the row's own. */
function insiderOf(agency: DevIdentity['agency'], row: Row): DevIdentity {
  const assignee = row.assignees[agency] ?? NOBODY;
  return {
    agency,
    sub: agency === 'COURT' ? 'oracle-insider' : assignee,
    ...(row.cellId ? { cellId: row.cellId } : {}),
    ...(row.province ? { province: row.province as DevIdentity['province'] } : {}),
    ...(agency === 'COURT' ? { courtId: assignee } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The lookups

interface Lookup {
  /** The rows it can find, each with its key. */
  rows: () => { key: string; row: Row }[];
  /** A well-formed key that names no row. */
  missing: string;
  /** The field of the found type whose matrix entry says who may reach a row (its `id`, sharing the type's rule). */
  reach: string;
}

const cases = seededCases();
const tried = cases.filter((facts) => facts.trial);
const register = [...registerEntries(1)];

const LOOKUPS: Record<string, Lookup> = {
  case: { rows: () => cases.map((c) => ({ key: c.id, row: caseRow(c) })), missing: NOBODY, reach: 'Case.id' },
  caseByReference: {
    rows: () => cases.map((c) => ({ key: c.reference, row: caseRow(c) })),
    missing: 'ARCC-XXX1-1999-999999',
    reach: 'Case.id',
  },
  caseByFirNumber: {
    rows: () => cases.flatMap((c) => (c.fir ? [{ key: c.fir.number, row: caseRow(c) }] : [])),
    missing: 'FIR-9999/1999-PS Nowhere',
    reach: 'Case.id',
  },
  // Whether the caller is assigned to the case: a case they are not assigned to answers as one that does not exist (false).
  assignedToCase: {
    rows: () => cases.map((c) => ({ key: c.reference, row: caseRow(c) })),
    missing: 'ARCC-XXX1-1999-999999',
    reach: 'assigned',
  },
  trial: { rows: () => tried.map((c) => ({ key: c.trial!.id, row: trialRow(c) })), missing: NOBODY, reach: 'Trial.id' },
  trialByCaseNumber: {
    rows: () => tried.map((c) => ({ key: c.trial!.caseNumber, row: trialRow(c) })),
    missing: 'SC-XXX-1999-9999',
    reach: 'Trial.id',
  },
  conviction: {
    rows: () => tried.flatMap((c) => (c.trial!.verdict?.convictions ?? []).map((v) => ({ key: v.id, row: trialRow(c) }))),
    missing: NOBODY,
    reach: 'Conviction.id',
  },
  crisisCell: {
    rows: () => CRISIS_CELLS.map((cell) => ({ key: cell.id, row: { cellId: cell.id, province: cell.province, assignees: {} } })),
    missing: NOBODY,
    reach: 'CrisisCell.id',
  },
  offender: { rows: () => register.map((e) => ({ key: e.id, row: offenderRow(e) })), missing: NOBODY, reach: 'Offender.id' },
  offenderByCnic: {
    rows: () => register.map((e) => ({ key: e.cnic, row: offenderRow(e) })),
    missing: '99999-9999999-9',
    reach: 'Offender.id',
  },
  offenderByRegisterNumber: {
    rows: () => register.map((e) => ({ key: e.registerNumber, row: offenderRow(e) })),
    missing: 'NSOR-PB-1999-999999',
    reach: 'Offender.id',
  },
  registerEntryHistory: {
    rows: () => register.map((e) => ({ key: e.id, row: offenderRow(e) })),
    missing: NOBODY,
    reach: 'RegisterEntryConviction.convictionId',
  },
};

/** Root fields with a required argument that find no row by it, and why. */
const NOT_LOOKUPS: Record<string, string> = {
  committeeDashboard: 'its period names a span of time, and its figures are counts, never a row',
};

/** Root fields that take a required argument: each is a lookup or says why not. */
const keyed = Object.values(schema.getQueryType()!.getFields()).filter((field) => field.args.some((arg) => isNonNullType(arg.type)));

const subgraphOf = (field: string) => shape.fields.get(`Query.${field}`)!.subgraphs[0]!;

/** The lookup as a query of every field of what it finds (objects by their `__typename`), as much as the target serves. */
function lookupQuery(field: GraphQLField<unknown, unknown>, target: Target): string {
  const [argument] = field.args.filter((arg) => isNonNullType(arg.type));
  const returned = getNamedType(field.type);
  let selection = '';
  if (isObjectType(returned)) {
    const served = (name: string) => target === 'gateway' || shape.fields.get(`${returned.name}.${name}`)!.subgraphs.includes(target);
    selection = `{ ${selectionOf(shape, returned.name, fieldsOfType(shape, returned.name, { api: true }).filter(served))} }`;
  }
  return `query Lookup($key: ${argument!.type}) { ${field.name}(${argument!.name}: $key) ${selection} }`;
}

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

const tokens = new Map<string, Promise<string>>();
const tokenOf = (identity: DevIdentity) => {
  const key = JSON.stringify(identity);
  if (!tokens.has(key)) tokens.set(key, tokenFor(identity));
  return tokens.get(key)!;
};

/** The whole HTTP answer, as bytes (the request id is a header, not in the body). */
async function answer(target: Target, identity: DevIdentity | null, query: string, variables: Record<string, unknown>, headers = {}) {
  const response = await fetch(urlOf(target), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(identity ? { authorization: `Bearer ${await tokenOf(identity)}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() } satisfies Answer;
}

describe('every root lookup answers a row out of reach exactly as a row that does not exist', () => {
  it('knows how every root field with a required argument finds its rows, or why it finds none', () => {
    const named = new Set([...Object.keys(LOOKUPS), ...Object.keys(NOT_LOOKUPS)]);
    expect(keyed.map((field) => field.name).filter((name) => !named.has(name))).toEqual([]);
    expect([...named].filter((name) => !keyed.some((field) => field.name === name))).toEqual([]);
    for (const [name, lookup] of Object.entries(LOOKUPS)) {
      expect(lookup.rows().length, name).toBeGreaterThan(0);
      expect(
        lookup.rows().some(({ key }) => key === lookup.missing),
        `${name}: the missing key names a row`,
      ).toBe(false);
    }
  });

  const lookups = keyed.filter((field) => LOOKUPS[field.name]);
  const pairs: { field: GraphQLField<unknown, unknown>; agency: Agency }[] = lookups.flatMap((field) =>
    AGENCIES.map((agency) => ({ field, agency })),
  );
  /** What each pair was checked on, for the summary. */
  const checkedOn = new Map<string, string>();

  it.each(pairs.map((pair) => [pair.field.name, pair.agency, pair] as const))('%s as %s', async (name, agency, { field }) => {
    const lookup = LOOKUPS[name]!;
    const { identity, headers } = callerFor(agency);
    const mayCall = EXPECTED_ACCESS.get(`Query.${name}`)?.[agency] ?? '–';
    const condition = lookup.reach === 'assigned' ? 'assigned' : (EXPECTED_ACCESS.get(lookup.reach)?.[agency] ?? '–');
    const rows = lookup.rows();
    // The row: one the agency's row condition refuses the caller; or, where the agency may not call the lookup at all, any.
    const hidden =
      mayCall === '–'
        ? rows[0]
        : identity && condition !== 'yes'
          ? rows.find(({ row }) => !meets(condition, identity, row) && meets(condition, insiderOf(identity.agency, row), row))
          : undefined;
    if (!hidden) {
      // Every row is in reach (the crisis-cell directory, the register for those who keep it): nothing to hide.
      checkedOn.set(`${name} ${agency}`, 'every row in reach');
      const missing = await answer('gateway', identity, lookupQuery(field, 'gateway'), { key: lookup.missing }, headers);
      expectNothingFound(missing, name, defaultOf(field), 'gateway');
      return;
    }
    checkedOn.set(`${name} ${agency}`, mayCall === '–' ? 'refused by agency' : condition);
    if (mayCall !== '–' && identity) {
      // The row is there: someone who may reach it finds it.
      const insider = insiderOf(identity.agency, hidden.row);
      const found = JSON.parse((await answer('gateway', insider, lookupQuery(field, 'gateway'), { key: hidden.key })).body);
      expect(found.data?.[name], `${name} as ${agency} ${JSON.stringify(insider)}: the row is there`).toBeTruthy();
    }
    for (const target of ['gateway', subgraphOf(name)] as Target[]) {
      const query = lookupQuery(field, target);
      const [outOfReach, missing] = await Promise.all([
        answer(target, identity, query, { key: hidden.key }, headers),
        answer(target, identity, query, { key: lookup.missing }, headers),
      ]);
      expect(outOfReach, `${target}: ${query} (${hidden.key} vs ${lookup.missing})`).toEqual(missing);
      // The least it can say: null (false for a yes-or-no), and no error but the gateway's for the fields the agency may never
      // read, which it takes out before any subgraph is asked, whatever the key; or the agency's refusal of the lookup itself.
      if (mayCall !== '–') expectNothingFound(outOfReach, name, defaultOf(field), target);
      else expect(JSON.parse(outOfReach.body).errors?.length, `${target}: refused by agency`).toBeGreaterThan(0);
    }
  });

  it('checked every lookup for every agency', () => {
    expect(checkedOn.size).toBe(pairs.length);
    const hiddenPairs = [...checkedOn].filter(([, on]) => on !== 'every row in reach' && on !== 'refused by agency');
    console.info(
      `existence-oracle: ${pairs.length} (lookup, agency) pairs, ${hiddenPairs.length} with a row out of reach by a row condition: ${hiddenPairs.map(([pair, on]) => `${pair} (${on})`).join('; ')}`,
    );
    // The row conditions of cases and trials are exercised, not just agency refusals.
    expect(hiddenPairs.map(([pair]) => pair)).toEqual(expect.arrayContaining(['case COURT', 'trial SSOIU', 'caseByReference ARCC']));
  });
});

interface ErrorEntry {
  path?: (string | number)[];
  extensions?: { code?: string };
}
/** The gateway's answer for a field under the lookup that the agency may never read. */
const takenOut = (error: ErrorEntry, root: string) =>
  error.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE' && error.path?.[0] === root && error.path.length > 1;

/** A lookup that found nothing: its empty answer, and no error but the gateway's for fields taken out (whatever the key). */
function expectNothingFound(found: Answer, root: string, empty: unknown, target: Target) {
  const body = JSON.parse(found.body) as { data: Record<string, unknown> | null; errors?: ErrorEntry[] };
  expect(found.status, target).toBe(200);
  expect(body.data?.[root], `${target}: ${found.body}`).toEqual(empty);
  expect(
    (body.errors ?? []).filter((error) => !takenOut(error, root)),
    `${target}: ${found.body}`,
  ).toEqual([]);
}

/** What a lookup of nothing answers: null, an empty list, or false for whether the caller is assigned to a case. */
const defaultOf = (field: GraphQLField<unknown, unknown>) =>
  isListType(getNullableType(field.type)) ? [] : getNamedType(field.type).name === 'Boolean' ? false : null;

// ---------------------------------------------------------------------------------------------
// Mutations: the row a mutation names, out of reach, answers NOT_FOUND exactly as a row that does not exist.

const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inDays = (days: number) => pakistanDate(new Date(Date.now() + days * 86_400_000));
const suspect = world.case.suspects[0]!;

interface MutationTarget {
  /** The row the mutation names, as the row conditions read it. */
  row: Row;
  /** A valid input naming the row by this id (the input passes every check made before the row is read). */
  input: (id: string) => Record<string, unknown>;
}

const onCase = (input: (caseId: string) => Record<string, unknown>): MutationTarget => ({ row: caseRow(world.case), input });
const onTrial = (input: (trialId: string) => Record<string, unknown>): MutationTarget => ({ row: trialRow(world.case), input });
const onEntry = (input: (offenderId: string) => Record<string, unknown>): MutationTarget => ({ row: offenderRow(world.offender), input });

const MUTATIONS: Record<string, MutationTarget> = {
  recordMedicoLegalExam: onCase((caseId) => ({
    caseId,
    expectedVersion: 1,
    examinedAt: anHourAgo(),
    examinerName: 'Dr. Oracle',
    dnaSamplesTaken: true,
    findingsSummary: 'Synthetic findings.',
  })),
  registerFir: onCase((caseId) => ({
    caseId,
    expectedVersion: 1,
    number: 'FIR-0001/2026-PS Oracle',
    registeredAt: anHourAgo(),
    policeStation: 'PS Oracle',
  })),
  assignInvestigatingOfficer: onCase((caseId) => ({ caseId, expectedVersion: 1, officerId: NOBODY, officerName: 'Officer Oracle' })),
  addSuspect: onCase((caseId) => ({ caseId, expectedVersion: 1, name: 'Suspect Oracle', status: 'AT_LARGE' })),
  collectEvidence: onCase((caseId) => ({
    caseId,
    expectedVersion: 1,
    kind: 'DOCUMENT',
    description: 'A document.',
    collectedAt: anHourAgo(),
    sealNumber: 'SEAL-ORACLE-1',
    collectorName: 'Collector Oracle',
  })),
  transferEvidenceCustody: onCase((evidenceItemId) => ({
    evidenceItemId,
    expectedVersion: 1,
    fromHolder: 'Holder A',
    toHolder: 'Holder B',
    at: anHourAgo(),
    sealIntact: true,
  })),
  recordForensicReport: onCase((caseId) => ({
    caseId,
    expectedVersion: 1,
    reportedAt: anHourAgo(),
    laboratory: 'Laboratory Oracle',
    dnaResult: 'NOT_TESTED',
    findings: 'None.',
  })),
  updateSuspectStatus: onCase((caseId) => ({ caseId, expectedVersion: 1, suspectId: suspect.id, status: 'ON_BAIL' })),
  fileChargeSheet: onCase((caseId) => ({
    caseId,
    expectedVersion: 1,
    filedAt: anHourAgo(),
    accusedIds: [suspect.id],
    sections: ['PPC 376(1)'],
  })),
  closeCaseWithoutTrial: onCase((caseId) => ({ caseId, expectedVersion: 1, reason: 'UNTRACED', explanation: 'Untraced.' })),
  assignProsecutor: onCase((caseId) => ({ caseId, expectedVersion: 1, prosecutorId: NOBODY })),
  assignSupportAdviser: onCase((caseId) => ({ caseId, expectedVersion: 1, adviserId: NOBODY })),
  recordCounsellingSession: onCase((caseId) => ({
    caseId,
    expectedVersion: 1,
    heldAt: anHourAgo(),
    kind: 'PSYCHOLOGICAL',
    counsellorName: 'Counsellor Oracle',
    durationMinutes: 45,
  })),
  frameCharges: onTrial((trialId) => ({
    trialId,
    expectedVersion: 1,
    framedAt: anHourAgo(),
    accused: [{ suspectPosition: 0, accusedName: 'Accused Oracle', offenceSections: ['PPC 376(1)'] }],
  })),
  scheduleHearing: onTrial((trialId) => ({
    trialId,
    expectedVersion: 1,
    scheduledFor: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    purpose: 'Evidence',
    inCamera: true,
  })),
  recordHearing: onTrial((trialId) => ({ trialId, expectedVersion: 1, hearingId: world.trial.hearings[0]!.id, outcome: 'HELD' })),
  recordVerdict: onTrial((trialId) => ({
    trialId,
    expectedVersion: 1,
    decidedAt: anHourAgo(),
    findings: [{ suspectPosition: 0, finding: 'ACQUITTED' }],
  })),
  recordAppealOutcome: onTrial((convictionId) => ({
    convictionId,
    outcome: 'UPHELD',
    decidedAt: anHourAgo(),
    appellateReference: 'Crl. Appeal No. 9/2026',
  })),
  recordNotification: onEntry((offenderId) => ({
    offenderId,
    expectedVersion: 1,
    kind: 'DOMESTIC_TRAVEL',
    submittedAt: anHourAgo(),
    travel: { destination: 'Multan', departsOn: inDays(14), returnsOn: inDays(20), purpose: 'a family wedding' },
  })),
  verifyNotification: onEntry((notificationId) => ({ notificationId, expectedVersion: 1, verifiedAt: anHourAgo() })),
  recordVerification: onEntry((offenderId) => ({
    offenderId,
    expectedVersion: 1,
    verifiedAt: anHourAgo(),
    place: 'PS Oracle',
    officerName: 'Officer Oracle',
  })),
  markAbsconded: onEntry((offenderId) => ({ offenderId, expectedVersion: 1, abscondedAt: anHourAgo() })),
  markLocated: onEntry((offenderId) => ({ offenderId, expectedVersion: 1 })),
  correctRegisterEntry: onEntry((offenderId) => ({ offenderId, expectedVersion: 1, fullName: 'Name Oracle', reason: 'A typo.' })),
};

/** The id of the row each mutation names, in the anchor world. */
const NAMED_ROW: Record<string, string> = {
  transferEvidenceCustody: world.case.evidence[0]!.id,
  recordAppealOutcome: world.conviction.id,
  verifyNotification: world.offender.notifications[0]!.id,
};

/** Mutations that name no row: what they change is the caller's own, named by the token. */
const NAMES_NO_ROW: Record<string, string> = {
  openCase: "opens a case at the caller's own crisis cell, the token's: no input names a cell",
  recordCellVisit: "records a visit at the caller's own crisis cell, the token's: no input names a cell",
};

/** Someone of the agency, with the roles its matrix entry asks, who fails the entry's row condition on the row. */
function outsiderOf(agency: DevIdentity['agency'], entry: string, row: Row): DevIdentity {
  const roles = [...entry.matchAll(/role (\w+)/g)].map((match) => match[1]!);
  const otherProvince = PROVINCES.find((province) => province !== row.province)!;
  return {
    agency,
    sub: NOBODY,
    province: otherProvince,
    cellId: row.cellId === outside.otherCell.id ? world.cell.id : outside.otherCell.id,
    courtId: NOBODY,
    ...(roles.length > 0 ? { roles } : {}),
  };
}

function mutationQuery(name: string): string {
  const field = schema.getMutationType()!.getFields()[name]!;
  const payload = getNamedType(field.type);
  if (!isObjectType(payload)) throw new Error(`${name} returns no payload`);
  const selection = Object.values(payload.getFields())
    .map((f) =>
      f.name === 'userErrors'
        ? 'userErrors { field code message }'
        : isObjectType(getNamedType(f.type))
          ? `${f.name} { __typename }`
          : f.name,
    )
    .join(' ');
  return `mutation Oracle($input: ${field.args[0]!.type}) { ${name}(input: $input) { ${selection} } }`;
}

describe('every mutation answers a row out of reach exactly as a row that does not exist', () => {
  const mutations = Object.keys(schema.getMutationType()!.getFields());

  it('knows the row every mutation names, or why it names none', () => {
    expect(mutations.filter((name) => !MUTATIONS[name] && !NAMES_NO_ROW[name])).toEqual([]);
    expect([...Object.keys(MUTATIONS), ...Object.keys(NAMES_NO_ROW)].filter((name) => !mutations.includes(name))).toEqual([]);
    expect(mutations.filter((name) => !EXPECTED_ALL_MUTATIONS.has(name))).toEqual([]);
  });

  const calls = Object.keys(MUTATIONS).flatMap((name) =>
    AGENCIES.flatMap((agency) => {
      const entry = EXPECTED_ALL_MUTATIONS.get(name)?.[agency] ?? '–';
      // An agency that may not call it is refused before anything is read (gateway-policy and the write tests show it);
      // one that may touch every row ("yes") has none out of reach.
      return entry === '–' || entry === 'yes' || agency === 'PUBLIC' ? [] : [{ name, agency, entry }];
    }),
  );

  it.each(calls.map((call) => [call.name, call.agency, call.entry, call] as const))('%s as %s (%s)', async (name, agency, entry) => {
    const target = MUTATIONS[name]!;
    const rowId = NAMED_ROW[name] ?? defaultRowId(name);
    const outsider = outsiderOf(agency as DevIdentity['agency'], entry, target.row);
    expect(meets(entry, outsider, target.row), JSON.stringify(outsider)).toBe(false);
    const query = mutationQuery(name);
    const subgraph = shape.fields.get(`Mutation.${name}`)!.subgraphs[0]!;
    for (const at of ['gateway', subgraph] as Target[]) {
      const [outOfReach, missing] = await Promise.all([
        answer(at, outsider, query, { input: target.input(rowId) }),
        answer(at, outsider, query, { input: target.input(NOBODY) }),
      ]);
      expect(outOfReach, `${at}: ${name} on ${rowId}`).toEqual(missing);
      const payload = JSON.parse(outOfReach.body).data?.[name];
      expect(
        payload?.userErrors?.map((e: { code: string }) => e.code),
        `${at}: ${outOfReach.body}`,
      ).toEqual(['NOT_FOUND']);
    }
  });
});

/** The anchor row a mutation names by its input's id: the case, the trial or the register entry. */
function defaultRowId(name: string): string {
  const target = MUTATIONS[name]!;
  if (target.row.cellId !== undefined) return world.case.id;
  if ('COURT' in target.row.assignees) return world.trial.id;
  return world.offender.id;
}
