/**
 * The verdicts `npm run bench:events` records: seeded trials of the synthetic
 * world whose charges are framed and that wait for their verdict, each with
 * one accused the court can send to the register (charged under a scheduled
 * offence, a CNIC on the charge sheet, not on the register already), so that
 * every verdict makes exactly one new register entry. The world is the
 * seed's (`generateCase`), so the trials are known without asking the graph;
 * on a PostgreSQL database an earlier run has decided some of them, and
 * those are left out (read from the database, before anything starts).
 */
import { scheduledOffenceOf } from '#reference-data';
import { schemaNameFor } from '#storage';
import { caseCount, generateCase } from '#synthetic-world';
import { sqlOnServer, tokenFor } from '#test-kit';
import type { TimingClient } from './client.ts';

export interface VerdictToRecord {
  trialId: string;
  courtId: string;
  /** The trial's version as seeded (or as the database holds it). */
  version: number;
  /** The accused convicted: their CNIC is how the register entry is found. */
  cnic: string;
  /** `recordVerdict`'s input: the one convict, any other accused acquitted. */
  input: Record<string, unknown>;
}

const SENTENCE = {
  imprisonmentYears: 10,
  fineRupees: 100_000,
  description: 'Rigorous imprisonment for 10 years and a fine of Rs 100,000 (synthetic, recorded by the events benchmark)',
};

/** Every seeded trial at `scale` that waits for its verdict with an accused to convict, in case order; each CNIC once. */
export function pendingVerdicts(scale: number): VerdictToRecord[] {
  const verdicts: VerdictToRecord[] = [];
  const cnics = new Set<string>();
  for (let index = 0; index < caseCount(scale); index++) {
    const facts = generateCase(scale, index);
    const trial = facts.trial;
    if (!trial || trial.verdict !== null || trial.status === 'TRANSFERRED' || trial.charges.length === 0) continue;
    const charged = new Map<number, string>();
    for (const charge of trial.charges) {
      if (scheduledOffenceOf(charge.offenceSection) && !charged.has(charge.suspectPosition))
        charged.set(charge.suspectPosition, charge.offenceSection);
    }
    // A repeat offender is on the register already: the conviction would be added to their entry, readable before it.
    const convict = facts.suspects.find(
      (s) => s.accused && s.cnic && s.repeatOffenderIndex === null && charged.has(s.position) && !cnics.has(s.cnic),
    );
    if (!convict) continue;
    cnics.add(convict.cnic!);
    const positions = [...new Set(trial.charges.map((charge) => charge.suspectPosition))];
    verdicts.push({
      trialId: trial.id,
      courtId: trial.courtId,
      version: 1,
      cnic: convict.cnic!,
      input: {
        trialId: trial.id,
        expectedVersion: 1,
        findings: positions.map((position) =>
          position === convict.position
            ? { suspectPosition: position, finding: 'CONVICTED', offenceSection: charged.get(position), sentence: SENTENCE }
            : { suspectPosition: position, finding: 'ACQUITTED' },
        ),
      },
    });
  }
  return verdicts;
}

/**
 * The verdicts still to record on a PostgreSQL database seeded at that scale:
 * those whose trial has no verdict yet and whose convict is on no entry (an
 * earlier run's verdicts are left out).
 */
export async function stillPending(databaseUrl: string, verdicts: readonly VerdictToRecord[]): Promise<VerdictToRecord[]> {
  const courts = schemaNameFor('courts');
  const offenders = schemaNameFor('offenders');
  const open = new Map(
    (
      await sqlOnServer<{ id: string; version: number }>(
        databaseUrl,
        `select "id", "version" from "${courts}"."trial" where "decided_at" is null and "status" <> 'TRANSFERRED'`,
      )
    ).map((row) => [row.id, Number(row.version)]),
  );
  const registered = new Set(
    (await sqlOnServer<{ cnic: string }>(databaseUrl, `select "cnic" from "${offenders}"."offender" where "cnic" is not null`)).map(
      (row) => row.cnic,
    ),
  );
  return verdicts
    .filter((verdict) => open.has(verdict.trialId) && !registered.has(verdict.cnic))
    .map((verdict) => {
      const version = open.get(verdict.trialId)!;
      return { ...verdict, version, input: { ...verdict.input, expectedVersion: version } };
    });
}

/** The mutation, with the day's time of decision added when it is sent (a verdict is not in the future, and after the charges). */
export const RECORD_VERDICT =
  'mutation ($input: RecordVerdictInput!) { recordVerdict(input: $input) { trial { id status } userErrors { field code message } } }';

export function verdictBody(verdict: VerdictToRecord): string {
  return JSON.stringify({
    query: RECORD_VERDICT,
    variables: { input: { ...verdict.input, decidedAt: new Date(Date.now() - 60_000).toISOString() } },
  });
}

/** What one verdict's answer said: its round trip (performance.now() when sent and answered), or why it was refused. */
export type VerdictAnswer = { ok: true; sentAt: number; answeredAt: number } | { ok: false; reason: string };

/** The special courts recording verdicts through the gateway, each with a token of its own judge. */
export class Courts {
  readonly client: TimingClient;
  readonly gatewayUrl: string;
  readonly #tokens = new Map<string, Promise<string>>();

  constructor(client: TimingClient, gatewayUrl: string) {
    this.client = client;
    this.gatewayUrl = gatewayUrl;
  }

  async record(verdict: VerdictToRecord): Promise<VerdictAnswer> {
    let token = this.#tokens.get(verdict.courtId);
    if (!token) {
      token = tokenFor({ agency: 'COURT', sub: `bench-judge-${verdict.courtId}`, courtId: verdict.courtId });
      this.#tokens.set(verdict.courtId, token);
    }
    const body = verdictBody(verdict);
    const sentAt = performance.now();
    const answer = await this.client.post(this.gatewayUrl, body, await token);
    const answeredAt = performance.now();
    let parsed: { data?: { recordVerdict?: { userErrors: unknown[] } | null }; errors?: unknown[] };
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      return { ok: false, reason: `HTTP ${answer.status}, not JSON` };
    }
    if (answer.status !== 200 || parsed.errors)
      return { ok: false, reason: `HTTP ${answer.status} ${JSON.stringify(parsed.errors).slice(0, 300)}` };
    const userErrors = parsed.data?.recordVerdict?.userErrors ?? [{ message: 'no payload' }];
    if (userErrors.length > 0) return { ok: false, reason: `userErrors ${JSON.stringify(userErrors).slice(0, 300)}` };
    return { ok: true, sentAt, answeredAt };
  }
}
