import type { EntityManager, EntityName, RequiredEntityData } from '@mikro-orm/core';
import { JsonRecordsInserter } from './json-records.ts';

const DEFAULT_BATCH_ROWS = 2_000;

/** How one batch of rows reaches the database. */
export type InsertBatch = (em: EntityManager, entity: EntityName<object>, rows: RequiredEntityData<object>[]) => Promise<unknown>;

/**
 * How seeders write millions of rows: rows for any number of tables are
 * collected from one pass over generated facts, and each table is written in
 * one JSON-document INSERT per batch (see JsonRecordsInserter), without
 * touching the identity map.
 */
export class BatchWriter {
  readonly #em: EntityManager;
  readonly #batchRows: number;
  readonly #inserter = new JsonRecordsInserter();
  readonly #pending = new Map<EntityName<object>, RequiredEntityData<object>[]>();
  readonly #counts = new Map<string, number>();

  constructor(em: EntityManager, batchRows = DEFAULT_BATCH_ROWS) {
    this.#em = em;
    this.#batchRows = batchRows;
  }

  async add<T extends object>(entity: EntityName<T>, row: RequiredEntityData<T>): Promise<void> {
    const key = entity as EntityName<object>;
    let batch = this.#pending.get(key);
    if (!batch) this.#pending.set(key, (batch = []));
    batch.push(row as RequiredEntityData<object>);
    // Flushing every table, parents first, keeps foreign keys satisfied when a
    // child table fills before its parent's batch does.
    if (batch.length >= this.#batchRows) await this.#writePending();
  }

  /**
   * Writes what is left, tables in the order they were first added (register
   * parents before children), waits until the database has stored every
   * batch, and returns the rows written per table.
   */
  async flush(): Promise<Record<string, number>> {
    await this.#writePending();
    await this.#inserter.drain();
    return Object.fromEntries(this.#counts);
  }

  async #writePending() {
    for (const [entity, batch] of this.#pending) {
      if (batch.length === 0) continue;
      const rows = batch.splice(0, batch.length);
      await this.#inserter.insert(this.#em, entity, rows);
      const table = this.#em.getMetadata().find(entity)?.tableName ?? String(entity);
      this.#counts.set(table, (this.#counts.get(table) ?? 0) + rows.length);
    }
  }
}
