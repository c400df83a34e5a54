import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { DocumentNode } from 'graphql';
import type { AuditRecorder, MutationRecord } from '#audit';
import type { EventToEmit, EventWriter } from '#events';
import type { Viewer } from '#identity';
import type { AccessRule, StoredRow } from '#policy';
import { isUuid } from '#reference-data';
import { mayTouch, mutationRulesOf } from './row-rule.ts';
import { notFound, type Payload, takenMeanwhile, type UserError } from './user-errors.ts';
import type { IdempotentAttempt } from './idempotency.ts';
import { InputChecks } from './validation.ts';

/** What a mutation needs of the request's context. */
export interface MutationContext {
  viewer: Viewer;
  /** The request's EntityManager; the mutation's transaction is forked from it. */
  em: EntityManager;
  /**
   * The subgraph's audit trail. Absent only where the subgraph is assembled
   * without its audit-trail part, which production refuses (the benchmark's
   * baseline measures what the trail costs a write that way).
   */
  audit?: AuditRecorder;
  /** The request's Idempotency-Key, when it carries one: the change's commit is recorded on it (idempotency.ts). */
  idempotency?: IdempotentAttempt;
  /** The subgraph's outbox (#events' part), where the events a change returns are written, in its transaction. */
  outbox?: EventWriter;
}

/**
 * One mutation, as the small steps every mutation goes through (STYLE.md:
 * validate → authorize → change → audit → emit), each written by the
 * subgraph that owns the data; {@link createMutations} runs them in order.
 */
export interface MutationSteps<TInput, TRow, TEntity> {
  /** The field's name, `openCase`: its rule is read from the SDL, its trail entries say `Mutation.<name>`. */
  name: string;
  /** What a row of it is called in a NOT_FOUND message ("case"). */
  rowNoun: string;
  /** The input field naming the row, for a NOT_FOUND error (`['input', 'caseId']`); null when the row is not the caller's to name. */
  rowField: string[] | null;
  /** The id the input aims at, named on the trail even when no row was found (when it is a UUID). */
  aimedAt?: (input: TInput) => string | null | undefined;
  /** validate: the input alone, before any row is read. */
  validate: (input: TInput, checks: InputChecks) => void;
  /**
   * load: in the transaction, the stored row the mutation touches, locked
   * (`SELECT ... FOR UPDATE`) until it commits; null when there is none.
   * For a mutation that creates, the row it creates under (a cell).
   */
  load: (tx: EntityManager, input: TInput, viewer: Viewer) => Promise<TRow | null>;
  /** authorize: the row as the row conditions read it. */
  storedRow: (row: TRow) => StoredRow;
  /** What the stored row says of the input: a stale version, an illegal step, a conflict, dates out of order. */
  check?: (row: TRow, input: TInput, checks: InputChecks) => UserError[];
  /**
   * change: the change itself, in the transaction; the entity for the payload, every row it wrote, and
   * the events it caused (DESIGN section 8), which commit with it into the subgraph's outbox.
   */
  change: (
    tx: EntityManager,
    row: TRow,
    input: TInput,
    viewer: Viewer,
  ) => Promise<{ entity: TEntity; rowIds: string[]; events?: readonly EventToEmit[]; written?: readonly WrittenSensitive[] }>;
}

/**
 * Sensitive values a change wrote (a survivor's or a registrant's identity,
 * an address), as the trail records them: that they were written, under a
 * field of their own (`Survivor.identity`), naming the rows; never the values.
 */
export interface WrittenSensitive {
  field: string;
  rowIds: readonly string[];
}

/** Thrown inside the transaction to roll it back: the mutation is refused or invalid, nothing it did stays. */
class NotDone extends Error {
  readonly outcome: 'REFUSED' | 'INVALID';
  readonly userErrors: UserError[];

  constructor(outcome: 'REFUSED' | 'INVALID', userErrors: UserError[]) {
    super('mutation not done');
    this.outcome = outcome;
    this.userErrors = userErrors;
  }
}

