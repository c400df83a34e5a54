/**
 * The flows between agencies (subgraphs/flows.ts, docs/events.md "The
 * flows"), end to end through the gateway on a stack of their own, with the
 * relays running (the embedded HTTP transport; NATS JetStream when NATS_URL
 * is set): a charge sheet filed opens the trial in the district's special
 * court and puts the case ON_TRIAL; the verdict DECIDES the case and puts the
 * convict on the register (number, tier, period, duties, the event on the
 * entry's history); an appeal that quashes the conviction retires the entry.
 * And the guarantees: the same event twice, one effect; the register down
 * when the verdict is recorded, the entry once it is back; a conviction
 * without a CNIC parked with its reason, the rest flowing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, EVENTS_PATH, type OutboxRow } from '#events';
import { requestSigningFromEnv, SIGNATURE_HEADER, signSubgraphRequest } from '#identity';
import { AGENCIES, type Agency, pakistanDate, type Province } from '#reference-data';
import { CRISIS_CELLS_BY_CODE, PROSECUTORS, registerEntries, SPECIAL_COURTS } from '#synthetic-world';
import {
  callerFor,
  convictingVerdict,
  eventually,
  fieldsOfType,
  graphql,
  graphShape,
  type RunningStack,
  seededCases,
  seededTrialsToDecide,
  selectionOf,
  startStack,
  tokenFor,
  UNAUTHORIZED,
  verdictFor,
} from '#test-kit';
import { EXPECTED_ACCESS } from './fixtures/expected-access.ts';

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const PESHAWAR_COURT = SPECIAL_COURTS.find((court) => court.district === 'Peshawar')!;
const PESHAWAR_PROSECUTOR = PROSECUTORS.find((prosecutor) => prosecutor.districtCode === PESHAWAR_COURT.districtCode)!;
const PROVINCE: Province = 'KHYBER_PAKHTUNKHWA';
const arcc = () => tokenFor({ agency: 'ARCC', sub: `flows-arcc-${CELL.code}`, cellId: CELL.id });
const ssoiu = () => tokenFor({ agency: 'SSOIU', sub: 'flows-ssoiu', province: PROVINCE });
const unitHead = () =>
  tokenFor({ agency: 'SSOIU', sub: 'flows-unit-head', province: PROVINCE, roles: ['unit_head'], unitId: randomUUID() });
const officer = (sub: string) => tokenFor({ agency: 'SSOIU', sub, province: PROVINCE, roles: ['investigator'] });
const districtProsecutor = () =>
  tokenFor({ agency: 'PROSECUTION', sub: 'flows-district-prosecutor', province: PROVINCE, roles: ['district_prosecutor'] });
const judge = (courtId = PESHAWAR_COURT.id) => tokenFor({ agency: 'COURT', sub: `flows-judge-${courtId}`, courtId });
const appellate = (province: Province = PROVINCE) =>
  tokenFor({
    agency: 'COURT',
    sub: 'flows-appellate',
    courtId: '6a1f3c2e-9d4b-5e7f-8a0c-1b2d3e4f5a6b',
    province,
    roles: ['appellate'],
  });
const npb = () => tokenFor({ agency: 'NPB', sub: 'flows-npb' });

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({
    world: 'seeded',
    // Quick retries, and few: a refused event is parked within the test.
    env: { LOG_LEVEL: 'error', EVENTS_RETRY_BASE_MS: '100', EVENTS_RETRY_MAX_MS: '400', EVENTS_MAX_ATTEMPTS: '6' },
  });
});

afterAll(async () => {
  await stack?.stop();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
let cnics = 0;
/** A CNIC of this run's own. */
const freshCnic = () =>
  `${String(10000 + (process.pid % 80000)).padStart(5, '0')}-${String(Date.now() % 10_000_000).padStart(7, '0')}-${(cnics += 1) % 10}`;

/** A mutation that must be done: its payload. */
async function done(name: string, selection: string, input: Record<string, unknown>, token: Promise<string>) {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const response = await graphql(
    stack.gatewayUrl,
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
    {
      token: await token,
      variables: { input },
    },
  );
  expect(response.errors, name).toBeUndefined();
  expect(response.data[name].userErrors, name).toEqual([]);
  return response.data[name];
}

async function query(text: string, token: Promise<string>, variables: Record<string, unknown> = {}) {
  const response = await graphql(stack.gatewayUrl, text, { token: await token, variables });
  expect(response.errors).toBeUndefined();
  return response.data;
}

