/**
 * The courts' side of the flows between agencies (subgraphs/flows.ts,
 * docs/events.md "The flows"): a charge sheet filed (the cases subgraph's
 * ChargeSheetFiled) opens the trial in the special court of the case's
 * district, which tells the cases subgraph (TrialOpened); the verdict and an
 * appeal's outcome emit their events from their mutations (record-verdict.ts,
 * record-appeal-outcome.ts, with the builders below).
 */
import { randomUUID } from 'node:crypto';
import { type EntityManager, LockMode } from '@mikro-orm/core';
import { nextGapFreeNumber } from '#storage';
import { type EventEnvelope, type EventToEmit, events, Outbox } from '#events';
import { pakistanYear } from '#reference-data';
import {
  CASES_CONSUMES,
  type ConvictionQuashedV1,
  type ConvictionRecordedV1,
  FlowRefusal,
  OFFENDERS_CONSUMES,
  payloadOf,
  refusedSafely,
  type TrialOpenedV1,
  type VerdictRecordedV1,
} from '../../flows.ts';
import { type Conviction, ConvictionSchema } from './entities/conviction.entity.ts';
import { SpecialCourtSchema } from './entities/special-court.entity.ts';
import { TrialAccusedSchema, type TrialAccused } from './entities/trial-accused.entity.ts';
import { TrialNumberCounterSchema } from './entities/trial-number-counter.entity.ts';
import { type Trial, TrialSchema } from './entities/trial.entity.ts';

const execute = <T>(tx: EntityManager, sql: string, params: unknown[], method: 'all' | 'get' | 'run' = 'all') =>
  tx.getConnection().execute<T>(sql, params, method, tx.getTransactionContext());

/**
 * ChargeSheetFiled: the trial opens, at CHARGE_FRAMED (the first stage; the
 * court frames the charges next), in the district's special court, with the
 * case's prosecutor (when the case has none this court knows, the district's
 * prosecutor with the fewest undecided trials), under the court's next case
 * number; the accused as the charge sheet names them; TrialOpened to the
 * cases subgraph, in the same transaction.
 */
async function chargeSheetFiled(tx: EntityManager, event: EventEnvelope): Promise<void> {
  const sheet = payloadOf('ChargeSheetFiled', event);
  const schema = tx.config.get('schema')!;
  const court = await tx.findOne(SpecialCourtSchema, { district: sheet.district });
  if (!court) throw new FlowRefusal(`ChargeSheetFiled: no special court in the district of case ${sheet.caseId}`);
  if (await tx.findOne(TrialSchema, { caseId: sheet.caseId }, { fields: ['id'] })) {
    throw new FlowRefusal(`ChargeSheetFiled: case ${sheet.caseId} is on trial already`);
  }
  const [prosecutor] = await execute<{ id: string }[]>(
    tx,
    `select p."id" from "${schema}"."prosecutor" p
     where p."id" = ? or (p."district" = ? and not exists (select 1 from "${schema}"."prosecutor" q where q."id" = ?))
     order by p."id" = ? desc,
       (select count(*) from "${schema}"."trial" t where t."prosecutor_id" = p."id" and t."decided_at" is null), p."id"
     limit 1`,
    [sheet.prosecutorId ?? null, sheet.district, sheet.prosecutorId ?? null, sheet.prosecutorId ?? null],
  );
  if (!prosecutor) throw new FlowRefusal(`ChargeSheetFiled: no prosecutor in the district of case ${sheet.caseId}`);
  const openedAt = new Date();
  const year = pakistanYear(openedAt);
  const prefix = `SC-${court.code}-${year}-`;
  const sequence = await nextGapFreeNumber(tx, {
    counter: TrialNumberCounterSchema,
    codeColumn: 'court_code',
    code: court.code,
    year,
    numbered: TrialSchema,
    numberColumn: 'case_number',
    prefix,
  });
  const caseNumber = `${prefix}${String(sequence).padStart(4, '0')}`;
  const trial = tx.create(TrialSchema, {
    id: randomUUID(),
    caseId: sheet.caseId,
    caseNumber,
    court: court.id,
    prosecutor: prosecutor.id,
    supportAdviserId: null,
    province: court.province,
    district: court.district,
    status: 'CHARGE_FRAMED',
    filedAt: new Date(sheet.filedAt),
    decidedAt: null,
    verdictOutcome: null,
    version: 1,
  });
  for (const accused of sheet.accused) {
    tx.create(TrialAccusedSchema, {
      trial,
      suspectPosition: accused.position,
      suspectId: accused.suspectId,
      name: accused.name,
      cnic: accused.cnic ?? null,
    });
  }
  await tx.flush();
  const opened: TrialOpenedV1 = {
    schemaVersion: 1,
    trialId: trial.id,
    caseId: trial.caseId,
    caseNumber,
    courtId: court.id,
    prosecutorId: prosecutor.id,
    openedAt: openedAt.toISOString(),
  };
  await new Outbox({ schema, source: 'courts' }).writeWithin(tx, [
    { type: 'TrialOpened', aggregateType: 'Trial', aggregateId: trial.id, payload: { ...opened } },
  ]);
}

