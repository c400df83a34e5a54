/**
 * Events between agencies under faults (issue 13; docs/events.md "Faults"),
 * with the subgraphs as OS processes of their own where a fault is a process
 * dying, on the suite's database (PGlite data directories on disk, or
 * PostgreSQL with TEST_DATABASE_URL) and transport (signed HTTP, or NATS
 * JetStream with NATS_URL):
 *
 *   - the courts' process killed with SIGKILL after the verdict's commit and
 *     before its ConvictionRecorded is delivered — its request not yet at
 *     the register, or applied there with the answer not yet back — is
 *     delivered by the process started again: one register entry;
 *   - two processes of each subgraph on one database (PostgreSQL): every
 *     effect once, no event delivered twice;
 *   - a NATS server of the test's own stopped and started again while
 *     verdicts are recorded (NATS_URL): nothing lost, nothing twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Province } from '#reference-data';
import {
  convictingVerdict,
  eventually as eventuallyWithin,
  graphql,
  metricSum,
  natsServerMissing,
  type PrivateNatsServer,
  type RunningProcessStack,
  type RunningStack,
  seededCases,
  seededTrialsToDecide,
  startPrivateNatsServer,
  startProcessStack,
  startStack,
  startTcpProxy,
  type TcpProxy,
  tokenFor,
  type TrialToDecide,
} from '#test-kit';

const NATS_URL = process.env.NATS_URL;
const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
const TRANSPORT = NATS_URL ? 'NATS JetStream' : 'signed HTTP';

const SENTENCE = { imprisonmentYears: 14, fineRupees: 500_000, description: 'Rigorous imprisonment for 14 years and a fine of Rs 500,000' };
const npb = () => tokenFor({ agency: 'NPB', sub: 'faults-npb' });
const judge = (courtId: string) => tokenFor({ agency: 'COURT', sub: `faults-judge-${courtId}`, courtId });

/** The seeded trials this file decides, each taken once across its tests. */
const trials = seededTrialsToDecide();
let trialsTaken = 0;
const nextTrials = (count: number) => {
  const taken = trials.slice(trialsTaken, trialsTaken + count);
  trialsTaken += count;
  if (taken.length < count) throw new Error(`the seeded world has ${trials.length} trials to decide; this file needs more`);
  return taken;
};

/** Waits for what the processes do, with time for a process's restart. */
const eventually = <T>(read: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000) =>
  eventuallyWithin(read, what, timeoutMs);

/** A PostgreSQL array literal of ids, for `= any(?::uuid[])`. */
const list = (values: readonly string[]) => `{${values.join(',')}}`;

/** Records the verdict convicting the trial's convict; answers the conviction's id. */
async function recordConviction(gatewayUrl: string, seeded: TrialToDecide): Promise<string> {
  const response = await graphql(
    gatewayUrl,
    'mutation ($input: RecordVerdictInput!) { recordVerdict(input: $input) { trial { verdict { convictions { id } } } userErrors { code message } } }',
    {
      token: await judge(seeded.trial.courtId),
      variables: { input: convictingVerdict(seeded, SENTENCE, new Date(Date.now() - 3_600_000)) },
    },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data.recordVerdict.userErrors).toEqual([]);
  return response.data.recordVerdict.trial.verdict.convictions[0].id;
}

/** The register's entry for a CNIC, with its history (each conviction the events brought), as NPB reads them; null while there is none. */
async function registered(gatewayUrl: string, cnic: string) {
  const token = await npb();
  const entry = (
    await graphql(gatewayUrl, 'query ($cnic: String!) { offenderByCnic(cnic: $cnic) { id registerNumber version } }', {
      token,
      variables: { cnic },
    })
  ).data?.offenderByCnic as { id: string; registerNumber: string; version: number } | null;
  if (!entry) return null;
  const history = (
    await graphql(gatewayUrl, 'query ($id: ID!) { registerEntryHistory(offenderId: $id) { convictionId eventId } }', {
      token,
      variables: { id: entry.id },
    })
  ).data.registerEntryHistory as { convictionId: string; eventId: string }[];
  return { ...entry, history };
}

