import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER } from '#identity';
import { AGENCIES, type Agency, type Province } from '#reference-data';
import type { ConvictionFacts, TrialFacts } from '#synthetic-world';
import {
  callerFor,
  graphql,
  type GraphQLResponse,
  type RunningStack,
  seededCases,
  sqlStatementsDuring,
  startStack,
  tokenFor,
} from '#test-kit';
import { EXPECTED_COURT_MUTATIONS } from './fixtures/expected-access.ts';

/**
 * The special courts' mutations (DESIGN section 7) end to end, through the
 * gateway over HTTP, on a stack of its own seeded with the synthetic world:
 * frameCharges, scheduleHearing, recordHearing, recordVerdict (the trial's
 * own court: COURT ASSIGNED on the stored trial) and recordAppealOutcome (the
 * appellate court of the trial's province). Done, refused by agency (and
 * role), refused by row (another court's trial answers as a missing one),
 * invalid, out of step, stale; each on the courts subgraph's audit trail;
 * safe retries; and a constant number of SQL statements.
 *
 * Trials cannot be opened through the graph yet (the charge sheet's event is
 * a later issue), so each test takes seeded trials of its own from pools, and
 * never one another test changes.
 */

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error' } });
});

afterAll(async () => {
  await stack?.stop();
});

const PENDING = new Set(['CHARGE_FRAMED', 'PROSECUTION_EVIDENCE', 'DEFENCE_EVIDENCE', 'ARGUMENTS']);
const trials = seededCases().flatMap((c) => (c.trial ? [c.trial] : []));
const accusedOf = (trial: TrialFacts) => [...new Set(trial.charges.map((charge) => charge.suspectPosition))];

/** Seeded trials handed out once each: a test changes only trials no other test reads. */
function pool<T>(items: T[]) {
  let next = 0;
  return () => {
    const item = items[next++];
    if (!item) throw new Error('the seeded pool ran dry');
    return item;
  };
}
/** At CHARGE_FRAMED with no charges yet: the trials whose charges are to be framed. */
const unframed = pool(trials.filter((t) => t.status === 'CHARGE_FRAMED' && t.charges.length === 0));
/** Pending, charges framed, one accused: a verdict may be recorded, hearings listed. */
const pendingOne = pool(trials.filter((t) => PENDING.has(t.status) && accusedOf(t).length === 1));
const pendingTwo = pool(trials.filter((t) => PENDING.has(t.status) && accusedOf(t).length === 2));
/** An unframed trial no call changes: invalid and refused calls aim at it. */
const spareUnframed = unframed();
/** Seeded convictions that stand, with their trials. */
const standing = pool(
  trials.flatMap((trial) => (trial.verdict?.convictions ?? []).map((conviction) => ({ trial, conviction }))) as {
    trial: TrialFacts;
    conviction: ConvictionFacts;
  }[],
);

const court = (trial: { courtId: string }) =>
  tokenFor({ agency: 'COURT', sub: `court-writes-judge-${trial.courtId}`, courtId: trial.courtId });
/** An appellate bench: no trial's court, the appellate role, its province. */
const APPELLATE_COURT = '6a1f3c2e-9d4b-5e7f-8a0c-1b2d3e4f5a6b';
const appellate = (province: Province, roles = ['appellate']) =>
  tokenFor({ agency: 'COURT', sub: `court-writes-appellate-${province}`, courtId: APPELLATE_COURT, province, roles });
const auditor = () => tokenFor({ agency: 'AUDITOR', sub: 'court-writes-auditor' });
const otherCourtThan = (trial: TrialFacts) => trials.find((t) => t.courtId !== trial.courtId)!;

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const TRIAL_FIELDS = /* GraphQL */ `
  id status version
  charges { offenceSection framedAt accusedName suspectPosition }
  hearings { id scheduledFor purpose outcome adjournmentReason inCamera }
  verdict { decidedAt outcome convictions { id offenceSection convictedAt sentence { imprisonmentYears lifeImprisonment death fineRupees description } offender { id } appeal { outcome decidedAt reference } } }
`;

interface TrialRead {
  id: string;
  status: string;
  version: number;
  charges: { offenceSection: string; framedAt: string; accusedName: string; suspectPosition: number }[];
  hearings: { id: string; scheduledFor: string; purpose: string; outcome: string; adjournmentReason: string | null; inCamera: boolean }[];
  verdict: null | {
    decidedAt: string;
    outcome: string;
    convictions: { id: string; offenceSection: string; appeal: null | { outcome: string; decidedAt: string; reference: string } }[];
  };
}

/** The trial as its own court reads it. */
async function trialAsCourt(trial: TrialFacts): Promise<TrialRead> {
  const response = await graphql(stack.gatewayUrl, `query ($id: ID!) { trial(id: $id) { ${TRIAL_FIELDS} } }`, {
    token: await court(trial),
    variables: { id: trial.id },
  });
  expect(response.errors).toBeUndefined();
  return response.data.trial;
}

/** The courts trail's entries of one mutation naming a row, newest first. */
async function trail(name: string, rowId: string) {
  const response = await graphql(
    stack.gatewayUrl,
    'query ($filter: AuditEntryFilter) { courtsAuditTrail(filter: $filter, first: 100) { edges { node { subject agency field rowIds outcome } } } }',
    { token: await auditor(), variables: { filter: { field: `Mutation.${name}`, rowId } } },
  );
  expect(response.errors).toBeUndefined();
  return (
    response.data.courtsAuditTrail.edges as {
      node: { subject: string; agency: Agency; field: string; rowIds: string[]; outcome: string };
    }[]
  ).map(({ node }) => node);
}
const outcomes = async (name: string, rowId: string) => (await trail(name, rowId)).map((entry) => entry.outcome);

async function chainOk() {
  const response = await graphql(stack.gatewayUrl, 'query { verifyCourtsAuditChain { ok } }', { token: await auditor() });
  return response.data.verifyCourtsAuditChain.ok as boolean;
}