/** OffenderRegistered: the conviction names the register entry it went to (Conviction.offender resolves to it). */
async function offenderRegistered(tx: EntityManager, event: EventEnvelope): Promise<void> {
  const { convictionId, offenderId } = payloadOf('OffenderRegistered', event);
  const conviction = await tx.findOne(ConvictionSchema, { id: convictionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!conviction) throw new FlowRefusal(`OffenderRegistered: no conviction ${convictionId} here`);
  conviction.offenderId = offenderId;
}

/** The events of a verdict: VerdictRecorded to the cases subgraph, and ConvictionRecorded to the register for each conviction of a scheduled offence. */
export function verdictEvents(
  trial: Trial,
  convictions: readonly Conviction[],
  accused: readonly TrialAccused[],
  names: ReadonlyMap<number, string>,
): EventToEmit[] {
  const verdict: VerdictRecordedV1 = {
    schemaVersion: 1,
    trialId: trial.id,
    caseId: trial.caseId,
    outcome: trial.verdictOutcome!,
    decidedAt: trial.decidedAt!.toISOString(),
  };
  const byPosition = new Map(accused.map((one) => [one.suspectPosition, one]));
  return [
    { type: 'VerdictRecorded', aggregateType: 'Trial', aggregateId: trial.id, payload: { ...verdict } },
    ...convictions.map((conviction): EventToEmit => {
      const convict = byPosition.get(conviction.suspectPosition);
      const payload: ConvictionRecordedV1 = {
        schemaVersion: 1,
        convictionId: conviction.id,
        trialId: trial.id,
        caseId: trial.caseId,
        caseNumber: trial.caseNumber,
        province: trial.province,
        district: trial.district,
        offenceSection: conviction.offenceSection,
        convictedAt: conviction.convictedAt.toISOString(),
        sentence: {
          imprisonmentYears: conviction.imprisonmentYears ?? null,
          lifeImprisonment: conviction.lifeImprisonment,
          death: conviction.death,
        },
        convict: {
          suspectPosition: conviction.suspectPosition,
          name: convict?.name ?? names.get(conviction.suspectPosition) ?? '',
          cnic: convict?.cnic ?? null,
        },
      };
      return { type: 'ConvictionRecorded', aggregateType: 'Conviction', aggregateId: conviction.id, payload: { ...payload } };
    }),
  ];
}

/** ConvictionQuashed, about the conviction (its aggregate, as ConvictionRecorded's): never applied before it. */
export function quashEvent(conviction: Conviction, trial: Trial): EventToEmit {
  const payload: ConvictionQuashedV1 = {
    schemaVersion: 1,
    convictionId: conviction.id,
    trialId: trial.id,
    quashedAt: conviction.appealDecidedAt!.toISOString(),
  };
  return { type: 'ConvictionQuashed', aggregateType: 'Conviction', aggregateId: conviction.id, payload: { ...payload } };
}

export const courtsHandlers = refusedSafely({ ChargeSheetFiled: chargeSheetFiled, OffenderRegistered: offenderRegistered });

/** The courts' events: it consumes ChargeSheetFiled and OffenderRegistered, and emits to the cases subgraph and the register. */
export const courtsEvents = () => events({ handlers: courtsHandlers, consumers: [CASES_CONSUMES, OFFENDERS_CONSUMES] });
