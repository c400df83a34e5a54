import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER } from '#identity';
import { AGENCIES, type Agency, DISTRICTS, pakistanDate, type Province } from '#reference-data';
import { type OffenderFacts, registerEntries } from '#synthetic-world';
import {
  callerFor,
  copyOfWorld,
  type DatabaseCopy,
  type GraphQLResponse,
  graphql,
  type RunningStack,
  type SubgraphUnderTest,
  sqlStatementsDuring,
  startStack,
  startSubgraphForTest,
  tokenFor,
} from '#test-kit';
import { complianceRecord, DEFAULT_COMPLIANCE_SETTINGS, plusDays, plusMonths } from '../subgraphs/offenders/src/compliance/index.ts';
import { createOffendersService } from '../subgraphs/offenders/src/server.ts';
import { EXPECTED_REGISTER_MUTATIONS } from './fixtures/expected-access.ts';

/**
 * The register's write path (DESIGN section 7) end to end, through the
 * gateway over HTTP and straight at the offenders subgraph, on a stack of its
 * own: notifications recorded and verified, in-person verifications,
 * absconding and locating, the Bureau's identity corrections; done, refused
 * by agency, refused by row (another province's entry answers as a missing
 * one), invalid, out of step, stale, retried under an Idempotency-Key; the
 * compliance the rules judge after each; each call on the register's audit
 * trail, identity written recorded as such; a constant number of SQL
 * statements per mutation.
 */

const PROVINCE: Province = 'PUNJAB';
const OTHER_PROVINCE: Province = 'SINDH';
const WORLD: OffenderFacts[] = [...registerEntries(1)];

/** Entries whose registration runs for years, in the community, compliant as seeded: each test takes its own. */
const inCommunity = (province: Province) =>
  WORLD.filter(
    (e) =>
      e.province === province &&
      e.registrationEndsAt > '2030-01-01' &&
      !e.abscondedAt &&
      e.compliance.status === 'COMPLIANT' &&
      !e.currentAddress.line1.startsWith('District Jail'),
  );
const POOL = inCommunity(PROVINCE);
let taken = 0;
const freshEntry = (): OffenderFacts => {
  const entry = POOL[taken++];
  if (!entry) throw new Error('the seeded world has too few compliant entries in the province for these tests');
  return entry;
};
const ENDED = WORLD.find((e) => e.registrationEndsAt < pakistanDate(new Date()) && !e.abscondedAt)!;

const npb = (sub = 'register-npb') => tokenFor({ agency: 'NPB', sub });
const ssoiu = (province: Province = PROVINCE) => tokenFor({ agency: 'SSOIU', sub: `register-ssoiu-${province}`, province });
const auditor = () => tokenFor({ agency: 'AUDITOR', sub: 'register-auditor' });

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error' } });
});