const MUTATIONS = {
  frameCharges: `mutation ($input: FrameChargesInput!) { frameCharges(input: $input) { trial { ${TRIAL_FIELDS} } userErrors { field code message } } }`,
  scheduleHearing: `mutation ($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { trial { ${TRIAL_FIELDS} } userErrors { field code message } } }`,
  recordHearing: `mutation ($input: RecordHearingInput!) { recordHearing(input: $input) { trial { ${TRIAL_FIELDS} } userErrors { field code message } } }`,
  recordVerdict: `mutation ($input: RecordVerdictInput!) { recordVerdict(input: $input) { trial { ${TRIAL_FIELDS} } userErrors { field code message } } }`,
  recordAppealOutcome: /* GraphQL */ `mutation ($input: RecordAppealOutcomeInput!) { recordAppealOutcome(input: $input) {
    conviction { id offenceSection appeal { outcome decidedAt reference } }
    userErrors { field code message } } }`,
} as const;
type Name = keyof typeof MUTATIONS;

interface CallOptions {
  url?: string;
  requestId?: string;
  key?: string;
}
async function call(name: Name, input: Record<string, unknown>, token: string | Promise<string> | undefined, options: CallOptions = {}) {
  return graphql(options.url ?? stack.gatewayUrl, MUTATIONS[name], {
    token: await token,
    variables: { input },
    requestId: options.requestId,
    headers: options.key ? { [IDEMPOTENCY_KEY_HEADER]: `"${options.key}"` } : {},
  });
}
const errorsOf = (response: GraphQLResponse, name: Name) =>
  (response.data[name].userErrors as { field: string[] | null; code: string }[]).map((e) => [e.field?.join('.') ?? null, e.code]);

const charging = (trial: TrialFacts, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  trialId: trial.id,
  expectedVersion,
  framedAt: hoursAgo(6),
  accused: [{ suspectPosition: 0, accusedName: 'Synthetic Accused', offenceSections: ['PPC 376(1)'] }],
  ...overrides,
});
const listing = (trial: TrialFacts, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  trialId: trial.id,
  expectedVersion,
  scheduledFor: hoursAgo(3),
  purpose: 'Prosecution evidence: statement of the survivor (in camera)',
  ...overrides,
});
const SENTENCE = { imprisonmentYears: 14, fineRupees: 500_000, description: 'Rigorous imprisonment for 14 years and a fine of Rs 500,000' };
/** A finding for every accused of the seeded trial: the first convicted (under their first charged section), the others acquitted. */
const verdictOn = (trial: TrialFacts, expectedVersion: number, overrides: Record<string, unknown> = {}, convictAll = false) => ({
  trialId: trial.id,
  expectedVersion,
  decidedAt: hoursAgo(1),
  findings: accusedOf(trial).map((position, i) =>
    i === 0 || convictAll
      ? {
          suspectPosition: position,
          finding: 'CONVICTED',
          offenceSection: trial.charges.find((c) => c.suspectPosition === position)!.offenceSection,
          sentence: SENTENCE,
        }
      : { suspectPosition: position, finding: 'ACQUITTED' },
  ),
  ...overrides,
});
const appeal = (conviction: { id: string }, overrides: Record<string, unknown> = {}) => ({
  convictionId: conviction.id,
  outcome: 'UPHELD',
  decidedAt: hoursAgo(1),
  appellateReference: 'Crl. Appeal No. 417/2026',
  ...overrides,
});

