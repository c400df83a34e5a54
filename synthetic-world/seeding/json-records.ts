import type { EntityManager, EntityMetadata, EntityName, EntityProperty, RequiredEntityData } from '@mikro-orm/core';
import type { InsertBatch } from './batch-writer.ts';

interface Column {
  property: string;
  field: string;
  type: string;
  /** Instants travel as epoch milliseconds: much cheaper to write than ISO strings, exact to read. */
  instant: boolean;
}

interface TableInsert {
  columns: Column[];
  /** The statement, less the JSON document that goes between its two halves. */
  head: string;
  tail: string;
}

/** Column types JSON carries faithfully (text[] as an array, date as YYYY-MM-DD, timestamptz as epoch milliseconds). */
const JSON_SAFE_TYPES = /^(uuid|text|text\[\]|varchar(\(\d+\))?|boolean|smallint|int|integer|double precision|real|timestamptz|date)$/;

/** Dollar-quoting tag for the JSON document: no escaping needed unless the data contains it. */
const TAG = '$rows$';

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The columns a batch is written to, or null when the entity has a property
 * this path does not handle (embeddables, composite references, custom types
 * beyond uuid, double and text[]): those batches go through MikroORM.
 */
function columnsOf(meta: EntityMetadata): Column[] | null {
  const columns: Column[] = [];
  for (const prop of meta.props as EntityProperty[]) {
    if (prop.persist === false || prop.formula) continue;
    if (prop.kind === '1:m' || prop.kind === 'm:n' || (prop.kind === '1:1' && !prop.owner)) continue;
    if (prop.kind !== 'scalar' && !((prop.kind === 'm:1' || prop.kind === '1:1') && prop.owner)) return null;
    const [field, ...moreFields] = prop.fieldNames;
    const [type] = prop.columnTypes;
    if (!field || moreFields.length > 0 || !type || !JSON_SAFE_TYPES.test(type)) return null;
    if (prop.autoincrement) continue;
    columns.push({ property: prop.name, field, type, instant: type === 'timestamptz' });
  }
  return columns;
}

function planInsert(em: EntityManager, meta: EntityMetadata): TableInsert | null {
  const columns = columnsOf(meta);
  if (!columns) return null;
  const schema = meta.schema ?? em.config.get('schema');
  const table = `${schema ? `${quoteIdentifier(schema)}.` : ''}${quoteIdentifier(meta.tableName)}`;
  // Short record keys (c0, c1, ...) keep the document small: they repeat on every row.
  const fields = columns.map((column) => quoteIdentifier(column.field)).join(', ');
  const values = columns
    .map((column, k) => (column.instant ? `timestamptz 'epoch' + c${k} * interval '1 millisecond'` : `c${k}`))
    .join(', ');
  const recordType = columns.map((column, k) => `c${k} ${column.instant ? 'bigint' : column.type}`).join(', ');
  return {
    columns,
    head: `insert into ${table} (${fields}) select ${values} from jsonb_to_recordset(`,
    tail: `::jsonb) as r(${recordType})`,
  };
}

/**
 * Writes BatchWriter batches as ONE JSON document per statement, unpacked by
 * `jsonb_to_recordset`. MikroORM's `insertMany` inlines every value of a
 * multi-row VALUES list into the SQL text, which PostgreSQL then parses
 * literal by literal (about 50 µs a row on the machine measured); one JSON
 * document costs the server a few µs a row and the client one
 * `JSON.stringify`. Relations are written by the id the row gives them, as
 * with `insertMany`; an entity with a property this path does not handle
 * falls back to `insertMany`.
 *
 * Statements are pipelined one deep: `insert` builds its statement while
 * the previous one runs and returns as soon as its own is on its way, so the
 * next batch is generated while the database stores this one. `drain()`
 * waits for the last; a failed statement fails the next `insert` or `drain()`.
 */
export class JsonRecordsInserter {
  readonly #plans = new Map<EntityName<object>, TableInsert | null>();
  #inFlight: Promise<unknown> = Promise.resolve();

  readonly insert: InsertBatch = async (em, entity, rows) => {
    let plan = this.#plans.get(entity);
    if (plan === undefined) {
      const meta = em.getMetadata().find(entity);
      plan = meta ? planInsert(em, meta) : null;
      this.#plans.set(entity, plan);
    }
    if (!plan) {
      await this.#inFlight;
      await em.insertMany(entity, rows);
      return;
    }
    // Built while the previous statement runs, sent once it has finished.
    const statement = `${plan.head}${quoteDocument(JSON.stringify(records(plan.columns, rows)))}${plan.tail}`;
    await this.#inFlight;
    const sent = em.getConnection().execute(statement, [], 'run', em.getTransactionContext());
    sent.catch(() => {}); // rethrown where it is awaited: the next insert or drain()
    this.#inFlight = sent;
  };

  async drain(): Promise<void> {
    await this.#inFlight;
  }
}

function records(columns: Column[], rows: RequiredEntityData<object>[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const values = row as Record<string, unknown>;
    const record: Record<string, unknown> = {};
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k]!;
      const value = values[column.property] ?? null;
      record[`c${k}`] = column.instant && value !== null ? epochMillis(value) : value;
    }
    return record;
  });
}

function epochMillis(value: unknown): number {
  const millis = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number(value);
  if (!Number.isFinite(millis)) throw new TypeError(`not an instant: ${String(value)}`);
  return millis;
}

function quoteDocument(json: string): string {
  if (!json.includes(TAG)) return `${TAG}${json}${TAG}`;
  // An escape string with quotes and backslashes doubled reads the same whatever standard_conforming_strings says.
  return `E'${json.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