afterAll(async () => {
  await stack?.stop();
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const today = () => pakistanDate(new Date());

const COMPLIANCE = 'compliance { status lastVerifiedAt nextVerificationDue missedNotifications missedDeadline abscondedAt }';
const ENTRY = /* GraphQL */ `
  query Entry($id: ID!) {
    offender(id: $id) {
      id version fullName aliases cnic dateOfBirth province district
      currentAddress { line1 city district province }
      notifications { id kind submittedAt details occursOn verifiedAt }
      ${COMPLIANCE}
    }
  }
`;

/** The entry as the Bureau reads it now. */
async function entryNow(id: string) {
  const response = await graphql(stack.gatewayUrl, ENTRY, { token: await npb(), variables: { id } });
  expect(response.errors).toBeUndefined();
  return response.data.offender;
}

const INPUT_TYPES: Record<string, string> = {
  recordNotification: 'RecordNotificationInput',
  verifyNotification: 'VerifyNotificationInput',
  recordVerification: 'RecordVerificationInput',
  markAbsconded: 'MarkAbscondedInput',
  markLocated: 'MarkLocatedInput',
  correctRegisterEntry: 'CorrectRegisterEntryInput',
};
const WITH_NOTIFICATION = new Set(['recordNotification', 'verifyNotification']);

/** One register mutation; the payload's entry with its version and compliance (and the notification, where there is one). */
async function call(
  name: string,
  input: Record<string, unknown>,
  token: string | Promise<string | undefined> | undefined,
  options: { url?: string; headers?: Record<string, string>; requestId?: string } = {},
): Promise<GraphQLResponse> {
  const notification = WITH_NOTIFICATION.has(name) ? 'notification { id kind occursOn verifiedAt details }' : '';
  return graphql(
    options.url ?? stack.gatewayUrl,
    `mutation Register($input: ${INPUT_TYPES[name]}!) {
      ${name}(input: $input) { offender { id version province district ${COMPLIANCE} } ${notification} userErrors { field code message } }
    }`,
    { token: (await token) ?? undefined, variables: { input }, headers: options.headers, requestId: options.requestId },
  );
}

/** A journey within Pakistan notified in time (a fortnight ahead). */
const travelInput = (offenderId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  offenderId,
  expectedVersion,
  kind: 'DOMESTIC_TRAVEL',
  submittedAt: minutesAgo(5),
  travel: { destination: 'Multan', departsOn: plusDays(today(), 14), returnsOn: plusDays(today(), 20), purpose: 'a family wedding' },
  ...overrides,
});

interface TrailEntry {
  subject: string;
  agency: Agency;
  field: string;
  rowIds: string[];
  outcome: string;
  purpose: string | null;
}

/** The trail entries of a field naming a row, newest first. */
async function trail(field: string, rowId: string) {
  const response = await graphql(
    stack.gatewayUrl,
    /* GraphQL */ `
      query Trail($filter: AuditEntryFilter) {
        registerAuditTrail(filter: $filter, first: 100) { edges { node { subject agency field rowIds outcome purpose } } }
      }
    `,
    { token: await auditor(), variables: { filter: { field, rowId } } },
  );
  expect(response.errors).toBeUndefined();
  const edges: { node: TrailEntry }[] = response.data.registerAuditTrail.edges;
  return edges.map(({ node }) => node);
}

async function chainOk() {
  const response = await graphql(stack.gatewayUrl, 'query { verifyRegisterAuditChain { ok } }', { token: await auditor() });
  return response.data.verifyRegisterAuditChain.ok as boolean;
}

const codes = (response: GraphQLResponse, name: string) =>
  response.data[name].userErrors.map((e: { field: string[] | null; code: string }) => [e.field?.join('.') ?? null, e.code]);

describe('recordNotification', () => {
  it('records a journey notified in time by the police of the province: a new version, the notification, compliance unchanged, on the trail', async () => {
    const entry = freshEntry();
    const before = await entryNow(entry.id);
    expect(before.version).toBe(1);
    const response = await call('recordNotification', travelInput(entry.id, 1), ssoiu());
    expect(response.errors).toBeUndefined();
    const { offender, notification, userErrors } = response.data.recordNotification;
    expect(userErrors).toEqual([]);
    expect(offender).toMatchObject({ id: entry.id, version: 2, compliance: { ...before.compliance } });
    expect(notification).toEqual({
      id: expect.any(String),
      kind: 'DOMESTIC_TRAVEL',
      occursOn: plusDays(today(), 14),
      verifiedAt: null,
      details: `Travel to Multan from ${plusDays(today(), 14)} to ${plusDays(today(), 20)} for a family wedding`,
    });
    const after = await entryNow(entry.id);
    expect(after.notifications.map((n: { id: string }) => n.id)).toContain(notification.id);
    expect(await trail('Mutation.recordNotification', entry.id)).toEqual([
      {
        subject: `register-ssoiu-${PROVINCE}`,
        agency: 'SSOIU',
        field: 'Mutation.recordNotification',
        rowIds: [entry.id, notification.id],
        outcome: 'DONE',
        purpose: null,
      },
    ]);
    expect(await chainOk()).toBe(true);
  });

  it('a move notified ten days after it: missed, NON_COMPLIANT; the entry moves with the registrant; the address written is on the trail as such', async () => {
    const entry = freshEntry();
    const movedOn = plusDays(pakistanDate(new Date(minutesAgo(5))), -10);
    const before = await entryNow(entry.id);
    const response = await call(
      'recordNotification',
      {
        offenderId: entry.id,
        expectedVersion: 1,
        kind: 'CHANGE_OF_ADDRESS',
        submittedAt: minutesAgo(5),
        changeOfAddress: { line1: 'House 12, Street 4, Gulberg III', city: 'Lahore', district: 'Lahore', movedOn },
      },
      npb(),
    );
    expect(response.data.recordNotification.userErrors).toEqual([]);
    expect(response.data.recordNotification.offender).toMatchObject({
      version: 2,
      province: 'PUNJAB',
      district: 'Lahore',
      compliance: {
        status: 'NON_COMPLIANT',
        missedDeadline: plusDays(movedOn, DEFAULT_COMPLIANCE_SETTINGS.changeNoticeDays),
        missedNotifications: before.compliance.missedNotifications + 1,
      },
    });
    expect((await entryNow(entry.id)).currentAddress).toEqual({
      line1: 'House 12, Street 4, Gulberg III',
      city: 'Lahore',
      district: 'Lahore',
      province: 'PUNJAB',
    });
    // Recorded as the address written, naming the entry: never the address itself.
    const written = await trail('Offender.currentAddress', entry.id);
    expect(written.filter((e) => e.outcome === 'DONE')).toEqual([
      { subject: 'register-npb', agency: 'NPB', field: 'Offender.currentAddress', rowIds: [entry.id], outcome: 'DONE', purpose: null },
    ]);

    // An in-person verification today deals with it: COMPLIANT, next due the tier's months on, the missed notification still counted.
    const verifiedAt = minutesAgo(1);
    const verified = await call(
      'recordVerification',
      { offenderId: entry.id, expectedVersion: 2, verifiedAt, place: 'PS Gulberg', officerName: 'Sub-Inspector Synthetic Officer' },
      ssoiu(),
    );
    expect(verified.data.recordVerification.userErrors).toEqual([]);
    expect(verified.data.recordVerification.offender).toMatchObject({
      version: 3,
      compliance: {
        status: 'COMPLIANT',
        lastVerifiedAt: verifiedAt,
        nextVerificationDue: plusMonths(pakistanDate(new Date(verifiedAt)), DEFAULT_COMPLIANCE_SETTINGS.verificationMonths[entry.riskTier]),
        missedDeadline: null,
        missedNotifications: before.compliance.missedNotifications + 1,
      },
    });
    // Found by a search by compliance as it now stands.
    const search = await graphql(
      stack.gatewayUrl,
      'query { searchRegister(filter: { compliance: [COMPLIANT], province: PUNJAB }, first: 1000) { edges { node { id } } } }',
      { token: await npb() },
    );
    expect(search.data.searchRegister.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(entry.id);
  });

  it("a change of name: the new name is the entry's, the former an alias; the notification does not repeat it; identity written is on the trail", async () => {
    const entry = freshEntry();
    const before = await entryNow(entry.id);
    const changedOn = pakistanDate(new Date(minutesAgo(5)));
    const response = await call(
      'recordNotification',
      {
        offenderId: entry.id,
        expectedVersion: 1,
        kind: 'CHANGE_OF_NAME',
        submittedAt: minutesAgo(5),
        changeOfName: { newName: 'Synthetic Renamed Registrant', changedOn },
      },
      npb(),
    );
    expect(response.data.recordNotification.userErrors).toEqual([]);
    expect(response.data.recordNotification.notification.details).toBe(`Change of name, effective ${changedOn}`);
    const after = await entryNow(entry.id);
    expect(after.fullName).toBe('Synthetic Renamed Registrant');
    expect(after.aliases[0]).toBe(entry.fullName);
    // Notified the day it changed: in time, compliance as it was.
    expect(after.compliance).toEqual(before.compliance);
    const written = await trail('Offender.identity', entry.id);
    expect(written).toEqual([
      { subject: 'register-npb', agency: 'NPB', field: 'Offender.identity', rowIds: [entry.id], outcome: 'DONE', purpose: null },
    ]);
  });

  it('rejects invalid input as INVALID_INPUT naming each field, writes nothing, and records the attempt INVALID', async () => {
    const entry = freshEntry();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const invalid = await call(
      'recordNotification',
      {
        offenderId: entry.id,
        expectedVersion: 0,
        kind: 'DOMESTIC_TRAVEL',
        submittedAt: future,
        changeOfName: { newName: 'Someone', changedOn: today() },
        travel: { destination: 'Atlantis', departsOn: plusDays(today(), -3), returnsOn: plusDays(today(), -5), purpose: 'x'.repeat(300) },
        remarks: ' ',
      },
      ssoiu(),
    );
    expect(invalid.data.recordNotification.offender).toBeNull();
    expect(codes(invalid, 'recordNotification')).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.submittedAt', 'INVALID_INPUT'],
      ['input.changeOfName', 'INVALID_INPUT'],
      ['input.travel.destination', 'INVALID_INPUT'],
      ['input.travel.departsOn', 'INVALID_INPUT'],
      ['input.travel.returnsOn', 'INVALID_INPUT'],
      ['input.travel.purpose', 'INVALID_INPUT'],
      ['input.remarks', 'INVALID_INPUT'],
    ]);
    // A kind without its part; a move dated after its notification, to no district the graph knows.
    const missing = await call('recordNotification', travelInput(entry.id, 1, { travel: null }), ssoiu());
    expect(codes(missing, 'recordNotification')).toEqual([['input.travel', 'INVALID_INPUT']]);
    const move = await call(
      'recordNotification',
      {
        offenderId: entry.id,
        expectedVersion: 1,
        kind: 'CHANGE_OF_ADDRESS',
        submittedAt: minutesAgo(60 * 24 * 3),
        changeOfAddress: { line1: 'House 1', city: 'Lahore', district: 'Lahore Cantt', movedOn: today() },
      },
      ssoiu(),
    );
    expect(codes(move, 'recordNotification')).toEqual([
      ['input.changeOfAddress.district', 'INVALID_INPUT'],
      ['input.changeOfAddress.movedOn', 'INVALID_INPUT'],
    ]);
    // Before the registration: known once the entry is read.
    const early = await call(
      'recordNotification',
      travelInput(entry.id, 1, {
        submittedAt: new Date(entry.registeredAt.getTime() - 86_400_000).toISOString(),
        travel: {
          destination: 'Multan',
          departsOn: pakistanDate(entry.registeredAt),
          returnsOn: pakistanDate(entry.registeredAt),
        },
      }),
      ssoiu(),
    );
    expect(codes(early, 'recordNotification')).toEqual([['input.submittedAt', 'INVALID_INPUT']]);
    const after = await entryNow(entry.id);
    expect(after.version).toBe(1);
    expect(after.notifications).toHaveLength(entry.notifications.length);
    expect((await trail('Mutation.recordNotification', entry.id)).map((e) => e.outcome)).toEqual([
      'INVALID',
      'INVALID',
      'INVALID',
      'INVALID',
    ]);
  });

  it("answers another province's entry exactly as one that does not exist, and changes neither", async () => {
    const other = inCommunity(OTHER_PROVINCE)[0]!;
    const hidden = await call('recordNotification', travelInput(other.id, 1), ssoiu());
    const missing = await call('recordNotification', travelInput(randomUUID(), 1), ssoiu());
    const malformed = await call('recordNotification', travelInput('not-an-id', 1), ssoiu());
    expect(hidden.data).toEqual(missing.data);
    expect(malformed.data).toEqual(missing.data);
    expect(hidden.data.recordNotification).toEqual({
      offender: null,
      notification: null,
      userErrors: [{ field: ['input', 'offenderId'], code: 'NOT_FOUND', message: 'No register entry with this id.' }],
    });
    const after = await entryNow(other.id);
    expect(after.version).toBe(1);
    expect(after.notifications).toHaveLength(other.notifications.length);
    expect((await trail('Mutation.recordNotification', other.id)).map((e) => e.outcome)).toEqual(['REFUSED']);
    // The police of its own province may.
    const elsewhere = DISTRICTS.find((d) => d.province === OTHER_PROVINCE)!.name;
    const own = await call(
      'recordNotification',
      travelInput(other.id, 1, { travel: { ...travelInput(other.id, 1).travel, destination: elsewhere } }),
      ssoiu(OTHER_PROVINCE),
    );
    expect(own.data.recordNotification.userErrors).toEqual([]);
  });

  it('refuses a stale version with STALE_VERSION naming the current one, and writes nothing', async () => {
    const entry = freshEntry();
    expect((await call('recordNotification', travelInput(entry.id, 1), ssoiu())).data.recordNotification.userErrors).toEqual([]);
    const stale = await call('recordNotification', travelInput(entry.id, 1), ssoiu());
    expect(stale.data.recordNotification).toEqual({
      offender: null,
      notification: null,
      userErrors: [{ field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining('version 2') }],
    });
    expect((await entryNow(entry.id)).notifications).toHaveLength(entry.notifications.length + 1);
  });
});