describe('a trial through the graph: charges, a hearing, the verdict, the appeal', () => {
  it('frames the charges, lists and records a hearing, decides the trial and hears the appeal; each on the trail', async () => {
    const trial = unframed();
    const judge = court(trial);
    const framed = await call(
      'frameCharges',
      charging(trial, 1, {
        accused: [
          { suspectPosition: 0, accusedName: '  Synthetic Accused One ', offenceSections: ['PPC 375A', 'PPC 376(2)'] },
          { suspectPosition: 1, accusedName: 'Synthetic Accused Two', offenceSections: ['PPC 376(2) read with PPC 511'] },
        ],
      }),
      judge,
    );
    expect(framed.errors).toBeUndefined();
    expect(framed.data.frameCharges.userErrors).toEqual([]);
    const framedTrial = framed.data.frameCharges.trial as TrialRead;
    expect(framedTrial).toMatchObject({ id: trial.id, status: 'CHARGE_FRAMED', version: 2 });
    expect(framedTrial.charges.map((c) => [c.suspectPosition, c.accusedName, c.offenceSection])).toEqual([
      [0, 'Synthetic Accused One', 'PPC 375A'],
      [0, 'Synthetic Accused One', 'PPC 376(2)'],
      [1, 'Synthetic Accused Two', 'PPC 376(2) read with PPC 511'],
    ]);
    // Once only.
    expect((await call('frameCharges', charging(trial, 2), judge)).data.frameCharges).toEqual({
      trial: null,
      userErrors: [
        {
          field: null,
          code: 'INVALID_TRANSITION',
          message: 'A trial in status CHARGE_FRAMED with its charges framed does not allow framing the charges again.',
        },
      ],
    });

    const heardAt = hoursAgo(4);
    const listed = await call('scheduleHearing', listing(trial, 2, { scheduledFor: heardAt, inCamera: true }), judge);
    expect(listed.data.scheduleHearing.userErrors).toEqual([]);
    const hearing = (listed.data.scheduleHearing.trial as TrialRead).hearings.find((h) => h.scheduledFor === heardAt)!;
    expect(hearing).toMatchObject({
      outcome: 'SCHEDULED',
      purpose: 'Prosecution evidence: statement of the survivor (in camera)',
      inCamera: true,
    });

    const nextAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const adjourned = await call(
      'recordHearing',
      {
        trialId: trial.id,
        expectedVersion: 3,
        hearingId: hearing.id,
        outcome: 'ADJOURNED',
        adjournmentReason: ' Witness not produced ',
        nextHearingAt: nextAt,
      },
      judge,
    );
    expect(adjourned.data.recordHearing.userErrors).toEqual([]);
    const afterHearing = adjourned.data.recordHearing.trial as TrialRead;
    expect(afterHearing.version).toBe(4);
    expect(afterHearing.hearings.find((h) => h.id === hearing.id)).toMatchObject({
      outcome: 'ADJOURNED',
      adjournmentReason: 'Witness not produced',
    });
    expect(afterHearing.hearings.find((h) => h.scheduledFor === nextAt)).toMatchObject({ outcome: 'SCHEDULED', purpose: hearing.purpose });
    // A hearing recorded once.
    expect(
      errorsOf(
        await call('recordHearing', { trialId: trial.id, expectedVersion: 4, hearingId: hearing.id, outcome: 'HELD' }, judge),
        'recordHearing',
      ),
    ).toEqual([[null, 'INVALID_TRANSITION']]);

    const decidedAt = hoursAgo(1);
    const decided = await call(
      'recordVerdict',
      {
        trialId: trial.id,
        expectedVersion: 4,
        decidedAt,
        findings: [
          { suspectPosition: 1, finding: 'ACQUITTED' },
          {
            suspectPosition: 0,
            finding: 'CONVICTED',
            offenceSection: 'PPC 375A',
            sentence: { lifeImprisonment: true, fineRupees: 1_000_000, description: 'Imprisonment for life and a fine of Rs 1,000,000' },
          },
        ],
      },
      judge,
    );
    expect(decided.data.recordVerdict.userErrors).toEqual([]);
    const decidedTrial = decided.data.recordVerdict.trial as TrialRead;
    expect(decidedTrial).toMatchObject({ status: 'DECIDED', version: 5, verdict: { outcome: 'PARTLY_CONVICTED', decidedAt } });
    expect(decidedTrial.verdict!.convictions).toEqual([
      expect.objectContaining({
        offenceSection: 'PPC 375A',
        appeal: null,
        offender: null,
        sentence: {
          imprisonmentYears: null,
          lifeImprisonment: true,
          death: false,
          fineRupees: 1_000_000,
          description: 'Imprisonment for life and a fine of Rs 1,000,000',
        },
      }),
    ]);
    const conviction = decidedTrial.verdict!.convictions[0]!;
    // Once only; and no more hearings once decided.
    const again = verdictOn(trial, 5, { findings: [0, 1].map((suspectPosition) => ({ suspectPosition, finding: 'ACQUITTED' })) });
    expect((await call('recordVerdict', again, judge)).data.recordVerdict.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A trial in status DECIDED does not allow recording a verdict.' },
    ]);
    expect((await call('scheduleHearing', listing(trial, 5), judge)).data.scheduleHearing.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A trial in status DECIDED does not allow listing a hearing.' },
    ]);

    const quashed = await call(
      'recordAppealOutcome',
      appeal(conviction, { outcome: 'QUASHED', appellateReference: ' Crl. Appeal No. 12/2026 ' }),
      appellate(trial.province),
    );
    expect(quashed.errors).toBeUndefined();
    expect(quashed.data.recordAppealOutcome).toEqual({
      conviction: {
        id: conviction.id,
        offenceSection: 'PPC 375A',
        appeal: { outcome: 'QUASHED', decidedAt: expect.any(String), reference: 'Crl. Appeal No. 12/2026' },
      },
      userErrors: [],
    });
    expect((await call('recordAppealOutcome', appeal(conviction), appellate(trial.province))).data.recordAppealOutcome.userErrors).toEqual([
      {
        field: null,
        code: 'INVALID_TRANSITION',
        message: 'A conviction QUASHED on appeal does not allow recording an appeal outcome again.',
      },
    ]);
    const final = await trialAsCourt(trial);
    expect(final).toMatchObject({ status: 'DECIDED', version: 6 });
    expect(final.verdict!.convictions[0]!.appeal).toMatchObject({ outcome: 'QUASHED' });

    const judgeSub = `court-writes-judge-${trial.courtId}`;
    expect(await trail('frameCharges', trial.id)).toEqual([
      { subject: judgeSub, agency: 'COURT', field: 'Mutation.frameCharges', rowIds: [trial.id], outcome: 'REFUSED' },
      { subject: judgeSub, agency: 'COURT', field: 'Mutation.frameCharges', rowIds: [trial.id], outcome: 'DONE' },
    ]);
    expect((await trail('scheduleHearing', trial.id)).map((e) => [e.outcome, e.rowIds.length])).toEqual([
      ['REFUSED', 1],
      ['DONE', 2],
    ]);
    expect((await trail('recordHearing', trial.id)).map((e) => [e.outcome, e.rowIds])).toEqual([
      ['REFUSED', [trial.id]],
      ['DONE', [trial.id, hearing.id, afterHearing.hearings.find((h) => h.scheduledFor === nextAt)!.id]],
    ]);
    expect((await trail('recordVerdict', trial.id)).map((e) => [e.outcome, e.rowIds])).toEqual([
      ['REFUSED', [trial.id]],
      ['DONE', [trial.id, conviction.id]],
    ]);
    expect(await trail('recordAppealOutcome', conviction.id)).toEqual([
      {
        subject: `court-writes-appellate-${trial.province}`,
        agency: 'COURT',
        field: 'Mutation.recordAppealOutcome',
        rowIds: [conviction.id],
        outcome: 'REFUSED',
      },
      {
        subject: `court-writes-appellate-${trial.province}`,
        agency: 'COURT',
        field: 'Mutation.recordAppealOutcome',
        rowIds: [conviction.id, trial.id],
        outcome: 'DONE',
      },
    ]);
    expect(await chainOk()).toBe(true);
  });
});

