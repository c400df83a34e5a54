/**
 * What the cases subgraph does with the courts' events (subgraphs/flows.ts,
 * docs/events.md "The flows"), each in the inbox's transaction: applied once
 * whatever the deliveries, in order per trial (the verdict never before the
 * trial's opening).
 */
import type { EntityManager } from '@mikro-orm/core';
import { type EventEnvelope, type EventHandlers, events } from '#events';
import { lockedById } from '#mutation';
import { VERDICT_OUTCOMES, type VerdictOutcome } from '#reference-data';
import { COURTS_CONSUMES, FlowRefusal, payloadOf, refusedSafely } from '../../flows.ts';
import { CaseSchema, type Case } from './entities/case.entity.ts';
import { moveCase, refusedStep } from './mutations/case-status.ts';

async function caseToMove(tx: EntityManager, caseId: string, step: 'trialOpened' | 'verdictRecorded'): Promise<Case> {
  const row = await lockedById(tx, CaseSchema, caseId);
  if (!row) throw new FlowRefusal(`no case ${caseId} here`);
  const refused = refusedStep(row, step);
  if (refused.length > 0) throw new FlowRefusal(`case ${caseId}: ${refused[0]!.message}`);
  return row;
}

/** TrialOpened: the case is ON_TRIAL, and the court (and the trial's prosecutor) assigned to it, so the court may read it. */
async function trialOpened(tx: EntityManager, event: EventEnvelope): Promise<void> {
  const { caseId, courtId, prosecutorId } = payloadOf('TrialOpened', event);
  const row = await caseToMove(tx, caseId, 'trialOpened');
  moveCase(row, 'trialOpened');
  row.version += 1;
  const schema = tx.config.get('schema');
  await tx.getConnection().execute(
    // The court; the prosecutor unless the case has one already (one at a time: assignProsecutor replaces).
    `insert into "${schema}"."case_assignment" ("case_id", "agency", "assignee_id")
     select cast(? as uuid), 'COURT', cast(? as uuid)
     union all
     select cast(? as uuid), 'PROSECUTION', cast(? as uuid) where not exists (select 1 from "${schema}"."case_assignment" where "case_id" = cast(? as uuid) and "agency" = 'PROSECUTION')
     on conflict do nothing`,
    [row.id, courtId, row.id, prosecutorId, row.id],
    'run',
    tx.getTransactionContext(),
  );
}

/** VerdictRecorded: the case records the outcome and is DECIDED. */
async function verdictRecorded(tx: EntityManager, event: EventEnvelope): Promise<void> {
  const { caseId, outcome } = payloadOf('VerdictRecorded', event);
  if (!(VERDICT_OUTCOMES as readonly string[]).includes(outcome))
    throw new FlowRefusal(`VerdictRecorded: outcome ${outcome} is not one of ${VERDICT_OUTCOMES.join(', ')}`);
  const row = await caseToMove(tx, caseId, 'verdictRecorded');
  moveCase(row, 'verdictRecorded');
  row.verdictOutcome = outcome as VerdictOutcome;
  row.version += 1;
}

export const casesHandlers: EventHandlers = refusedSafely({ TrialOpened: trialOpened, VerdictRecorded: verdictRecorded });

/** The cases subgraph's events: it consumes the courts' TrialOpened and VerdictRecorded, and emits ChargeSheetFiled to the courts. */
export const casesEvents = () => events({ handlers: casesHandlers, consumers: [COURTS_CONSUMES] });