/** Rows of a subgraph's own tables, straight from its database. */
async function rows<T>(subgraph: keyof RunningStack['subgraphs'], sql: string, params: unknown[] = []): Promise<T[]> {
  const database = stack.subgraphs[subgraph].database;
  const em = database.fork();
  return em.getConnection().execute<T[]>(sql.replaceAll('$schema', `"${database.schema}"`), params);
}

const readCase = async (id: string) =>
  (
    await query(
      'query ($id: ID!) { case(id: $id) { status version trial { id caseNumber status version court { id } prosecutor { id } } } }',
      ssoiu(),
      { id },
    )
  ).case;

/** A case through intake, FIR, officer and one arrested suspect, charge-sheeted by its officer: its id, the suspect, the trial opened by the event. */
async function caseOnTrial(cnic: string | null, name = 'Synthetic Accused') {
  const opened = await done(
    'openCase',
    'case { id }',
    {
      reportedAt: hoursAgo(30),
      category: 'RAPE',
      offenceSections: ['PPC 376(1)'],
      district: 'Peshawar',
      survivor: { fullName: 'Synthetic Survivor', ageAtIncident: 30 },
    },
    arcc(),
  );
  const caseId = opened.case.id as string;
  await done(
    'registerFir',
    'case { id }',
    { caseId, expectedVersion: 1, number: `FIR-FLOWS-${randomUUID().slice(0, 8)}`, registeredAt: hoursAgo(20), policeStation: 'Gulbahar' },
    ssoiu(),
  );
  const officerId = randomUUID();
  await done(
    'assignInvestigatingOfficer',
    'case { id }',
    { caseId, expectedVersion: 2, officerId, officerName: 'Inspector Synthetic Officer' },
    unitHead(),
  );
  await done(
    'addSuspect',
    'case { id }',
    { caseId, expectedVersion: 3, name, ...(cnic ? { cnic } : {}), status: 'ARRESTED', arrestedAt: hoursAgo(15) },
    officer(officerId),
  );
  await done('assignProsecutor', '', { caseId, expectedVersion: 4, prosecutorId: PESHAWAR_PROSECUTOR.id }, districtProsecutor());
  const suspect = (await query('query ($id: ID!) { case(id: $id) { suspects { id } } }', ssoiu(), { id: caseId })).case.suspects[0];
  await done(
    'fileChargeSheet',
    'case { id }',
    { caseId, expectedVersion: 5, filedAt: hoursAgo(10), accusedIds: [suspect.id], sections: ['PPC 376(1)'] },
    officer(officerId),
  );
  const onTrial = await eventually(async () => {
    const read = await readCase(caseId);
    return read.status === 'ON_TRIAL' && read.trial ? read : null;
  }, 'the trial opened by ChargeSheetFiled');
  return { caseId, suspect, trial: onTrial.trial as { id: string; caseNumber: string; version: number } };
}

/** The trial's charges framed and its verdict: the accused convicted under PPC 376(1), 14 years. */
async function convicted(trial: { id: string }, name = 'Synthetic Accused') {
  await done(
    'frameCharges',
    'trial { id }',
    {
      trialId: trial.id,
      expectedVersion: 1,
      framedAt: hoursAgo(6),
      accused: [{ suspectPosition: 1, accusedName: name, offenceSections: ['PPC 376(1)'] }],
    },
    judge(),
  );
  const sentence = {
    imprisonmentYears: 14,
    fineRupees: 500_000,
    description: 'Rigorous imprisonment for 14 years and a fine of Rs 500,000',
  };
  const decided = await done(
    'recordVerdict',
    'trial { id verdict { convictions { id } } }',
    {
      trialId: trial.id,
      expectedVersion: 2,
      decidedAt: hoursAgo(1),
      findings: [{ suspectPosition: 1, finding: 'CONVICTED', offenceSection: 'PPC 376(1)', sentence }],
    },
    judge(),
  );
  return { convictionId: decided.trial.verdict.convictions[0].id as string, decidedAt: Date.now() };
}

const ENTRY = 'id registerNumber riskTier registrationEndsAt province district version compliance { nextVerificationDue status }';
const entryOf = async (cnic: string) =>
  (await query(`query ($cnic: String!) { offenderByCnic(cnic: $cnic) { ${ENTRY} } }`, npb(), { cnic })).offenderByCnic;

const today = () => pakistanDate(new Date());
const plusYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