describe('refused by row: another court, another province', () => {
  it("answers another court's trial exactly as a trial that does not exist, for every court mutation, and changes nothing", async () => {
    const trial = pendingOne();
    const stranger = court(otherCourtThan(trial));
    const before = await trialAsCourt(trial);
    const hearingId = before.hearings[0]!.id;
    const inputs: [Name, (trialId: string) => Record<string, unknown>][] = [
      ['frameCharges', (trialId) => ({ ...charging(trial, 1), trialId })],
      ['scheduleHearing', (trialId) => ({ ...listing(trial, 1), trialId })],
      ['recordHearing', (trialId) => ({ trialId, expectedVersion: 1, hearingId, outcome: 'HELD' })],
      ['recordVerdict', (trialId) => ({ ...verdictOn(trial, 1), trialId })],
    ];
    for (const [name, input] of inputs) {
      const hidden = await call(name, input(trial.id), stranger);
      const missing = await call(name, input(randomUUID()), stranger);
      const malformed = await call(name, input('not-an-id'), stranger);
      expect(hidden.data, name).toEqual(missing.data);
      expect(malformed.data, name).toEqual(missing.data);
      expect(hidden.data[name], name).toEqual({
        trial: null,
        userErrors: [{ field: ['input', 'trialId'], code: 'NOT_FOUND', message: 'No trial with this id.' }],
      });
      expect(await outcomes(name, trial.id), name).toEqual(['REFUSED']);
    }
    expect(await trialAsCourt(trial)).toEqual(before);
  });

  it("answers a conviction of another province's trial exactly as one that does not exist; an appellate court without the role is refused outright", async () => {
    const { trial, conviction } = standing();
    const elsewhere: Province = trial.province === 'PUNJAB' ? 'SINDH' : 'PUNJAB';
    const hidden = await call('recordAppealOutcome', appeal(conviction), appellate(elsewhere));
    const missing = await call('recordAppealOutcome', appeal({ id: randomUUID() }), appellate(elsewhere));
    expect(hidden.data).toEqual(missing.data);
    expect(hidden.data.recordAppealOutcome).toEqual({
      conviction: null,
      userErrors: [{ field: ['input', 'convictionId'], code: 'NOT_FOUND', message: 'No conviction with this id.' }],
    });
    // A court token with the province but not the role: the trial court itself, say.
    const noRole = await call(
      'recordAppealOutcome',
      appeal(conviction),
      tokenFor({ agency: 'COURT', sub: 'court-writes-no-role', courtId: trial.courtId, province: trial.province }),
    );
    expect(noRole.data?.recordAppealOutcome ?? null).toBeNull();
    expect(noRole.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['recordAppealOutcome'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    // A token naming no province meets no SAME_PROVINCE row.
    const noProvince = await call(
      'recordAppealOutcome',
      appeal(conviction),
      tokenFor({ agency: 'COURT', sub: 'court-writes-appellate-nowhere', roles: ['appellate'] }),
    );
    expect(noProvince.data).toEqual(missing.data);
    // The refusal by role is top-level, before any row is read: the trail's row entries are the two refused by province.
    expect(await outcomes('recordAppealOutcome', conviction.id)).toEqual(['REFUSED', 'REFUSED']);
    const trialNow = await trialAsCourt(trial);
    expect(trialNow.version).toBe(1);
    expect(trialNow.verdict!.convictions.every((c) => c.appeal === null)).toBe(true);
  });
});

describe('invalid input, illegal steps, stale versions', () => {
  it('frameCharges: INVALID_INPUT naming each field, an unframed trial only, its version current', async () => {
    const trial = spareUnframed;
    const judge = court(trial);
    const bad = await call(
      'frameCharges',
      charging(trial, 0, {
        framedAt: new Date(Date.now() + 3_600_000).toISOString(),
        accused: [
          { suspectPosition: 0, accusedName: '  ', offenceSections: ['PPC 302'] },
          { suspectPosition: 100, accusedName: 'Synthetic', offenceSections: ['PPC 376(1)', 'PPC 376(1)'] },
        ],
      }),
      judge,
    );
    expect(bad.data.frameCharges.trial).toBeNull();
    expect(errorsOf(bad, 'frameCharges')).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.framedAt', 'INVALID_INPUT'],
      ['input.accused.0.accusedName', 'INVALID_INPUT'],
      ['input.accused.0.offenceSections', 'INVALID_INPUT'],
      ['input.accused.1.suspectPosition', 'INVALID_INPUT'],
      ['input.accused.1.offenceSections', 'INVALID_INPUT'],
    ]);
    const twice = charging(trial, 1, { accused: [charging(trial, 1).accused[0], charging(trial, 1).accused[0]] });
    expect(errorsOf(await call('frameCharges', twice, judge), 'frameCharges')).toEqual([['input.accused', 'INVALID_INPUT']]);
    expect(errorsOf(await call('frameCharges', charging(trial, 1, { accused: [] }), judge), 'frameCharges')).toEqual([
      ['input.accused', 'INVALID_INPUT'],
    ]);
    const beforeFiling = await call(
      'frameCharges',
      charging(trial, 1, { framedAt: new Date(trial.filedAt.getTime() - 86_400_000).toISOString() }),
      judge,
    );
    expect(beforeFiling.data.frameCharges.userErrors).toEqual([
      { field: ['input', 'framedAt'], code: 'INVALID_INPUT', message: 'The charges cannot be framed before the trial was filed.' },
    ]);
    expect(errorsOf(await call('frameCharges', charging(trial, 2), judge), 'frameCharges')).toEqual([
      ['input.expectedVersion', 'STALE_VERSION'],
    ]);
    expect(await outcomes('frameCharges', trial.id)).toEqual(['REFUSED', 'INVALID', 'INVALID', 'INVALID', 'INVALID']);
    expect(await trialAsCourt(trial)).toMatchObject({ version: 1, charges: [] });
    // Past CHARGE_FRAMED, even with no charges: too late to frame them.
    const inEvidence = trials.find((t) => t.status === 'PROSECUTION_EVIDENCE' && t.charges.length === 0)!;
    expect((await call('frameCharges', charging(inEvidence, 1), court(inEvidence))).data.frameCharges.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A trial in status PROSECUTION_EVIDENCE does not allow framing the charges.' },
    ]);
    // ... and a verdict needs charges.
    expect(
      (await call('recordVerdict', verdictOn(trial, 1, { findings: [{ suspectPosition: 0, finding: 'ACQUITTED' }] }), judge)).data
        .recordVerdict.userErrors,
    ).toEqual([
      {
        field: null,
        code: 'INVALID_TRANSITION',
        message: 'A trial in status CHARGE_FRAMED with no charges framed does not allow recording a verdict.',
      },
    ]);
  });

  it('scheduleHearing and recordHearing: dates in order, a reason for an adjournment, a hearing whose time has come, recorded once', async () => {
    const trial = pendingOne();
    const judge = court(trial);
    const bad = await call(
      'scheduleHearing',
      listing(trial, 0, { purpose: ' ', scheduledFor: new Date(Date.now() + 400 * 86_400_000).toISOString() }),
      judge,
    );
    expect(errorsOf(bad, 'scheduleHearing')).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.scheduledFor', 'INVALID_INPUT'],
      ['input.purpose', 'INVALID_INPUT'],
    ]);
    const early = await call(
      'scheduleHearing',
      listing(trial, 1, { scheduledFor: new Date(trial.filedAt.getTime() - 60_000).toISOString() }),
      judge,
    );
    expect(early.data.scheduleHearing.userErrors).toEqual([
      { field: ['input', 'scheduledFor'], code: 'INVALID_INPUT', message: 'A hearing cannot be listed before the trial was filed.' },
    ]);
    expect(errorsOf(await call('scheduleHearing', listing(trial, 2), judge), 'scheduleHearing')).toEqual([
      ['input.expectedVersion', 'STALE_VERSION'],
    ]);
    const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const listed = await call(
      'scheduleHearing',
      listing(trial, 1, { scheduledFor: future, inCamera: false, purpose: 'Announcement of judgment' }),
      judge,
    );
    const upcoming = (listed.data.scheduleHearing.trial as TrialRead).hearings.find((h) => h.scheduledFor === future)!;
    expect(upcoming).toMatchObject({ outcome: 'SCHEDULED', inCamera: false, purpose: 'Announcement of judgment' });

    const record = (overrides: Record<string, unknown>) =>
      call('recordHearing', { trialId: trial.id, expectedVersion: 2, hearingId: upcoming.id, outcome: 'HELD', ...overrides }, judge);
    expect(errorsOf(await record({ expectedVersion: 0, outcome: 'ADJOURNED' }), 'recordHearing')).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.adjournmentReason', 'INVALID_INPUT'],
    ]);
    expect(errorsOf(await record({ outcome: 'SCHEDULED' }), 'recordHearing')).toEqual([['input.outcome', 'INVALID_INPUT']]);
    expect(errorsOf(await record({ adjournmentReason: 'Held, yet a reason', nextHearingAt: future }), 'recordHearing')).toEqual([
      ['input.adjournmentReason', 'INVALID_INPUT'],
      ['input.nextHearingAt', 'INVALID_INPUT'],
    ]);
    // Its time has not come.
    expect((await record({})).data.recordHearing.userErrors).toEqual([
      {
        field: ['input', 'hearingId'],
        code: 'INVALID_INPUT',
        message: 'The hearing is listed for a time still to come: its outcome is recorded once it has taken place.',
      },
    ]);
    // Another trial's hearing is no hearing of this trial.
    const elsewhere = (await trialAsCourt(pendingOne())).hearings[0]!.id;
    expect((await record({ hearingId: elsewhere })).data.recordHearing.userErrors).toEqual([
      { field: ['input', 'hearingId'], code: 'NOT_FOUND', message: 'No hearing of this trial with this id.' },
    ]);
    expect(errorsOf(await record({ expectedVersion: 1 }), 'recordHearing')).toEqual([['input.expectedVersion', 'STALE_VERSION']]);
    // The next date comes after the hearing adjourned.
    const dueAt = hoursAgo(2);
    const past = await call('scheduleHearing', listing(trial, 2, { scheduledFor: dueAt }), judge);
    const due = (past.data.scheduleHearing.trial as TrialRead).hearings.find((h) => h.scheduledFor === dueAt)!;
    const backwards = await call(
      'recordHearing',
      {
        trialId: trial.id,
        expectedVersion: 3,
        hearingId: due.id,
        outcome: 'ADJOURNED',
        adjournmentReason: 'Lawyers on strike',
        nextHearingAt: hoursAgo(30),
      },
      judge,
    );
    expect(backwards.data.recordHearing.userErrors).toEqual([
      { field: ['input', 'nextHearingAt'], code: 'INVALID_INPUT', message: 'The next date must come after the hearing adjourned.' },
    ]);
    const held = await call('recordHearing', { trialId: trial.id, expectedVersion: 3, hearingId: due.id, outcome: 'HELD' }, judge);
    expect(held.data.recordHearing.trial.hearings.find((h: { id: string }) => h.id === due.id)).toMatchObject({
      outcome: 'HELD',
      adjournmentReason: null,
    });
    expect(await trialAsCourt(trial)).toMatchObject({ version: 4 });
    // A transferred trial takes no more hearings.
    const transferred = trials.find((t) => t.status === 'TRANSFERRED')!;
    expect((await call('scheduleHearing', listing(transferred, 1), court(transferred))).data.scheduleHearing.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A trial in status TRANSFERRED does not allow listing a hearing.' },
    ]);
  });

  it('recordVerdict: every accused exactly once, a sentence in range for a conviction and none for an acquittal, after the charges', async () => {
    const trial = pendingTwo();
    const judge = court(trial);
    const [first, second] = accusedOf(trial) as [number, number];
    const section = trial.charges.find((c) => c.suspectPosition === first)!.offenceSection;
    const bad = await call(
      'recordVerdict',
      verdictOn(trial, 0, {
        decidedAt: new Date(Date.now() + 3_600_000).toISOString(),
        findings: [
          {
            suspectPosition: first,
            finding: 'CONVICTED',
            offenceSection: 'PPC 302',
            sentence: { imprisonmentYears: 30, death: true, fineRupees: 0, description: ' ' },
          },
          { suspectPosition: second, finding: 'ACQUITTED', offenceSection: section, sentence: SENTENCE },
        ],
      }),
      judge,
    );
    expect(errorsOf(bad, 'recordVerdict')).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.decidedAt', 'INVALID_INPUT'],
      ['input.findings.0.offenceSection', 'INVALID_INPUT'],
      ['input.findings.0.sentence.imprisonmentYears', 'INVALID_INPUT'],
      ['input.findings.0.sentence.fineRupees', 'INVALID_INPUT'],
      ['input.findings.0.sentence', 'INVALID_INPUT'],
      ['input.findings.0.sentence.description', 'INVALID_INPUT'],
      ['input.findings.1.offenceSection', 'INVALID_INPUT'],
      ['input.findings.1.sentence', 'INVALID_INPUT'],
    ]);
    const noSentence = verdictOn(trial, 1, {
      findings: [
        { suspectPosition: first, finding: 'CONVICTED' },
        { suspectPosition: second, finding: 'ACQUITTED' },
      ],
    });
    expect(errorsOf(await call('recordVerdict', noSentence, judge), 'recordVerdict')).toEqual([
      ['input.findings.0.offenceSection', 'INVALID_INPUT'],
      ['input.findings.0.sentence', 'INVALID_INPUT'],
    ]);
    const twice = verdictOn(trial, 1, {
      findings: [
        { suspectPosition: first, finding: 'ACQUITTED' },
        { suspectPosition: first, finding: 'ACQUITTED' },
      ],
    });
    expect(errorsOf(await call('recordVerdict', twice, judge), 'recordVerdict')).toEqual([['input.findings', 'INVALID_INPUT']]);
    // Against the stored charges: one accused left out, and a section the accused was not charged under.
    const uncharged = ['PPC 292A', 'PECA 21', 'PPC 371B'].find((s) => !trial.charges.some((c) => c.offenceSection === s));
    const partial = verdictOn(trial, 1, {
      findings: [{ suspectPosition: first, finding: 'CONVICTED', offenceSection: uncharged, sentence: SENTENCE }],
    });
    expect(errorsOf(await call('recordVerdict', partial, judge), 'recordVerdict')).toEqual([
      ['input.findings', 'INVALID_INPUT'],
      ['input.findings.0.offenceSection', 'INVALID_INPUT'],
    ]);
    const framedAt = Math.max(...trial.charges.map((c) => c.framedAt.getTime()));
    const early = await call('recordVerdict', verdictOn(trial, 1, { decidedAt: new Date(framedAt - 60_000).toISOString() }), judge);
    expect(early.data.recordVerdict.userErrors).toEqual([
      { field: ['input', 'decidedAt'], code: 'INVALID_INPUT', message: 'The verdict must come after the charges were framed.' },
    ]);
    expect(errorsOf(await call('recordVerdict', verdictOn(trial, 2), judge), 'recordVerdict')).toEqual([
      ['input.expectedVersion', 'STALE_VERSION'],
    ]);
    expect(await outcomes('recordVerdict', trial.id)).toEqual(['REFUSED', 'INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID']);
    expect(await trialAsCourt(trial)).toMatchObject({ version: 1, verdict: null });
    // Both convicted: CONVICTED, a conviction each.
    const done = await call('recordVerdict', verdictOn(trial, 1, {}, true), judge);
    expect(done.data.recordVerdict.trial).toMatchObject({ status: 'DECIDED', version: 2, verdict: { outcome: 'CONVICTED' } });
    expect(done.data.recordVerdict.trial.verdict.convictions).toHaveLength(2);
    // All acquitted: ACQUITTED, none.
    const other = pendingOne();
    const acquittal = verdictOn(other, 1, { findings: accusedOf(other).map((p) => ({ suspectPosition: p, finding: 'ACQUITTED' })) });
    expect((await call('recordVerdict', acquittal, court(other))).data.recordVerdict.trial).toMatchObject({
      status: 'DECIDED',
      verdict: { outcome: 'ACQUITTED', convictions: [] },
    });
  });

  it('recordAppealOutcome: a date after the conviction and not in the future, a reference, once', async () => {
    const { trial, conviction } = standing();
    const bench = appellate(trial.province);
    const bad = await call(
      'recordAppealOutcome',
      appeal(conviction, { decidedAt: new Date(Date.now() + 3_600_000).toISOString(), appellateReference: 'x'.repeat(65) }),
      bench,
    );
    expect(errorsOf(bad, 'recordAppealOutcome')).toEqual([
      ['input.decidedAt', 'INVALID_INPUT'],
      ['input.appellateReference', 'INVALID_INPUT'],
    ]);
    const early = await call(
      'recordAppealOutcome',
      appeal(conviction, { decidedAt: new Date(conviction.convictedAt.getTime() - 86_400_000).toISOString() }),
      bench,
    );
    expect(early.data.recordAppealOutcome.userErrors).toEqual([
      { field: ['input', 'decidedAt'], code: 'INVALID_INPUT', message: 'The appeal must be decided after the conviction.' },
    ]);
    const upheld = await call('recordAppealOutcome', appeal(conviction), bench);
    expect(upheld.data.recordAppealOutcome.conviction.appeal).toMatchObject({ outcome: 'UPHELD', reference: 'Crl. Appeal No. 417/2026' });
    expect(errorsOf(await call('recordAppealOutcome', appeal(conviction, { outcome: 'QUASHED' }), bench), 'recordAppealOutcome')).toEqual([
      [null, 'INVALID_TRANSITION'],
    ]);
    expect(await outcomes('recordAppealOutcome', conviction.id)).toEqual(['REFUSED', 'DONE', 'INVALID', 'INVALID']);
    expect(await trialAsCourt(trial)).toMatchObject({ version: 2 });
  });
});