describe('verifyNotification', () => {
  it('verifies a periodic verification the registrant reported for, once: it is the in-person verification the next is counted from', async () => {
    const entry = freshEntry();
    const reported = await call(
      'recordNotification',
      { offenderId: entry.id, expectedVersion: 1, kind: 'PERIODIC_VERIFICATION', submittedAt: minutesAgo(30) },
      ssoiu(),
    );
    const { notification } = reported.data.recordNotification;
    expect(notification).toMatchObject({ kind: 'PERIODIC_VERIFICATION', occursOn: null, verifiedAt: null });
    // Reported, not yet verified: the due date has not moved.
    expect(reported.data.recordNotification.offender.compliance.lastVerifiedAt).toBe(
      entry.compliance.lastVerifiedAt?.toISOString() ?? null,
    );

    const early = await call(
      'verifyNotification',
      { notificationId: notification.id, expectedVersion: 2, verifiedAt: minutesAgo(40) },
      ssoiu(),
    );
    expect(codes(early, 'verifyNotification')).toEqual([['input.verifiedAt', 'INVALID_INPUT']]);

    const verifiedAt = minutesAgo(10);
    const done = await call('verifyNotification', { notificationId: notification.id, expectedVersion: 2, verifiedAt }, ssoiu());
    expect(done.data.verifyNotification.userErrors).toEqual([]);
    expect(done.data.verifyNotification.notification).toMatchObject({ id: notification.id, verifiedAt });
    expect(done.data.verifyNotification.offender).toMatchObject({
      version: 3,
      compliance: {
        status: 'COMPLIANT',
        lastVerifiedAt: verifiedAt,
        nextVerificationDue: plusMonths(pakistanDate(new Date(verifiedAt)), DEFAULT_COMPLIANCE_SETTINGS.verificationMonths[entry.riskTier]),
      },
    });

    const again = await call('verifyNotification', { notificationId: notification.id, expectedVersion: 3, verifiedAt }, npb());
    expect(again.data.verifyNotification).toEqual({
      offender: null,
      notification: null,
      userErrors: [
        { field: null, code: 'INVALID_TRANSITION', message: 'A notification in status VERIFIED does not allow verifying it again.' },
      ],
    });
    // Newest first: the second verification refused, the verification, the one dated before the notification.
    expect((await trail('Mutation.verifyNotification', notification.id)).map((e) => e.outcome)).toEqual(['REFUSED', 'DONE', 'INVALID']);
    expect((await trail('Mutation.verifyNotification', entry.id)).map((e) => e.outcome)).toEqual(['DONE']);
  });

  it("answers a notification of another province's entry exactly as one that does not exist", async () => {
    const other = inCommunity(OTHER_PROVINCE).find((e) => e.notifications.some((n) => !n.verifiedAt))!;
    const unverified = other.notifications.find((n) => !n.verifiedAt)!;
    const input = (notificationId: string) => ({ notificationId, expectedVersion: 1, verifiedAt: minutesAgo(1) });
    const hidden = await call('verifyNotification', input(unverified.id), ssoiu());
    const missing = await call('verifyNotification', input(randomUUID()), ssoiu());
    expect(hidden.data).toEqual(missing.data);
    expect(hidden.data.verifyNotification.userErrors).toEqual([
      { field: ['input', 'notificationId'], code: 'NOT_FOUND', message: 'No notification with this id.' },
    ]);
    const after = await entryNow(other.id);
    expect(after.notifications.find((n: { id: string }) => n.id === unverified.id).verifiedAt).toBeNull();
  });
});