describe('ChargeSheetFiled → TrialOpened', () => {
  it("opens the trial in the district's special court with the case's prosecutor, under the court's next number; the case ON_TRIAL, the court assigned", async () => {
    const { caseId, trial } = await caseOnTrial(freshCnic());
    const read = await readCase(caseId);
    expect(read.trial).toMatchObject({
      status: 'CHARGE_FRAMED',
      version: 1,
      court: { id: PESHAWAR_COURT.id },
      prosecutor: { id: PESHAWAR_PROSECUTOR.id },
    });
    expect(trial.caseNumber).toMatch(new RegExp(`^SC-${PESHAWAR_COURT.districtCode}-${today().slice(0, 4)}-\\d{4}$`));
    expect(read.version).toBe(7);
    // The court now reads the case (ASSIGNED): the event recorded its assignment.
    expect((await query('query ($id: ID!) { case(id: $id) { id status } }', judge(), { id: caseId })).case).toEqual({
      id: caseId,
      status: 'ON_TRIAL',
    });

    // Numbers without gaps: the next trial at the court takes the next one.
    const next = await caseOnTrial(freshCnic());
    const seq = (caseNumber: string) => Number(caseNumber.slice(-4));
    expect(seq(next.trial.caseNumber)).toBe(seq(trial.caseNumber) + 1);
  });
});

