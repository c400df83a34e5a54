import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/core';
import { openSubgraphDatabase, type SubgraphDatabase } from '#storage';
import { registerEntries } from '#synthetic-world';
import { graphql, isolatedStorage, startSubgraphForTest, tokenFor, type IsolatedStorage, type SubgraphUnderTest } from '#test-kit';
import { pakistanDate, type ComplianceStatus } from '#reference-data';
import {
  complianceStatus,
  daysBetween,
  DEFAULT_COMPLIANCE_SETTINGS,
  plusDays,
  plusMonths,
  refreshCompliance,
} from '../src/compliance/index.ts';
import { OffenderSchema, type Offender } from '../src/entities/offender.entity.ts';
import { RegistrantNotificationSchema } from '../src/entities/registrant-notification.entity.ts';
import { createOffendersService, offendersSubgraph } from '../src/server.ts';

// What the register's write path will do, by hand until its mutations exist: record an event,
// call refreshCompliance in the same unit of work, commit; the register then answers and
// searches by the new dates. And the migration that moved stored statuses to those dates.

describe("refreshCompliance: an event recorded, the entry's dates follow", () => {
  let isolated: IsolatedStorage;
  let subgraph: SubgraphUnderTest;
  let npb: string;
  const today = pakistanDate(new Date());
  // An entry verified in the community, its registration running, whom nothing has yet been recorded against.
  const entry = [...registerEntries(1)].find(
    (e) =>
      e.compliance.status === 'COMPLIANT' &&
      e.riskTier === 'LOW' &&
      e.compliance.lastVerifiedAt &&
      e.registrationEndsAt > '2030-01-01' &&
      !e.currentAddress.line1.startsWith('District Jail'),
  )!;

  beforeAll(async () => {
    isolated = await isolatedStorage('offenders_compliance_write');
    subgraph = await startSubgraphForTest(createOffendersService, { storage: isolated.storage });
    npb = await tokenFor({ agency: 'NPB', sub: 'npb-registrar' });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await isolated?.drop();
  });

  /** One unit of work, as a mutation's: the change, then refreshCompliance, committed together. */
  const record = (change: (em: EntityManager, offender: Offender) => void | Promise<void>) =>
    subgraph.service.database.fork().transactional(async (em) => {
      const offender = await em.findOneOrFail(OffenderSchema, { id: entry.id });
      await change(em, offender);
      return refreshCompliance(em, offender, DEFAULT_COMPLIANCE_SETTINGS);
    });

  const notify = (em: EntityManager, offender: Offender, kind: 'CHANGE_OF_ADDRESS' | 'PERIODIC_VERIFICATION', occursOn: string | null) =>
    em.create(RegistrantNotificationSchema, {
      id: crypto.randomUUID(),
      offender,
      kind,
      submittedAt: new Date(),
      details: 'recorded by the test',
      occursOn,
      verifiedAt: kind === 'PERIODIC_VERIFICATION' ? new Date() : null,
    });

  const compliance = async () => {
    const response = await graphql(
      subgraph.url,
      `query($id: ID!) { offender(id: $id) { riskTier compliance { status lastVerifiedAt nextVerificationDue daysUntilVerificationDue missedNotifications missedDeadline abscondedAt } } }`,
      {
        token: npb,
        variables: { id: entry.id },
      },
    );
    expect(response.errors).toBeUndefined();
    return response.data.offender.compliance;
  };
  /** Whether the entry is among those a search by each filter finds. */
  const foundBy = async (filter: Record<string, unknown>) => {
    const response = await graphql(
      subgraph.url,
      `query($filter: RegisterFilter) { searchRegister(filter: $filter, first: 1000) { edges { node { id } } } }`,
      {
        token: npb,
        variables: { filter },
      },
    );
    expect(response.errors).toBeUndefined();
    return response.data.searchRegister.edges.some((edge: { node: { id: string } }) => edge.node.id === entry.id);
  };
  const foundByStatus = async () => {
    const found: ComplianceStatus[] = [];
    for (const status of ['COMPLIANT', 'VERIFICATION_OVERDUE', 'NON_COMPLIANT', 'ABSCONDED'] as const)
      if (await foundBy({ compliance: [status] })) found.push(status);
    return found;
  };

  it('starts compliant, as the seed made it', async () => {
    expect(entry).toBeDefined();
    expect(await compliance()).toMatchObject({ status: 'COMPLIANT', missedDeadline: null, abscondedAt: null });
    expect(await foundByStatus()).toEqual(['COMPLIANT']);
  });

  it('a move notified ten days after it: a missed deadline, NON_COMPLIANT, and found as such', async () => {
    const before = await compliance();
    const stored = await record((em, offender) => void notify(em, offender, 'CHANGE_OF_ADDRESS', plusDays(today, -10)));
    // The notification was created in the same unit of work and not yet flushed: the rules saw it.
    expect(stored).toMatchObject({ missedDeadline: plusDays(today, -7), missedNotifications: before.missedNotifications + 1 });
    expect(await compliance()).toMatchObject({
      status: 'NON_COMPLIANT',
      missedDeadline: plusDays(today, -7),
      missedNotifications: before.missedNotifications + 1,
    });
    expect(await foundByStatus()).toEqual(['NON_COMPLIANT']);
  });

  it('a verification in person today deals with it: COMPLIANT, next due a year on (LOW), the missed notification still counted', async () => {
    const stored = await record((em, offender) => void notify(em, offender, 'PERIODIC_VERIFICATION', null));
    const due = plusMonths(today, 12);
    expect(stored).toMatchObject({ missedDeadline: null, nextVerificationDue: due });
    expect(await compliance()).toMatchObject({
      status: 'COMPLIANT',
      nextVerificationDue: due,
      daysUntilVerificationDue: daysBetween(today, due),
      missedDeadline: null,
    });
    expect(await foundByStatus()).toEqual(['COMPLIANT']);
  });

  it('a change of risk tier to HIGH: due three months after that verification, and listed as due within exactly those days', async () => {
    await record((_, offender) => {
      offender.riskTier = 'HIGH';
    });
    const due = plusMonths(today, 3);
    const days = daysBetween(today, due);
    expect(await compliance()).toMatchObject({ status: 'COMPLIANT', nextVerificationDue: due, daysUntilVerificationDue: days });
    expect(await foundBy({ verificationDueWithinDays: days })).toBe(true);
    expect(await foundBy({ verificationDueWithinDays: days - 1 })).toBe(false);
  });

  it('the police find the registrant gone (markAbsconded): ABSCONDED; located (markLocated): the dates decide again', async () => {
    const abscondedAt = new Date();
    await record((_, offender) => {
      offender.abscondedAt = abscondedAt;
    });
    expect(await compliance()).toMatchObject({ status: 'ABSCONDED', abscondedAt: abscondedAt.toISOString() });
    expect(await foundByStatus()).toEqual(['ABSCONDED']);
    await record((_, offender) => {
      offender.abscondedAt = null;
    });
    expect(await compliance()).toMatchObject({ status: 'COMPLIANT', abscondedAt: null });
    expect(await foundByStatus()).toEqual(['COMPLIANT']);
  });
});