describe('recordVerification', () => {
  it('refuses a verification before the last one or the registration as INVALID_INPUT, and one in the future', async () => {
    const entry = freshEntry();
    const input = (verifiedAt: string) => ({
      offenderId: entry.id,
      expectedVersion: 1,
      verifiedAt,
      place: 'PS City',
      officerName: 'ASI Synthetic',
    });
    const beforeLast = await call(
      'recordVerification',
      input(new Date(entry.compliance.lastVerifiedAt!.getTime() - 3_600_000).toISOString()),
      ssoiu(),
    );
    const beforeRegistration = await call(
      'recordVerification',
      input(new Date(entry.registeredAt.getTime() - 3_600_000).toISOString()),
      ssoiu(),
    );
    const future = await call('recordVerification', input(new Date(Date.now() + 3_600_000).toISOString()), ssoiu());
    for (const response of [beforeLast, beforeRegistration, future]) {
      expect(codes(response, 'recordVerification')).toEqual([['input.verifiedAt', 'INVALID_INPUT']]);
    }
    const blank = await call('recordVerification', { ...input(minutesAgo(1)), place: '', officerName: 'x'.repeat(129) }, ssoiu());
    expect(codes(blank, 'recordVerification')).toEqual([
      ['input.place', 'INVALID_INPUT'],
      ['input.officerName', 'INVALID_INPUT'],
    ]);
    expect((await entryNow(entry.id)).version).toBe(1);
  });
});