describe('safe retries', () => {
  it('lists one hearing for a scheduleHearing sent twice with a key, and refuses the key with other input', async () => {
    const trial = pendingOne();
    const judge = await court(trial);
    const key = randomUUID();
    const before = (await trialAsCourt(trial)).hearings.length;
    const first = await call('scheduleHearing', listing(trial, 1, { scheduledFor: '2026-12-20T05:00:00.000Z' }), judge, { key });
    expect(first.data.scheduleHearing.userErrors).toEqual([]);
    const again = await call('scheduleHearing', listing(trial, 1, { scheduledFor: '2026-12-20T05:00:00.000Z' }), judge, { key });
    expect(again).toEqual(first);
    const read = await trialAsCourt(trial);
    expect(read.version).toBe(2);
    expect(read.hearings).toHaveLength(before + 1);
    const other = await call('scheduleHearing', listing(trial, 2, { scheduledFor: '2026-12-21T05:00:00.000Z' }), judge, { key });
    expect(other.data?.scheduleHearing ?? null).toBeNull();
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect((await trialAsCourt(trial)).hearings).toHaveLength(before + 1);
    // The replay is on the trail as a read (ALLOWED, naming no row); the change once.
    expect(await outcomes('scheduleHearing', trial.id)).toEqual(['DONE']);
  });

  it('decides a trial once for a recordVerdict sent twice with a key', async () => {
    const trial = pendingOne();
    const judge = await court(trial);
    const key = randomUUID();
    const input = verdictOn(trial, 1, { decidedAt: '2026-12-05T06:00:00.000Z' });
    const first = await call('recordVerdict', input, judge, { key });
    expect(first.data.recordVerdict.userErrors).toEqual([]);
    expect(await call('recordVerdict', input, judge, { key })).toEqual(first);
    const read = await trialAsCourt(trial);
    expect(read).toMatchObject({ version: 2, status: 'DECIDED' });
    expect(read.verdict!.convictions).toHaveLength(1);
  });
});