describe('VerdictRecorded and ConvictionRecorded', () => {
  it('decides the case with the outcome, and makes the register entry: number, tier, period, first verification due, the event on its history; the conviction names it', async () => {
    const cnic = freshCnic();
    const { caseId, trial } = await caseOnTrial(cnic, 'Synthetic Convict');
    const { convictionId, decidedAt } = await convicted(trial, 'Synthetic Convict');
    const entry = await eventually(() => entryOf(cnic), 'the register entry');
    const delayMs = Date.now() - decidedAt;
    console.info(`flows: verdict to register entry readable in ${delayMs} ms (polling every 50 ms)`);
    const registeredOn = today();
    expect(entry).toMatchObject({
      registerNumber: expect.stringMatching(new RegExp(`^NSOR-KP-${registeredOn.slice(0, 4)}-\\d{6}$`)),
      riskTier: 'MEDIUM',
      registrationEndsAt: plusYears(registeredOn, 15),
      province: PROVINCE,
      district: 'Peshawar',
      version: 1,
      compliance: { status: 'COMPLIANT' },
    });
    expect(entry.compliance.nextVerificationDue > registeredOn).toBe(true);
    await eventually(async () => (await readCase(caseId)).status === 'DECIDED', 'the case DECIDED');
    const [decided] = await rows<{ verdict_outcome: string }>('cases', 'select "verdict_outcome" from $schema."case" where "id" = ?', [
      caseId,
    ]);
    expect(decided!.verdict_outcome).toBe('CONVICTED');

    // The entry's history names the conviction and the event that made it.
    const [event] = await rows<{ id: string; state: string }>(
      'courts',
      `select "id", "state" from $schema."outbox_event" where "type" = 'ConvictionRecorded' and "aggregateid" = ?`,
      [convictionId],
    );
    const history = await rows<{ conviction_id: string; event_id: string; created_entry: boolean }>(
      'offenders',
      'select "conviction_id", "event_id", "created_entry" from $schema."register_conviction" where "offender_id" = ?',
      [entry.id],
    );
    expect(history).toEqual([{ conviction_id: convictionId, event_id: event!.id, created_entry: true }]);

    // And the court's conviction names the entry (OffenderRegistered, back to the courts).
    const offenderOf = async () =>
      (await query('query ($id: ID!) { conviction(id: $id) { offender { id registerNumber } } }', npb(), { id: convictionId })).conviction
        .offender;
    expect(await eventually(offenderOf, 'the conviction naming its entry')).toEqual({ id: entry.id, registerNumber: entry.registerNumber });
  });

  it('applies the same event delivered twice once', async () => {
    const cnic = freshCnic();
    const { trial } = await caseOnTrial(cnic);
    const { convictionId } = await convicted(trial);
    const entry = await eventually(() => entryOf(cnic), 'the register entry');
    const [row] = await rows<OutboxRow>(
      'courts',
      `select * from $schema."outbox_event" where "type" = 'ConvictionRecorded' and "aggregateid" = ?`,
      [convictionId],
    );
    await eventually(
      async () =>
        (await rows<{ state: string }>('courts', 'select "state" from $schema."outbox_event" where "id" = ?', [row!.id]))[0]!.state ===
        'DELIVERED',
      'delivered',
    );
    // Delivered again, as a relay that lost its answer would.
    const body = JSON.stringify(envelopeOf(row!, 'courts'));
    const signing = requestSigningFromEnv(process.env);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signing) headers[SIGNATURE_HEADER] = signSubgraphRequest({ secret: signing.secret, body });
    const again = await fetch(new URL(EVENTS_PATH, stack.subgraphUrls.offenders), { method: 'POST', headers, body });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ outcome: 'duplicate' });
    expect(await entryOf(cnic)).toEqual(entry);
    expect(await rows('offenders', 'select 1 from $schema."register_conviction" where "conviction_id" = ?', [convictionId])).toHaveLength(
      1,
    );
  });

  it('adds a second conviction to the entry with that CNIC: one entry, its history both', async () => {
    const cnic = freshCnic();
    const first = await caseOnTrial(cnic);
    await convicted(first.trial);
    const entry = await eventually(() => entryOf(cnic), 'the register entry');
    const second = await caseOnTrial(cnic);
    const { convictionId } = await convicted(second.trial);
    await eventually(
      async () =>
        (await rows('offenders', 'select 1 from $schema."register_conviction" where "conviction_id" = ?', [convictionId])).length === 1,
      'the second conviction',
    );
    expect(await entryOf(cnic)).toMatchObject({ id: entry.id, registerNumber: entry.registerNumber, version: 2 });
  });

  it('takes a convict of a seeded trial to the register too: the seed keeps its accused as the charge sheet would', async () => {
    const seeded = seededTrialsToDecide()[0]!;
    const sentence = {
      imprisonmentYears: 10,
      fineRupees: 100_000,
      description: 'Rigorous imprisonment for 10 years and a fine of Rs 100,000',
    };
    await done(
      'recordVerdict',
      'trial { id }',
      convictingVerdict(seeded, sentence, new Date(Date.now() - 3_600_000)),
      judge(seeded.trial.courtId),
    );
    const entry = await eventually(() => entryOf(seeded.convict.cnic!), "the seeded trial's convict on the register");
    expect(entry).toMatchObject({ registerNumber: expect.stringMatching(/^NSOR-/), version: 1 });
  });

  it('the register down when the verdict is recorded: the entry appears once it is back', async () => {
    const cnic = freshCnic();
    const { trial } = await caseOnTrial(cnic);
    const register = await stack.down('offenders');
    let convictionId: string;
    try {
      ({ convictionId } = await convicted(trial));
      const outbox = async () =>
        (
          await rows<{ state: string; attempts: number; last_error: string | null }>(
            'courts',
            `select "state", "attempts", "last_error" from $schema."outbox_event" where "type" = 'ConvictionRecorded' and "aggregateid" = ?`,
            [convictionId],
          )
        )[0];
      if (process.env.NATS_URL) {
        // On NATS the relay's delivery is into the stream, where the event waits for the register's durable consumer.
        await eventually(async () => (await outbox())?.state === 'DELIVERED', 'published into the stream');
      } else {
        // Over HTTP the relay tries the register, fails, and will try again.
        const failed = await eventually(async () => {
          const row = await outbox();
          return row?.last_error ? row : null;
        }, 'a failed try');
        expect(failed.state).toBe('PENDING');
        expect(failed.last_error).toMatch(/offenders/);
      }
      expect(await rows('offenders', 'select 1 from $schema."register_conviction" where "conviction_id" = ?', [convictionId])).toEqual([]);
    } finally {
      await register.back();
    }
    // Within its tries (6 here, 100 to 400 ms apart): delivered once the register answers.
    await eventually(() => entryOf(cnic), 'the register entry after the register came back');
  });

  it('parks a conviction without a CNIC with its reason, naming no person; the rest keep flowing', async () => {
    const { caseId, trial } = await caseOnTrial(null, 'Synthetic Unnamed');
    const { convictionId } = await convicted(trial, 'Synthetic Unnamed');
    // Parked where it gave up: by the relay in the courts' outbox (HTTP), by the register's NATS consumer in its inbox.
    const parked = await eventually(
      async () =>
        (process.env.NATS_URL
          ? await rows<{ last_error: string }>(
              'offenders',
              `select "last_error" from $schema."inbox_event" where "type" = 'ConvictionRecorded' and "aggregateid" = ? and "state" = 'PARKED'`,
              [convictionId],
            )
          : await rows<{ last_error: string }>(
              'courts',
              `select "last_error" from $schema."outbox_event" where "type" = 'ConvictionRecorded' and "aggregateid" = ? and "state" = 'PARKED'`,
              [convictionId],
            ))[0],
      'the event parked',
    );
    expect(parked.last_error).toContain('names no CNIC');
    expect(parked.last_error).not.toContain('Synthetic');
    // The verdict's other event went its way: the case is DECIDED.
    await eventually(async () => (await readCase(caseId)).status === 'DECIDED', 'the case DECIDED');
  });
});