describe('markAbsconded and markLocated: the entry’s state machine', () => {
  it('ACTIVE → ABSCONDED → ACTIVE; every other step is INVALID_TRANSITION naming the state', async () => {
    const entry = freshEntry();
    const before = await entryNow(entry.id);
    const abscondedAt = minutesAgo(20);
    const gone = await call('markAbsconded', { offenderId: entry.id, expectedVersion: 1, abscondedAt }, ssoiu());
    expect(gone.data.markAbsconded.userErrors).toEqual([]);
    expect(gone.data.markAbsconded.offender).toMatchObject({ version: 2, compliance: { status: 'ABSCONDED', abscondedAt } });

    const twice = await call('markAbsconded', { offenderId: entry.id, expectedVersion: 2, abscondedAt }, ssoiu());
    expect(twice.data.markAbsconded.userErrors).toEqual([
      {
        field: null,
        code: 'INVALID_TRANSITION',
        message: 'A register entry in status ABSCONDED does not allow marking the registrant absconded.',
      },
    ]);
    const notified = await call('recordNotification', travelInput(entry.id, 2), ssoiu());
    expect(codes(notified, 'recordNotification')).toEqual([[null, 'INVALID_TRANSITION']]);
    const seen = await call(
      'recordVerification',
      { offenderId: entry.id, expectedVersion: 2, verifiedAt: minutesAgo(1), place: 'PS City', officerName: 'ASI Synthetic' },
      ssoiu(),
    );
    expect(seen.data.recordVerification.userErrors[0].message).toBe(
      'A register entry in status ABSCONDED does not allow recording an in-person verification.',
    );

    const found = await call('markLocated', { offenderId: entry.id, expectedVersion: 2 }, npb());
    expect(found.data.markLocated.userErrors).toEqual([]);
    expect(found.data.markLocated.offender).toMatchObject({ version: 3, compliance: { ...before.compliance, abscondedAt: null } });
    const foundAgain = await call('markLocated', { offenderId: entry.id, expectedVersion: 3 }, npb());
    expect(foundAgain.data.markLocated.userErrors).toEqual([
      {
        field: null,
        code: 'INVALID_TRANSITION',
        message: 'A register entry in status ACTIVE does not allow marking the registrant located.',
      },
    ]);
    expect((await trail('Mutation.markAbsconded', entry.id)).map((e) => e.outcome)).toEqual(['REFUSED', 'DONE']);
    expect((await trail('Mutation.markLocated', entry.id)).map((e) => e.outcome)).toEqual(['REFUSED', 'DONE']);
  });

  it('an ended registration owes nothing: no absconding, no notification', async () => {
    const { version } = await entryNow(ENDED.id);
    const gone = await call('markAbsconded', { offenderId: ENDED.id, expectedVersion: version, abscondedAt: minutesAgo(1) }, npb());
    expect(gone.data.markAbsconded.userErrors).toEqual([
      {
        field: null,
        code: 'INVALID_TRANSITION',
        message: 'A register entry in status ENDED does not allow marking the registrant absconded.',
      },
    ]);
    const notified = await call('recordNotification', travelInput(ENDED.id, version), npb());
    expect(notified.data.recordNotification.userErrors[0].message).toBe(
      'A register entry in status ENDED does not allow recording a notification.',
    );
  });

  it('refuses an absconding dated before the registrant was last seen', async () => {
    const entry = freshEntry();
    const response = await call(
      'markAbsconded',
      {
        offenderId: entry.id,
        expectedVersion: 1,
        abscondedAt: new Date(entry.compliance.lastVerifiedAt!.getTime() - 60_000).toISOString(),
      },
      npb(),
    );
    expect(codes(response, 'markAbsconded')).toEqual([['input.abscondedAt', 'INVALID_INPUT']]);
  });
});

