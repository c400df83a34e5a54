import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import { BadUserInputError } from './errors.ts';
import { isUuid } from './ids.ts';

/** The shape every `...Connection` type resolves from; `totalCount` runs only when selected. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export interface PageSizeLimits {
  defaultSize: number;
  maxSize: number;
}

export function pageSize(first: number | null | undefined, limits: PageSizeLimits): number {
  if (first === null || first === undefined) return limits.defaultSize;
  if (!Number.isInteger(first) || first < 1 || first > limits.maxSize) {
    throw new BadUserInputError(`"first" must be between 1 and ${limits.maxSize}.`);
  }
  return first;
}

type CursorValue = string | number;

/** Opaque cursor: the sort key and id of the last row seen. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the same error as a well-formed but wrong cursor
  }
  throw new BadUserInputError('"after" is not a cursor returned by this list.');
}

export interface KeysetPageRequest<T extends { id: string }> {
  entity: EntityName<T>;
  where: FilterQuery<T>;
  /** The property the list is sorted by; `id` breaks ties so the order is total. */
  orderBy: keyof T & string;
  direction: 'ASC' | 'DESC';
  first: number;
  after?: string | null;
  populate?: readonly string[];
}

/**
 * One page of a keyset-paginated list: a single indexed range scan whatever
 * the page number, plus one COUNT only if the client asks for `totalCount`.
 */
export async function keysetPage<T extends { id: string }>(em: EntityManager, request: KeysetPageRequest<T>): Promise<Connection<T>> {
  const { entity, where, orderBy, direction, first, after } = request;
  const sortKey = (row: T): CursorValue => {
    const value = row[orderBy] as unknown;
    return value instanceof Date ? value.toISOString() : (value as CursorValue);
  };
  let pageWhere = where;
  if (after) {
    const [lastValue, lastId] = decodeCursorFor(em, request, after);
    const past = direction === 'DESC' ? '$lt' : '$gt';
    const pastOrAt = direction === 'DESC' ? '$lte' : '$gte';
    // The redundant bound on the sort key alone lets PostgreSQL seek the index
    // to the cursor instead of filtering every row before it.
    const afterCursor = {
      [orderBy]: { [pastOrAt]: lastValue },
      $or: [{ [orderBy]: { [past]: lastValue } }, { [orderBy]: lastValue, id: { [past]: lastId } }],
    } as unknown as FilterQuery<T>;
    pageWhere = { $and: [where, afterCursor] } as FilterQuery<T>;
  }
  const rows = await em.find(entity, pageWhere, {
    orderBy: [{ [orderBy]: direction }, { id: direction }] as never,
    limit: first + 1,
  });
  const hasNextPage = rows.length > first;
  const page = hasNextPage ? rows.slice(0, first) : rows;
  const edges = page.map((node) => ({ cursor: encodeCursor([sortKey(node), node.id]), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => em.count(entity, where),
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A cursor comes back from a client, so it is checked against the list it
 * claims to continue: a UUID id and a sort value of the sort column's type.
 * One from another list or order is refused as bad input instead of failing
 * in the database.
 */
function decodeCursorFor<T extends { id: string }>(em: EntityManager, request: KeysetPageRequest<T>, after: string): [CursorValue, string] {
  const [value, id] = decodeCursor(after, 2);
  const properties = em.getMetadata().find(request.entity)?.properties as Record<string, { runtimeType?: string; type?: string }> | undefined;
  const property = properties?.[request.orderBy];
  const runtimeType = String(property?.runtimeType ?? property?.type ?? 'string').toLowerCase();
  const fits =
    runtimeType === 'date'
      ? typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))
      : runtimeType === 'number'
        ? typeof value === 'number'
        : typeof value === 'string';
  if (!fits || !isUuid(id)) throw new BadUserInputError('"after" is not a cursor returned by this list.');
  return [runtimeType === 'date' ? new Date(value as string).toISOString() : value!, id];
}