describe('the migration to due dates, on a database that stored statuses', () => {
  const BEFORE = 'Migration20261201191723_audit_entries_by_field';
  const AFTER = 'Migration20261206140632_compliance_due_dates';
  let isolated: IsolatedStorage;
  let database: SubgraphDatabase;
  const today = pakistanDate(new Date());
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await database.fork().getConnection().execute(text, params)) as T[];

  /** Entries as the previous schema held them: each stored status, with due dates that agree with it and some that do not. */
  const OLD_ROWS: { status: ComplianceStatus; due: string; verified: string | null; missed: number }[] = [
    { status: 'COMPLIANT', due: plusDays(today, 40), verified: '2026-03-01T09:00:00Z', missed: 0 },
    { status: 'COMPLIANT', due: plusDays(today, -20), verified: '2025-01-01T09:00:00Z', missed: 1 },
    { status: 'VERIFICATION_OVERDUE', due: plusDays(today, -30), verified: '2025-01-01T09:00:00Z', missed: 0 },
    { status: 'VERIFICATION_OVERDUE', due: plusDays(today, 10), verified: null, missed: 0 },
    { status: 'NON_COMPLIANT', due: plusDays(today, 100), verified: '2026-05-01T09:00:00Z', missed: 2 },
    { status: 'ABSCONDED', due: plusDays(today, -300), verified: '2024-02-01T09:00:00Z', missed: 4 },
  ];
  const idOf = (n: number) => `00000000-0000-4000-8000-0000000000${String(n + 10)}`;

  beforeAll(async () => {
    isolated = await isolatedStorage('offenders_compliance_migration');
    database = await openSubgraphDatabase(offendersSubgraph.database, isolated.storage);
    await sql('create schema if not exists "offenders"');
    await database.orm.migrator.up({ to: BEFORE });
    for (const [n, row] of OLD_ROWS.entries()) {
      await sql(
        `insert into "offenders"."offender" (id, register_number, full_name, aliases, cnic, date_of_birth, address_line1, address_city, address_district, address_province,
           province, district, registered_at, registration_ends_at, risk_tier, compliance_status, last_verified_at, next_verification_due, missed_notifications)
         values (?, ?, 'Old Entry', '{}', ?, '1980-01-01', 'House 1', 'Lahore', 'Lahore', 'PUNJAB', 'PUNJAB', 'Lahore', '2020-01-01T00:00:00Z', '2040-01-01', 'MEDIUM', ?, ?, ?, ?)`,
        [idOf(n), `NSOR-PB-2020-0000${n + 10}`, `35202-00000${n + 10}-1`, row.status, row.verified, row.due, row.missed],
      );
      await sql(
        `insert into "offenders"."registrant_notification" (id, offender_id, kind, submitted_at, details, verified_at) values (?, ?, 'CHANGE_OF_ADDRESS', '2024-05-01T09:00:00Z', 'moved', null)`,
        [idOf(n + 50), idOf(n)],
      );
    }
  });
  afterAll(async () => {
    await database?.close();
    await isolated?.drop();
  });

  const rows = () =>
    sql<{
      id: string;
      last_verified_at: string | null;
      next_verification_due: string;
      missed_deadline: string | null;
      missed_notifications: number;
      absconded: boolean;
      registration_ends_at: string;
    }>(
      `select id, to_json(last_verified_at) #>> '{}' as last_verified_at, next_verification_due::text, missed_deadline::text, missed_notifications,
              absconded_at is not null as absconded, registration_ends_at::text
         from "offenders"."offender" order by id`,
    );

  it('reads every entry, once migrated, as the status it stored, keeping its verification and missed notifications', async () => {
    // Up to the migration under test: later ones (the register's write path) follow it on every database.
    expect((await database.orm.migrator.up({ to: AFTER })).map((migration) => migration.name)).toEqual([AFTER]);
    const migrated = await rows();
    expect(migrated).toHaveLength(OLD_ROWS.length);
    for (const [n, row] of OLD_ROWS.entries()) {
      const stored = migrated[n]!;
      const state = {
        nextVerificationDue: stored.next_verification_due,
        missedDeadline: stored.missed_deadline,
        registrationEndsAt: stored.registration_ends_at,
        abscondedAt: stored.absconded ? new Date() : null,
      };
      expect(complianceStatus(state, today), `${row.status}, due ${row.due}`).toBe(row.status);
      expect(stored.last_verified_at === null ? null : new Date(stored.last_verified_at).toISOString()).toBe(
        row.verified === null ? null : new Date(row.verified).toISOString(),
      );
      expect(stored.missed_notifications).toBe(row.missed);
    }
    // Dates that agreed with the stored status are kept as they were.
    for (const n of [0, 2, 4, 5]) expect(migrated[n]!.next_verification_due).toBe(OLD_ROWS[n]!.due);
    // Notifications recorded before have no day of change: never judged late.
    expect(await sql(`select count(*)::int as n from "offenders"."registrant_notification" where occurs_on is not null`)).toEqual([
      { n: 0 },
    ]);
  });

  it("undone, stores each entry's status as judged that day", async () => {
    await database.orm.migrator.down();
    const statuses = await sql<{ compliance_status: string }>(`select compliance_status from "offenders"."offender" order by id`);
    expect(statuses.map((row) => row.compliance_status)).toEqual(OLD_ROWS.map((row) => row.status));
    await database.migrate();
  });
});

describe('settings that are not limits', () => {
  it('the service refuses to start, naming the variable', async () => {
    await expect(
      createOffendersService({
        env: { REGISTER_INTERNATIONAL_TRAVEL_NOTICE_DAYS: '3 weeks' },
        storage: { kind: 'pglite', dataDir: 'memory://' },
      }),
    ).rejects.toThrow('REGISTER_INTERNATIONAL_TRAVEL_NOTICE_DAYS must be a whole number of days from 0 to 90, got "3 weeks"');
  });

  it("the subgraph's process exits with one line saying what is wrong, before it opens anything", async () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, REGISTER_VERIFICATION_MONTHS_MEDIUM: '18', DATA_DIR: 'memory://', OFFENDERS_PORT: '0', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('offenders: REGISTER_VERIFICATION_MONTHS_MEDIUM must be a whole number of months from 1 to 12, got "18"\n');
    expect(stdout).toBe('');
  });
});