describe('correctRegisterEntry', () => {
  const correctionsOf = async (offenderId: string) => {
    const database = stack.subgraphs.offenders.database;
    return (await database
      .fork()
      .getConnection()
      .execute(
        `select corrected_by, agency, fields, reason from "${database.schema}"."register_correction" where offender_id = ? order by corrected_at`,
        [offenderId],
        'all',
      )) as { corrected_by: string; agency: string; fields: string[]; reason: string }[];
  };

  it('the Bureau corrects the identity with a reason: kept with the fields it corrected, identity written on the trail, never the values', async () => {
    const entry = freshEntry();
    const response = await call(
      'correctRegisterEntry',
      {
        offenderId: entry.id,
        expectedVersion: 1,
        cnic: '35202-0000001-9',
        dateOfBirth: '1980-02-29',
        aliases: ['Synthetic Alias'],
        reason: 'Checked against the NADRA record: the CNIC and date of birth were mistyped at registration.',
      },
      npb(),
    );
    expect(response.data.correctRegisterEntry.userErrors).toEqual([]);
    expect(response.data.correctRegisterEntry.offender.version).toBe(2);
    const after = await entryNow(entry.id);
    expect(after).toMatchObject({
      cnic: '35202-0000001-9',
      dateOfBirth: '1980-02-29',
      aliases: ['Synthetic Alias'],
      fullName: entry.fullName,
    });
    expect(await correctionsOf(entry.id)).toEqual([
      {
        corrected_by: 'register-npb',
        agency: 'NPB',
        fields: ['aliases', 'cnic', 'dateOfBirth'],
        reason: 'Checked against the NADRA record: the CNIC and date of birth were mistyped at registration.',
      },
    ]);
    const written = await trail('Offender.identity', entry.id);
    expect(written).toEqual([
      { subject: 'register-npb', agency: 'NPB', field: 'Offender.identity', rowIds: [entry.id], outcome: 'DONE', purpose: null },
    ]);
    expect((await trail('Mutation.correctRegisterEntry', entry.id)).map((e) => e.outcome)).toEqual(['DONE']);
  });

  it("refuses another entry's CNIC as a CONFLICT, and invalid input naming each field", async () => {
    const entry = freshEntry();
    const other = POOL.at(-1)!;
    const taken = await call(
      'correctRegisterEntry',
      { offenderId: entry.id, expectedVersion: 1, cnic: other.cnic, reason: 'A test.' },
      npb(),
    );
    expect(taken.data.correctRegisterEntry.userErrors).toEqual([
      { field: ['input', 'cnic'], code: 'CONFLICT', message: 'Another register entry has this CNIC.' },
    ]);
    const nothing = await call('correctRegisterEntry', { offenderId: entry.id, expectedVersion: 1, reason: ' ' }, npb());
    expect(codes(nothing, 'correctRegisterEntry')).toEqual([
      ['input', 'INVALID_INPUT'],
      ['input.reason', 'INVALID_INPUT'],
    ]);
    const malformed = await call(
      'correctRegisterEntry',
      {
        offenderId: entry.id,
        expectedVersion: 1,
        fullName: '',
        cnic: '3520200000019',
        dateOfBirth: plusDays(today(), 2),
        aliases: [''],
        reason: 'A test.',
      },
      npb(),
    );
    expect(codes(malformed, 'correctRegisterEntry')).toEqual([
      ['input.fullName', 'INVALID_INPUT'],
      ['input.aliases', 'INVALID_INPUT'],
      ['input.cnic', 'INVALID_INPUT'],
      ['input.dateOfBirth', 'INVALID_INPUT'],
    ]);
    const afterRegistration = await call(
      'correctRegisterEntry',
      { offenderId: entry.id, expectedVersion: 1, dateOfBirth: pakistanDate(entry.registeredAt), reason: 'A test.' },
      npb(),
    );
    expect(codes(afterRegistration, 'correctRegisterEntry')).toEqual([['input.dateOfBirth', 'INVALID_INPUT']]);
    expect(await correctionsOf(entry.id)).toEqual([]);
    expect((await entryNow(entry.id)).version).toBe(1);
    expect((await trail('Mutation.correctRegisterEntry', entry.id)).map((e) => e.outcome)).toEqual([
      'INVALID',
      'INVALID',
      'INVALID',
      'REFUSED',
    ]);
    expect(await trail('Offender.identity', entry.id)).toEqual([]);
  });
});