describe('ConvictionQuashed', () => {
  it('ends the conviction’s effect: with no conviction left, the entry is retired (its registration ends on the day of the quash)', async () => {
    const cnic = freshCnic();
    const { trial } = await caseOnTrial(cnic);
    const { convictionId } = await convicted(trial);
    const entry = await eventually(() => entryOf(cnic), 'the register entry');
    await done(
      'recordAppealOutcome',
      'conviction { id }',
      { convictionId, outcome: 'QUASHED', decidedAt: new Date().toISOString(), appellateReference: 'Crl. Appeal No. 1/2026' },
      appellate(),
    );
    const retired = await eventually(async () => {
      const read = await entryOf(cnic);
      return read.version > entry.version ? read : null;
    }, 'the entry retired');
    expect(retired.registrationEndsAt).toBe(today());
    const [history] = await rows<{ quashed_at: Date | null; quash_event_id: string | null }>(
      'offenders',
      'select "quashed_at", "quash_event_id" from $schema."register_conviction" where "conviction_id" = ?',
      [convictionId],
    );
    expect(history!.quashed_at).not.toBeNull();
    expect(history!.quash_event_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('ConvictionQuashed of a seeded conviction', () => {
  /** The seed's convictions, each with its convict and register entry as the world has them. */
  const seededConvictions = () => {
    const entries = new Map([...registerEntries(1)].map((entry) => [entry.id, entry]));
    return seededCases().flatMap((facts) =>
      (facts.trial?.verdict?.convictions ?? []).map((conviction) => ({
        conviction,
        trial: facts.trial!,
        convict: facts.suspects[conviction.suspectPosition]!,
        entry: entries.get(conviction.offenderId)!,
      })),
    );
  };
  const quash = (seeded: ReturnType<typeof seededConvictions>[number], reference: string) =>
    done(
      'recordAppealOutcome',
      'conviction { id }',
      { convictionId: seeded.conviction.id, outcome: 'QUASHED', decidedAt: new Date().toISOString(), appellateReference: reference },
      appellate(seeded.trial.province),
    );
  /** The quash's way: delivered by the courts' relay, applied in the register's inbox, the conviction's effect ended on the entry's history. */
  const applied = async (convictionId: string) => {
    const [event] = await eventually(async () => {
      const found = await rows<{ id: string; state: string }>(
        'courts',
        `select "id", "state" from $schema."outbox_event" where "type" = 'ConvictionQuashed' and "aggregateid" = ? and "state" <> 'PENDING'`,
        [convictionId],
      );
      return found.length > 0 ? found : null;
    }, 'the quash delivered or parked');
    expect(event!.state).toBe('DELIVERED');
    const [inbox] = await eventually(async () => {
      const found = await rows<{ state: string }>('offenders', 'select "state" from $schema."inbox_event" where "event_id" = ?', [
        event!.id,
      ]);
      return found.length > 0 ? found : null;
    }, 'the quash in the register inbox');
    expect(inbox!.state).toBe('APPLIED');
    const history = await rows<{ quash_event_id: string | null; quashed_at: Date | null }>(
      'offenders',
      'select "quash_event_id", "quashed_at" from $schema."register_conviction" where "conviction_id" = ?',
      [convictionId],
    );
    expect(history).toEqual([{ quash_event_id: event!.id, quashed_at: expect.anything() }]);
  };

  it("retires the entry the conviction made: the seed puts each seeded conviction on its entry's history, as ConvictionRecorded would", async () => {
    const seeded = seededConvictions().find(
      ({ convict, entry }) => convict.repeatOffenderIndex === null && entry.registrationEndsAt > today(),
    )!;
    expect(
      await rows('offenders', 'select "created_entry" from $schema."register_conviction" where "conviction_id" = ?', [
        seeded.conviction.id,
      ]),
    ).toEqual([{ created_entry: true }]);
    await quash(seeded, 'Crl. Appeal No. 3/2026');
    await applied(seeded.conviction.id);
    // No conviction left on it: the entry is retired, its registration ending on the day of the quash.
    expect(await entryOf(seeded.convict.cnic!)).toMatchObject({ id: seeded.entry.id, registrationEndsAt: today(), version: 2 });
  });

  it("returns a repeat offender's historical entry to what it held before the seeded conviction", async () => {
    const seeded = seededConvictions().find(({ convict }) => convict.repeatOffenderIndex !== null)!;
    const before = await entryOf(seeded.convict.cnic!);
    expect(before).toMatchObject({
      id: seeded.entry.id,
      riskTier: seeded.entry.riskTier,
      registrationEndsAt: seeded.entry.registrationEndsAt,
    });
    await quash(seeded, 'Crl. Appeal No. 4/2026');
    await applied(seeded.conviction.id);
    expect(await entryOf(seeded.convict.cnic!)).toMatchObject({
      id: seeded.entry.id,
      riskTier: seeded.entry.riskTier,
      registrationEndsAt: seeded.entry.registrationEndsAt,
      version: before.version + 1,
    });
  });
});

describe('Query.registerEntryHistory and every field of RegisterEntryConviction, read by every agency through the gateway and straight at the offenders subgraph', () => {
  const shape = graphShape();
  const fields = fieldsOfType(shape, 'RegisterEntryConviction', { api: true });
  const coordinates = ['Query.registerEntryHistory', ...fields.map((field) => `RegisterEntryConviction.${field}`)];
  const access = (coordinate: string, agency: Agency) => EXPECTED_ACCESS.get(coordinate)?.[agency] ?? '–';
  let entry: { id: string; convictionId: string };

  beforeAll(async () => {
    const cnic = freshCnic();
    const { trial } = await caseOnTrial(cnic);
    const { convictionId } = await convicted(trial);
    const made = await eventually(() => entryOf(cnic), 'the register entry');
    await done(
      'recordAppealOutcome',
      'conviction { id }',
      { convictionId, outcome: 'QUASHED', decidedAt: new Date().toISOString(), appellateReference: 'Crl. Appeal No. 2/2026' },
      appellate(),
    );
    await eventually(async () => (await entryOf(cnic)).version > made.version, 'the quash applied');
    entry = { id: made.id, convictionId };
  });

  it('has no row condition for any agency: each reads all of it or none', () => {
    for (const agency of AGENCIES) for (const coordinate of coordinates) expect(['–', 'yes']).toContain(access(coordinate, agency));
  });

  it.each(['gateway', 'offenders'] as const)('at %s', async (target) => {
    const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.offenders;
    const query = `query ($id: ID!) { registerEntryHistory(offenderId: $id) { ${selectionOf(shape, 'RegisterEntryConviction', fields)} } }`;
    const problems: string[] = [];
    const reads: Agency[] = [];
    for (const agency of AGENCIES) {
      const { identity } = callerFor(agency);
      const response = await graphql(url, query, { token: identity ? await tokenFor(identity) : undefined, variables: { id: entry.id } });
      const readable = (coordinate: string) => access(coordinate, agency) !== '–';
      for (const coordinate of coordinates) {
        const [type, field] = coordinate.split('.') as [string, string];
        const verdict = verdictFor(
          response,
          type === 'Query' ? [] : ['registerEntryHistory'],
          field,
          readable(coordinate) ? 'readable' : 'refused',
        );
        problems.push(...verdict.problems.map((problem) => `${agency} ${coordinate}: ${problem}`));
      }
      const others = (response.errors ?? []).filter((error) => error.extensions?.code !== UNAUTHORIZED);
      if (others.length > 0) problems.push(`${agency}: errors other than ${UNAUTHORIZED}: ${JSON.stringify(others)}`);
      if (readable('Query.registerEntryHistory')) {
        reads.push(agency);
        expect(response.data.registerEntryHistory, agency).toEqual([
          expect.objectContaining({
            convictionId: entry.convictionId,
            eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
            createdEntry: true,
            offenceSection: 'PPC 376(1)',
            riskTier: 'MEDIUM',
            quashedAt: expect.any(String),
            quashEventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          }),
        ]);
      } else expect(JSON.stringify(response.data ?? null), agency).not.toContain(entry.convictionId);
    }
    expect(problems).toEqual([]);
    expect(reads).toEqual(['NPB', 'AUDITOR']);
  });
});
