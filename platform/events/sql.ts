import type { EntityManager } from '@mikro-orm/core';

/** One statement on `em`, in its transaction when it has one. */
export const sql = async <T = Record<string, unknown>>(em: EntityManager, text: string, params: readonly unknown[] = []): Promise<T[]> =>
  (await em.getConnection().execute(text, [...params], 'all', em.getTransactionContext())) as T[];

export function tableIn(schema: string, table: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"."${table}"`;
}

/** A reason kept in a row and shown to operators: one line, at most 1000 characters. */
export const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 1000) || 'failed without a reason';