describe('who may call each mutation, as DESIGN section 7 says (through the gateway and straight at the subgraph)', () => {
  const tokenOf = (agency: Agency): Promise<string> | undefined => {
    if (agency === 'SSOIU') return ssoiu();
    const { identity } = callerFor(agency);
    return identity ? tokenFor(identity) : undefined;
  };
  /** One entry per mutation, read afresh before each call: a call that is allowed must be done. */
  const targets = new Map<string, string>();
  const targetOf = (name: string) => {
    if (!targets.has(name)) targets.set(name, freshEntry().id);
    return targets.get(name)!;
  };
  const versionOf = async (id: string) => (await entryNow(id)).version as number;

  const calls: Record<string, (agency: Agency, url: string) => Promise<{ response: GraphQLResponse; id: string; version: number }>> = {
    recordNotification: async (agency, url) => {
      const id = targetOf('recordNotification');
      const version = await versionOf(id);
      return { id, version, response: await call('recordNotification', travelInput(id, version), tokenOf(agency), { url }) };
    },
    verifyNotification: async (agency, url) => {
      const id = targetOf('verifyNotification');
      const reported = await call(
        'recordNotification',
        { offenderId: id, expectedVersion: await versionOf(id), kind: 'PERIODIC_VERIFICATION', submittedAt: minutesAgo(5) },
        npb(),
      );
      const version = reported.data.recordNotification.offender.version;
      const input = {
        notificationId: reported.data.recordNotification.notification.id,
        expectedVersion: version,
        verifiedAt: minutesAgo(1),
      };
      return { id, version, response: await call('verifyNotification', input, tokenOf(agency), { url }) };
    },
    recordVerification: async (agency, url) => {
      const id = targetOf('recordVerification');
      const version = await versionOf(id);
      const input = {
        offenderId: id,
        expectedVersion: version,
        verifiedAt: new Date().toISOString(),
        place: 'PS City',
        officerName: 'ASI Synthetic',
      };
      return { id, version, response: await call('recordVerification', input, tokenOf(agency), { url }) };
    },
    markAbsconded: async (agency, url) => {
      const id = targetOf('markAbsconded');
      let version = await versionOf(id);
      if ((await entryNow(id)).compliance.status === 'ABSCONDED') {
        version = (await call('markLocated', { offenderId: id, expectedVersion: version }, npb())).data.markLocated.offender.version;
      }
      const input = { offenderId: id, expectedVersion: version, abscondedAt: new Date().toISOString() };
      return { id, version, response: await call('markAbsconded', input, tokenOf(agency), { url }) };
    },
    markLocated: async (agency, url) => {
      const id = targetOf('markLocated');
      let version = await versionOf(id);
      if ((await entryNow(id)).compliance.status !== 'ABSCONDED') {
        const input = { offenderId: id, expectedVersion: version, abscondedAt: new Date().toISOString() };
        version = (await call('markAbsconded', input, npb())).data.markAbsconded.offender.version;
      }
      return { id, version, response: await call('markLocated', { offenderId: id, expectedVersion: version }, tokenOf(agency), { url }) };
    },
    correctRegisterEntry: async (agency, url) => {
      const id = targetOf('correctRegisterEntry');
      const version = await versionOf(id);
      const input = { offenderId: id, expectedVersion: version, aliases: [`Alias ${version}`], reason: 'A test of who may.' };
      return { id, version, response: await call('correctRegisterEntry', input, tokenOf(agency), { url }) };
    },
  };

  it('has a call for every mutation of the expected table', () => {
    expect(Object.keys(calls).sort()).toEqual([...EXPECTED_REGISTER_MUTATIONS.keys()].sort());
  });

  for (const target of ['gateway', 'offenders'] as const) {
    for (const agency of AGENCIES) {
      it(`${target}: ${agency}`, async () => {
        const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.offenders;
        for (const [name, run] of Object.entries(calls)) {
          const allowed = EXPECTED_REGISTER_MUTATIONS.get(name)![agency] !== '–';
          const { response, id, version } = await run(agency, url);
          if (allowed) {
            expect(response.errors, `${agency} ${name}`).toBeUndefined();
            expect(response.data[name].userErrors, `${agency} ${name}`).toEqual([]);
            expect(response.data[name].offender.version, `${agency} ${name}`).toBe(version + 1);
          } else {
            expect(response.data?.[name] ?? null, `${agency} ${name}`).toBeNull();
            const code =
              agency === 'PUBLIC' && target === 'offenders'
                ? expect.stringMatching(/^(UNAUTHORIZED_FIELD_OR_TYPE|UNAUTHENTICATED)$/)
                : 'UNAUTHORIZED_FIELD_OR_TYPE';
            expect(
              response.errors?.map((e) => [e.path, e.extensions?.code]),
              `${agency} ${name}`,
            ).toEqual([[[name], code]]);
            expect(await versionOf(id), `${agency} ${name}: nothing written`).toBe(version);
          }
        }
      });
    }
  }
});

describe('Idempotency-Key', () => {
  it('the same notification sent twice under one key is recorded once and answered alike; the key with other input is refused', async () => {
    const entry = freshEntry();
    const key = randomUUID();
    const headers = { [IDEMPOTENCY_KEY_HEADER]: `"${key}"` };
    const input = travelInput(entry.id, 1);
    const first = await call('recordNotification', input, ssoiu(), { headers });
    expect(first.data.recordNotification.userErrors).toEqual([]);
    const again = await call('recordNotification', input, ssoiu(), { headers });
    expect(again).toEqual(first);
    const after = await entryNow(entry.id);
    expect(after.version).toBe(2);
    expect(after.notifications).toHaveLength(entry.notifications.length + 1);
    const other = await call('recordNotification', { ...input, remarks: 'Something else.' }, ssoiu(), { headers });
    expect(other.data?.recordNotification ?? null).toBeNull();
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect((await entryNow(entry.id)).version).toBe(2);
    expect((await trail('Mutation.recordNotification', entry.id)).map((e) => e.outcome)).toEqual(['DONE']);
  });
});