describe(`the courts' process killed (SIGKILL) after the verdict's commit, before its delivery (${TRANSPORT})`, () => {
  let stack: RunningProcessStack;
  /** Between the courts and where their events go: the register's port (HTTP), or NATS. */
  let proxy: TcpProxy;
  const target = { host: '127.0.0.1', port: 0 };

  beforeAll(async () => {
    if (NATS_URL) Object.assign(target, { host: new URL(NATS_URL).hostname, port: Number(new URL(NATS_URL).port || 4222) });
    proxy = await startTcpProxy(target);
    stack = await startProcessStack({
      // The flow under test and no more: the verdict's other event (VerdictRecorded, to cases) waits in the outbox.
      subgraphs: ['courts', 'offenders'],
      env: {
        // A claimed event is the relay's for 5 s; its delivery may take 4 s (the window to kill it in).
        EVENTS_DELIVERY_TIMEOUT_MS: '4000',
        EVENTS_LEASE_MS: '5000',
        EVENTS_POLL_MS: '100',
        EVENTS_RETRY_BASE_MS: '200',
        EVENTS_RETRY_MAX_MS: '1000',
      },
      envOf: (name, _replica, urls) => {
        if (name !== 'courts') return undefined;
        if (NATS_URL) return { NATS_URL: `nats://127.0.0.1:${proxy.port}` };
        target.port = Number(new URL(urls.offenders).port);
        return { OFFENDERS_URL: `http://127.0.0.1:${proxy.port}/graphql` };
      },
    });
    // A first conviction goes its whole way through the proxy (on NATS it also makes the relay's stream ready).
    const [first] = nextTrials(1);
    await recordConviction(stack.gatewayUrls[0]!, first!);
    await eventually(() => registered(stack.gatewayUrls[0]!, first!.convict.cnic!), 'a first entry, before any fault');
  });

  afterAll(async () => {
    await stack?.stop();
    await proxy?.close();
  });

  const courtsMetric = (name: string, labels: Record<string, string>) => metricSum(stack.process('courts').url, name, labels);

  /** SIGKILL; on PGlite, the owner file its data directory keeps names the dead process (no release ran), and the restart takes it over. */
  async function killCourts() {
    const courts = stack.process('courts');
    await courts.kill();
    const env = stack.database.env;
    if (env && 'DATA_DIR' in env) {
      const ownerFile = `${join(env.DATA_DIR, 'courts')}.owner.json`;
      expect(existsSync(ownerFile)).toBe(true);
      expect(JSON.parse(readFileSync(ownerFile, 'utf8'))).toMatchObject({ pid: courts.pid });
    }
  }

  /** After the restart: delivered (none pending), and in the register once — one entry, whose history holds the conviction once. */
  async function deliveredOnce(cnic: string, convictionId: string) {
    const gatewayUrl = stack.gatewayUrls[0]!;
    const entry = await eventually(() => registered(gatewayUrl, cnic), 'the register entry');
    await eventually(async () => (await courtsMetric('events_pending', { type: 'ConvictionRecorded' })) === 0, 'the outbox delivered');
    expect(await courtsMetric('events_parked', { type: 'ConvictionRecorded' })).toBe(0);
    expect(entry.version).toBe(1);
    expect(entry.history).toEqual([{ convictionId, eventId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
    return entry;
  }

  it('its request not yet at the register: the process started again delivers it once the lease has run out', async () => {
    const [seeded] = nextTrials(1);
    const gatewayUrl = stack.gatewayUrls[0]!;
    const before = proxy.sent().length;
    proxy.hold('requests');
    const convictionId = await recordConviction(gatewayUrl, seeded!);
    // The relay claimed it (leased) and is delivering it: its request is in the proxy, not at the register.
    await eventually(async () => proxy.sent().slice(before).includes(convictionId), 'the delivery under way');
    await killCourts();
    expect(await registered(gatewayUrl, seeded!.convict.cnic!)).toBeNull();
    // What the dead process sent went with its connection; the way to the register is open again.
    proxy.release();
    await stack.restart('courts');
    await deliveredOnce(seeded!.convict.cnic!, convictionId);
    expect(await courtsMetric('events_delivered_total', { type: 'ConvictionRecorded' })).toBe(1);
  });

  it('applied by the register with its answer not yet back: delivered again by the process started again, and applied once', async () => {
    const [seeded] = nextTrials(1);
    const gatewayUrl = stack.gatewayUrls[0]!;
    const duplicatesBefore = await metricSum(stack.process('offenders').url, 'events_consumed_total', {
      type: 'ConvictionRecorded',
      outcome: 'duplicate',
    });
    proxy.hold('answers');
    const convictionId = await recordConviction(gatewayUrl, seeded!);
    // The register applied it (over HTTP, the relay's request; on NATS, from the stream the publish reached) ...
    await eventually(() => registered(gatewayUrl, seeded!.convict.cnic!), 'the entry made before the answer is back');
    // ... while the courts' outbox still holds it: the relay has not heard.
    expect(await courtsMetric('events_pending', { type: 'ConvictionRecorded' })).toBe(1);
    await killCourts();
    proxy.release();
    await stack.restart('courts');
    await deliveredOnce(seeded!.convict.cnic!, convictionId);
    const duplicates = await metricSum(stack.process('offenders').url, 'events_consumed_total', {
      type: 'ConvictionRecorded',
      outcome: 'duplicate',
    });
    // Over HTTP the register received it again (once the relay's lost answer timed out, maybe more than once) and
    // found it in its inbox; on NATS the stream dropped the second publish (same message id, within the duplicate
    // window), so the register never saw it twice.
    if (NATS_URL) expect(duplicates - duplicatesBefore).toBe(0);
    else expect(duplicates - duplicatesBefore).toBeGreaterThanOrEqual(1);
  });
});

describe.skipIf(!ON_POSTGRES)(
  `two processes of each subgraph on one database (${TRANSPORT}; PostgreSQL only: a PGlite data directory has one owner process)`,
  () => {
    let stack: RunningProcessStack;
    const sql = <T>(text: string, params: unknown[] = []) => stack.sql<T>(text, params);

    beforeAll(async () => {
      stack = await startProcessStack({ subgraphs: ['cases', 'courts', 'offenders'], replicas: 2 });
    });

    afterAll(async () => {
      await stack?.stop();
    });

    /** Seeded cases under investigation whose officer can file the charge sheet now. */
    const caseToCharge = () =>
      seededCases().filter(
        (facts) =>
          facts.status === 'UNDER_INVESTIGATION' &&
          facts.investigation?.status === 'OPEN' &&
          facts.fir &&
          facts.suspects.some((s) => s.status !== 'DISCHARGED' && s.cnic),
      );

    it('applies every effect once, numbers without duplicates, and delivers no event twice', async () => {
      const verdicts = nextTrials(6);
      const sheets = caseToCharge().slice(0, 4);
      expect(sheets).toHaveLength(4);
      const gateway = (i: number) => stack.gatewayUrls[i % 2]!;
      // Every act through one replica set's gateway or the other's, all at once.
      const convictionIds = await Promise.all(verdicts.map((seeded, i) => recordConviction(gateway(i), seeded)));
      await Promise.all(
        sheets.map(async (facts, i) => {
          const accused = facts.suspects.filter((s) => s.status !== 'DISCHARGED');
          const response = await graphql(
            gateway(i),
            'mutation ($input: FileChargeSheetInput!) { fileChargeSheet(input: $input) { userErrors { code message } } }',
            {
              token: await tokenFor({
                agency: 'SSOIU',
                sub: facts.investigation!.investigatingOfficerId,
                province: facts.province as Province,
                roles: ['investigator'],
              }),
              variables: {
                input: {
                  caseId: facts.id,
                  expectedVersion: 1,
                  filedAt: new Date(Date.now() - 3_600_000).toISOString(),
                  accusedIds: accused.map((s) => s.id),
                  sections: facts.offenceSections.slice(0, 1),
                },
              },
            },
          );
          expect(response.errors).toBeUndefined();
          expect(response.data.fileChargeSheet.userErrors).toEqual([]);
        }),
      );
      const caseIds = sheets.map((facts) => facts.id);

      // Every effect, in each consumer: the register's entries, the trials opened, the cases moved.
      await eventually(
        async () =>
          (await sql('select 1 from offenders.register_conviction where conviction_id = any(?::uuid[])', [list(convictionIds)])).length ===
          verdicts.length,
        'every conviction on the register',
      );
      await eventually(
        async () =>
          (await sql(`select 1 from cases."case" where id = any(?::uuid[]) and status = 'ON_TRIAL'`, [list(caseIds)])).length ===
          sheets.length,
        'every charge-sheeted case ON_TRIAL',
      );
      await eventually(
        async () =>
          (await sql(`select 1 from courts.outbox_event where state <> 'DELIVERED'`)).length === 0 &&
          (await sql(`select 1 from cases.outbox_event where state <> 'DELIVERED'`)).length === 0 &&
          (await sql(`select 1 from offenders.outbox_event where state <> 'DELIVERED'`)).length === 0,
        'every outbox delivered',
      );

      // Once each: one inbox row per event, applied; one entry per convict; one trial per case.
      const inboxes = await sql<{ consumer: string; type: string; events: number; applied: number; rows: number }>(
        `select consumer, type, count(distinct event_id)::int as events, count(*) filter (where state = 'APPLIED')::int as applied, count(*)::int as rows
           from (select 'offenders' as consumer, * from offenders.inbox_event
                 union all select 'courts', * from courts.inbox_event
                 union all select 'cases', * from cases.inbox_event) as inbox
          group by consumer, type order by consumer, type`,
      );
      const expected = [
        { consumer: 'cases', type: 'TrialOpened', n: sheets.length },
        { consumer: 'cases', type: 'VerdictRecorded', n: verdicts.length },
        { consumer: 'courts', type: 'ChargeSheetFiled', n: sheets.length },
        { consumer: 'courts', type: 'OffenderRegistered', n: verdicts.length },
        { consumer: 'offenders', type: 'ConvictionRecorded', n: verdicts.length },
      ];
      expect(inboxes).toEqual(expected.map(({ consumer, type, n }) => ({ consumer, type, events: n, applied: n, rows: n })));
      const entries = await sql<{ cnic: string; register_number: string }>(
        'select cnic, register_number from offenders.offender where cnic = any(?::text[])',
        [list(verdicts.map((seeded) => seeded.convict.cnic!))],
      );
      expect(entries.map((entry) => entry.cnic).sort()).toEqual(verdicts.map((seeded) => seeded.convict.cnic).sort());
      expect(await sql('select register_number from offenders.offender group by register_number having count(*) > 1')).toEqual([]);
      const opened = await sql<{ case_id: string }>('select case_id from courts.trial where case_id = any(?::uuid[])', [list(caseIds)]);
      expect(opened.map((trial) => trial.case_id).sort()).toEqual([...caseIds].sort());
      expect(await sql('select case_number from courts.trial group by case_number having count(*) > 1')).toEqual([]);

      // No event delivered twice: the relays of both processes delivered each event once between them (the
      // counters count from their start, before which no event of these types was emitted), and no consumer
      // process received one it had applied already.
      const total = async (name: string, processes: string[], labels: Record<string, string>) =>
        (await Promise.all(processes.map((url) => metricSum(url, name, labels)))).reduce((sum, n) => sum + n, 0);
      const urlsOf = (name: 'cases' | 'courts' | 'offenders') => [stack.process(name, 0).url, stack.process(name, 1).url];
      const deliveredBy = async (emitter: 'cases' | 'courts' | 'offenders', type: string) =>
        total('events_delivered_total', urlsOf(emitter), { type });
      expect({
        ChargeSheetFiled: await deliveredBy('cases', 'ChargeSheetFiled'),
        TrialOpened: await deliveredBy('courts', 'TrialOpened'),
        VerdictRecorded: await deliveredBy('courts', 'VerdictRecorded'),
        ConvictionRecorded: await deliveredBy('courts', 'ConvictionRecorded'),
        OffenderRegistered: await deliveredBy('offenders', 'OffenderRegistered'),
      }).toEqual({
        ChargeSheetFiled: sheets.length,
        TrialOpened: sheets.length,
        VerdictRecorded: verdicts.length,
        ConvictionRecorded: verdicts.length,
        OffenderRegistered: verdicts.length,
      });
      const all = [...urlsOf('cases'), ...urlsOf('courts'), ...urlsOf('offenders')];
      expect(await total('events_consumed_total', all, { outcome: 'duplicate' })).toBe(0);
      // Both courts processes' relays took part.
      for (const url of urlsOf('courts')) expect(await metricSum(url, 'events_delivered_total')).toBeGreaterThan(0);
    });
  },
);

describe.skipIf(!NATS_URL || natsServerMissing())(
  `a NATS server restarted mid-stream (NATS_URL set; a server of the test's own: ${natsServerMissing() ?? 'found'})`,
  () => {
    let nats: PrivateNatsServer;
    let stack: RunningStack;

    beforeAll(async () => {
      nats = await startPrivateNatsServer();
      stack = await startStack({
        world: 'seeded',
        env: {
          LOG_LEVEL: 'error',
          NATS_URL: nats.url,
          EVENTS_DELIVERY_TIMEOUT_MS: '2000',
          EVENTS_LEASE_MS: '3000',
          EVENTS_RETRY_BASE_MS: '200',
          EVENTS_RETRY_MAX_MS: '1000',
          // Enough tries to outlast the outages here without parking (an outage of minutes would want more).
          EVENTS_MAX_ATTEMPTS: '30',
        },
      });
    });

    afterAll(async () => {
      await stack?.stop();
      await nats?.remove();
    });

    const rows = <T>(subgraph: 'courts' | 'offenders' | 'cases', text: string, params: unknown[] = []): Promise<T[]> => {
      const database = stack.subgraphs[subgraph].database;
      return database
        .fork()
        .getConnection()
        .execute<T[]>(text.replaceAll('$schema', `"${database.schema}"`), params);
    };

    it('loses no event and applies none twice when the server stops (SIGTERM, then SIGKILL) while verdicts are recorded', async () => {
      const verdicts = nextTrials(8);
      const convictionIds: string[] = [];
      const record = async (from: number, to: number) => {
        for (const seeded of verdicts.slice(from, to)) convictionIds.push(await recordConviction(stack.gatewayUrl, seeded));
      };
      // The courts' relay's failed tries: a publish that got no acknowledgement while the server was down.
      const failedTries = () => metricSum(stack.subgraphUrls.courts, 'events_retries_total', { type: 'ConvictionRecorded' });
      const outage = async (signal: 'SIGTERM' | 'SIGKILL', from: number, to: number) => {
        const before = await failedTries();
        await nats.stop(signal);
        await record(from, to);
        await eventually(async () => (await failedTries()) > before, 'a publish failing while the server is down');
        await nats.start();
      };
      await record(0, 2);
      await outage('SIGTERM', 2, 4);
      await record(4, 5);
      await outage('SIGKILL', 5, 7);
      await record(7, 8);

      await eventually(
        async () =>
          (await rows('offenders', 'select 1 from $schema.register_conviction where conviction_id = any(?::uuid[])', [list(convictionIds)]))
            .length === verdicts.length,
        'every conviction on the register',
        60_000,
      );
      await eventually(
        async () => (await rows('courts', `select 1 from $schema.outbox_event where state <> 'DELIVERED'`)).length === 0,
        "the courts' outbox delivered",
        60_000,
      );
      const inbox = await rows<{ aggregateid: string; state: string }>(
        'offenders',
        `select aggregateid, state from $schema.inbox_event where type = 'ConvictionRecorded' and aggregateid = any(?::text[])`,
        [list(convictionIds)],
      );
      expect(inbox.map((row) => row.aggregateid).sort()).toEqual([...convictionIds].sort());
      expect(new Set(inbox.map((row) => row.state))).toEqual(new Set(['APPLIED']));
      for (const seeded of verdicts) {
        const entry = await registered(stack.gatewayUrl, seeded.convict.cnic!);
        expect(entry).toMatchObject({ version: 1, history: [expect.anything()] });
      }
      // The verdicts' other events too: each case DECIDED, once.
      await eventually(
        async () =>
          (
            await rows('cases', `select 1 from $schema.inbox_event where type = 'VerdictRecorded' and aggregateid = any(?::text[])`, [
              list(verdicts.map((seeded) => seeded.trial.id)),
            ])
          ).length === verdicts.length,
        'every VerdictRecorded applied',
      );
    });
  },
);