describe('constant SQL statements', () => {
  async function costOf(name: Name, input: Record<string, unknown>, token: string | Promise<string>) {
    const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, async (requestId) => {
      const response = await call(name, input, token, { requestId });
      expect(response.data[name].userErrors, name).toEqual([]);
    });
    return perSubgraph.courts!;
  }

  it('frameCharges costs the same whatever the trial and however many accused and sections (the charges go in one statement)', async () => {
    const [a, c] = [unframed(), unframed()];
    const one = await costOf('frameCharges', charging(a, 1), court(a));
    const many = await costOf(
      'frameCharges',
      charging(c, 1, {
        accused: [
          { suspectPosition: 0, accusedName: 'First Accused', offenceSections: ['PPC 375A', 'PPC 376(2)'] },
          { suspectPosition: 1, accusedName: 'Second Accused', offenceSections: ['PPC 375A', 'PPC 376(2)'] },
          { suspectPosition: 2, accusedName: 'Third Accused', offenceSections: ['PPC 376(2)'] },
        ],
      }),
      court(c),
    );
    console.info(
      `court writes: frameCharges costs the courts subgraph ${one} SQL statements (1 charge, or 5 charges of 3 accused: ${many})`,
    );
    expect(many).toBe(one);
  });

  it('scheduleHearing and recordHearing cost the same for the 1st and the 10th hearing of a trial', async () => {
    const trial = pendingOne();
    const judge = court(trial);
    const listings: number[] = [];
    const records: number[] = [];
    let version = 1;
    for (let i = 0; i < 10; i += 1) {
      const scheduledFor = new Date(Date.now() - (20 - i) * 3_600_000).toISOString();
      listings.push(await costOf('scheduleHearing', listing(trial, version, { scheduledFor }), judge));
      version += 1;
      const hearing = (await trialAsCourt(trial)).hearings.find((h) => h.scheduledFor === scheduledFor)!;
      const input =
        i % 2 === 0
          ? { trialId: trial.id, expectedVersion: version, hearingId: hearing.id, outcome: 'HELD' }
          : {
              trialId: trial.id,
              expectedVersion: version,
              hearingId: hearing.id,
              outcome: 'ADJOURNED',
              adjournmentReason: 'Judge on leave',
            };
      records.push(await costOf('recordHearing', input, judge));
      version += 1;
    }
    console.info(
      `court writes: scheduleHearing costs ${listings[0]} SQL statements, recordHearing ${records[0]} (1st to 10th hearing of a trial)`,
    );
    expect(new Set(listings).size).toBe(1);
    expect(new Set(records).size).toBe(1);
    // Adjourned to a next date: one statement more, the new listing.
    const dueAt = hoursAgo(1);
    const next = await costOf('scheduleHearing', listing(trial, version, { scheduledFor: dueAt }), judge);
    expect(next).toBe(listings[0]);
    version += 1;
    const due = (await trialAsCourt(trial)).hearings.find((h) => h.scheduledFor === dueAt)!;
    const withNext = await costOf(
      'recordHearing',
      {
        trialId: trial.id,
        expectedVersion: version,
        hearingId: due.id,
        outcome: 'ADJOURNED',
        adjournmentReason: 'Witness not produced',
        nextHearingAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
      judge,
    );
    expect(withNext).toBe(records[0]! + 1);
  });

  it('recordVerdict costs the same on every trial; convictions go in one statement, each conviction one event to the register', async () => {
    const costs: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const trial = pendingOne();
      costs.push(await costOf('recordVerdict', verdictOn(trial, 1), court(trial)));
    }
    const two = pendingTwo();
    const both = await costOf('recordVerdict', verdictOn(two, 1, {}, true), court(two));
    const acquitted = pendingOne();
    const none = await costOf(
      'recordVerdict',
      verdictOn(acquitted, 1, { findings: accusedOf(acquitted).map((p) => ({ suspectPosition: p, finding: 'ACQUITTED' })) }),
      court(acquitted),
    );
    console.info(
      `court writes: recordVerdict costs ${costs[0]} SQL statements (1 conviction; 2 convictions: ${both}; an acquittal: ${none})`,
    );
    expect(new Set(costs).size).toBe(1);
    // The convictions go in one statement; each conviction's event to the register (ConvictionRecorded) is one insert into the outbox.
    expect(both).toBe(costs[0]! + 1);
    // No conviction: no insert of one, and no event but the verdict's own (VerdictRecorded).
    expect(none).toBe(costs[0]! - 2);
  });

  it('recordAppealOutcome costs the same for every conviction, a quash its event more', async () => {
    const costs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { trial, conviction } = standing();
      costs.push(
        await costOf('recordAppealOutcome', appeal(conviction, { outcome: i % 2 ? 'QUASHED' : 'UPHELD' }), appellate(trial.province)),
      );
    }
    console.info(`court writes: recordAppealOutcome costs ${costs[0]} SQL statements (UPHELD), ${costs[1]} (QUASHED)`);
    // UPHELD, QUASHED, UPHELD, ...: each the same, a quash one statement more (its event to the register, ConvictionQuashed).
    expect(new Set(costs.filter((_, i) => i % 2 === 0)).size).toBe(1);
    expect(new Set(costs.filter((_, i) => i % 2 === 1))).toEqual(new Set([costs[0]! + 1]));
  });
});