describe('SQL statements per mutation', () => {
  /** The offenders subgraph's statements for each of `times` calls, made by `once(requestId)`. */
  async function statements(times: number, once: (requestId: string) => Promise<void>) {
    const counts: number[] = [];
    for (let i = 0; i < times; i += 1) {
      const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, once);
      counts.push(perSubgraph.offenders!);
    }
    return counts;
  }
  const done = (response: GraphQLResponse, name: string) => {
    expect(response.data[name].userErrors).toEqual([]);
    return response.data[name];
  };

  it('is the same for every call of each mutation, however many notifications the entry has', async () => {
    const entries = [freshEntry(), freshEntry()];
    const version = new Map(entries.map((e) => [e.id, 1]));
    const figures: Record<string, number[]> = {};
    const each = async (name: string, input: (id: string, version: number) => Record<string, unknown>) => {
      let n = 0;
      figures[name] = await statements(6, async (requestId) => {
        const id = entries[n++ % entries.length]!.id;
        const payload = done(await call(name, input(id, version.get(id)!), npb(), { requestId }), name);
        version.set(id, payload.offender.version);
      });
    };
    await each('recordNotification', (id, v) => travelInput(id, v));
    await each('recordVerification', (id, v) => ({
      offenderId: id,
      expectedVersion: v,
      verifiedAt: new Date().toISOString(),
      place: 'PS City',
      officerName: 'ASI Synthetic',
    }));
    const unverified = new Map<string, string[]>();
    for (const entry of entries) {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const reported = done(
          await call(
            'recordNotification',
            { offenderId: entry.id, expectedVersion: version.get(entry.id)!, kind: 'PERIODIC_VERIFICATION', submittedAt: minutesAgo(5) },
            npb(),
          ),
          'recordNotification',
        );
        version.set(entry.id, reported.offender.version);
        ids.push(reported.notification.id);
      }
      unverified.set(entry.id, ids);
    }
    await each('verifyNotification', (id, v) => ({
      notificationId: unverified.get(id)!.shift()!,
      expectedVersion: v,
      verifiedAt: minutesAgo(1),
    }));
    let n = 0;
    figures['markAbsconded, markLocated'] = await statements(6, async (requestId) => {
      const id = entries[Math.floor(n / 2) % entries.length]!.id;
      const name = n++ % 2 === 0 ? 'markAbsconded' : 'markLocated';
      const input = name === 'markAbsconded' ? { abscondedAt: new Date().toISOString() } : {};
      const payload = done(await call(name, { offenderId: id, expectedVersion: version.get(id)!, ...input }, npb(), { requestId }), name);
      version.set(id, payload.offender.version);
    });
    await each('correctRegisterEntry', (id, v) => ({ offenderId: id, expectedVersion: v, aliases: [`Alias ${v}`], reason: 'Counting.' }));
    for (const [name, counts] of Object.entries(figures)) {
      console.info(`register writes: ${name} costs the offenders subgraph ${counts[0]} SQL statements (${counts.join(', ')})`);
      expect(new Set(counts).size, name).toBe(1);
    }
  });
});

describe("the notice periods are the subgraph's settings (REGISTER_*)", () => {
  const STRICTER = { ...DEFAULT_COMPLIANCE_SETTINGS, domesticTravelNoticeDays: 30 };
  let copy: DatabaseCopy;
  let strict: SubgraphUnderTest;
  beforeAll(async () => {
    copy = await copyOfWorld('register_settings', 'seeded');
    strict = await startSubgraphForTest(createOffendersService, {
      storage: copy.storageOf('offenders'),
      seedOnStart: 'never',
      env: { ...process.env, LOG_LEVEL: 'error', REGISTER_DOMESTIC_TRAVEL_NOTICE_DAYS: '30' },
    });
  });
  afterAll(async () => {
    await strict?.stop();
    await copy?.drop();
  });

  it('a journey notified ten days ahead: in time by the default 7 days, missed by 30, as the rules judge it with each', async () => {
    const entry = freshEntry();
    const input = travelInput(entry.id, 1, {
      travel: { destination: 'Multan', departsOn: plusDays(today(), 10), returnsOn: plusDays(today(), 12) },
    });
    const event = { kind: 'DOMESTIC_TRAVEL' as const, submittedAt: new Date(input.submittedAt), occursOn: plusDays(today(), 10) };
    for (const [url, settings] of [
      [stack.gatewayUrl, DEFAULT_COMPLIANCE_SETTINGS],
      [strict.url, STRICTER],
    ] as const) {
      const response = await call('recordNotification', input, npb(), { url });
      expect(response.data.recordNotification.userErrors).toEqual([]);
      const expected = complianceRecord(entry, [...entry.notifications, event], settings);
      expect(response.data.recordNotification.offender.compliance).toMatchObject({
        missedNotifications: expected.missedNotifications,
        missedDeadline: expected.missedDeadline,
      });
    }
    const strictly = complianceRecord(entry, [...entry.notifications, event], STRICTER);
    expect(strictly.missedDeadline).toBe(plusDays(today(), -20));
  });
});