/**
 * The mutations of one subgraph: `run(steps, input, context)` takes a
 * mutation through its steps, its row rule read from the subgraph's SDL.
 *
 *  1. validate: the input alone. Invalid → INVALID_INPUT, nothing read.
 *  2. in one transaction: load the stored row and lock it; authorize it by
 *     the field's row rule (a missing row and a row out of reach both answer
 *     NOT_FOUND, alike); check it (version, status, conflicts); change;
 *     audit: the entry (DONE, the rows written) appended last, in the same
 *     transaction, so a change can never commit without it; so is the
 *     request's Idempotency-Key, marked COMMITTED with the rows written.
 *  3. A refused or invalid mutation rolls back whatever it did and then
 *     records its entry (REFUSED or INVALID, the row it aimed at) in a
 *     transaction of its own that changes nothing else. So does one whose
 *     commit a unique index refused (a natural key another request took
 *     meanwhile): CONFLICT.
 *
 * Every step issues the same statements whatever came before (no lookups
 * that grow with the data), so a mutation's statement count is constant.
 * Emitting adds one INSERT per event, a constant too.
 */
export function createMutations(typeDefs: DocumentNode) {
  const rules = mutationRulesOf(typeDefs);
  const ruleOf = (name: string): AccessRule => {
    const rule = rules.get(name);
    if (!rule) throw new Error(`Mutation.${name} has no rule in the SDL`);
    return rule;
  };

  async function run<TInput, TRow, TEntity>(
    steps: MutationSteps<TInput, TRow, TEntity>,
    input: TInput,
    context: MutationContext,
  ): Promise<Payload<TEntity>> {
    const rule = ruleOf(steps.name);
    const field = `Mutation.${steps.name}`;
    const aimed = steps.aimedAt?.(input);
    const aimedRows = isUuid(aimed) ? [aimed] : [];
    const checks = new InputChecks(new Date());
    steps.validate(input, checks);
    if (checks.errors.length > 0) return notDone(context, { field, rowIds: aimedRows, outcome: 'INVALID' }, checks.errors);
    let emitted = false;
    try {
      const payload = await context.em.transactional(async (tx): Promise<Payload<TEntity>> => {
        const row = await steps.load(tx, input, context.viewer);
        if (row === null || !(await mayTouch(rule, context.viewer, steps.storedRow(row)))) {
          throw new NotDone('REFUSED', [notFound(steps.rowField, steps.rowNoun)]);
        }
        const rowChecks = new InputChecks(new Date());
        const refusals = steps.check?.(row, input, rowChecks) ?? [];
        if (rowChecks.errors.length > 0) throw new NotDone('INVALID', rowChecks.errors);
        if (refusals.length > 0) throw new NotDone('REFUSED', refusals);
        const { entity, rowIds, events = [], written = [] } = await steps.change(tx, row, input, context.viewer);
        await tx.flush();
        if (events.length > 0) {
          // Never dropped: a change that causes events commits only with them.
          if (!context.outbox) throw new Error(`${field} emits events, but this subgraph has no outbox (the events part)`);
          await context.outbox.writeWithin(tx, events);
          emitted = true;
        }
        // The mutation's entry and what sensitive it wrote, in one append.
        await context.audit?.recordWithin(tx, [
          { field, rowIds, outcome: 'DONE' },
          ...written.map((sensitive) => ({ ...sensitive, outcome: 'DONE' as const })),
        ]);
        // The key says COMMITTED with the change itself: a crash before the answer is stored can never run it twice.
        await context.idempotency?.committedWithin(tx, { field, rowIds });
        return { entity, userErrors: [] };
      });
      if (emitted) context.outbox?.committed?.();
      return payload;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        return notDone(context, { field, rowIds: aimedRows, outcome: 'REFUSED' }, [takenMeanwhile()]);
      }
      if (!(error instanceof NotDone)) throw error;
      return notDone(context, { field, rowIds: aimedRows, outcome: error.outcome }, error.userErrors);
    }
  }

  return { run, ruleOf };
}

/** A mutation that changed nothing: its entry, in a transaction of its own, then the payload saying why. */
async function notDone<TEntity>(context: MutationContext, record: MutationRecord, userErrors: UserError[]): Promise<Payload<TEntity>> {
  const { audit } = context;
  if (audit) await context.em.transactional((tx) => audit.recordWithin(tx, record));
  return { entity: null, userErrors };
}