describe('who may call each court mutation, as DESIGN section 7 says (through the gateway and straight at the subgraph)', () => {
  /** A call by an agency: its answer, and the trial whose version says whether anything was written. */
  type Call = (agency: Agency, url: string, allowed: boolean) => Promise<{ response: GraphQLResponse; trial: TrialFacts; version: number }>;
  const tokenOf = (agency: Agency, own: () => Promise<string>) => {
    if (agency === 'COURT') return own();
    const { identity } = callerFor(agency);
    return identity ? tokenFor(identity) : undefined;
  };
  // A refused caller aims at a trial of its own mutation's kind, which no call changes.
  const refusedTargets = { unframed: spareUnframed, pending: pendingOne(), standing: standing() };
  const calls: Record<Name, Call> = {
    frameCharges: async (agency, url, allowed) => {
      const trial = allowed ? unframed() : refusedTargets.unframed;
      const response = await call(
        'frameCharges',
        charging(trial, 1),
        tokenOf(agency, () => court(trial)),
        { url },
      );
      return { response, trial, version: 1 };
    },
    scheduleHearing: async (agency, url, allowed) => {
      const trial = allowed ? pendingOne() : refusedTargets.pending;
      const response = await call(
        'scheduleHearing',
        listing(trial, 1),
        tokenOf(agency, () => court(trial)),
        { url },
      );
      return { response, trial, version: 1 };
    },
    recordHearing: async (agency, url, allowed) => {
      if (!allowed) {
        const trial = refusedTargets.pending;
        const hearing = (await trialAsCourt(trial)).hearings[0]!;
        const input = { trialId: trial.id, expectedVersion: 1, hearingId: hearing.id, outcome: 'HELD' };
        return {
          response: await call(
            'recordHearing',
            input,
            tokenOf(agency, () => court(trial)),
            { url },
          ),
          trial,
          version: 1,
        };
      }
      // The court lists a hearing that has taken place, then records it.
      const trial = pendingOne();
      const scheduledFor = hoursAgo(2);
      expect((await call('scheduleHearing', listing(trial, 1, { scheduledFor }), court(trial))).data.scheduleHearing.userErrors).toEqual(
        [],
      );
      const hearing = (await trialAsCourt(trial)).hearings.find((h) => h.scheduledFor === scheduledFor)!;
      const input = { trialId: trial.id, expectedVersion: 2, hearingId: hearing.id, outcome: 'HELD' };
      return {
        response: await call(
          'recordHearing',
          input,
          tokenOf(agency, () => court(trial)),
          { url },
        ),
        trial,
        version: 2,
      };
    },
    recordVerdict: async (agency, url, allowed) => {
      const trial = allowed ? pendingOne() : refusedTargets.pending;
      const response = await call(
        'recordVerdict',
        verdictOn(trial, 1),
        tokenOf(agency, () => court(trial)),
        { url },
      );
      return { response, trial, version: 1 };
    },
    recordAppealOutcome: async (agency, url, allowed) => {
      const { trial, conviction } = allowed ? standing() : refusedTargets.standing;
      const response = await call(
        'recordAppealOutcome',
        appeal(conviction),
        tokenOf(agency, () => appellate(trial.province)),
        { url },
      );
      return { response, trial, version: 1 };
    },
  };

  it('has a call for every mutation of the expected table', () => {
    expect(Object.keys(calls).sort()).toEqual([...EXPECTED_COURT_MUTATIONS.keys()].sort());
  });

  for (const target of ['gateway', 'courts'] as const) {
    for (const agency of AGENCIES) {
      it(`${target}: ${agency}`, async () => {
        const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.courts;
        for (const [name, run] of Object.entries(calls) as [Name, Call][]) {
          const allowed = EXPECTED_COURT_MUTATIONS.get(name)![agency] !== '–';
          const { response, trial, version } = await run(agency, url, allowed);
          if (allowed) {
            expect(response.errors, `${agency} ${name}`).toBeUndefined();
            expect(response.data[name].userErrors, `${agency} ${name}`).toEqual([]);
            expect((await trialAsCourt(trial)).version, `${agency} ${name}`).toBe(version + 1);
          } else {
            expect(response.data?.[name] ?? null, `${agency} ${name}`).toBeNull();
            const code =
              agency === 'PUBLIC' && target === 'courts'
                ? expect.stringMatching(/^(UNAUTHORIZED_FIELD_OR_TYPE|UNAUTHENTICATED)$/)
                : 'UNAUTHORIZED_FIELD_OR_TYPE';
            expect(
              response.errors?.map((e) => [e.path, e.extensions?.code]),
              `${agency} ${name}`,
            ).toEqual([[[name], code]]);
            expect((await trialAsCourt(trial)).version, `${agency} ${name}`).toBe(version);
          }
        }
      });
    }
  }
});
