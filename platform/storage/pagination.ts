import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import { BadUserInputError } from '#service';
import { isUuid } from '#reference-data';

/** The shape every `...Connection` type resolves from; `totalCount` runs only when selected. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

interface PageSizeLimits {
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
function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, arity: number): CursorValue[] {
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

interface KeysetPageFields<T extends object> {
  entity: EntityName<T>;
  where: FilterQuery<T>;
  /** The property the list is sorted by; `id` breaks ties so the order is total, unless the sort key is unique. */
  orderBy: keyof T & string;
  direction: 'ASC' | 'DESC';
  first: number;
  after?: string | null;
  populate?: readonly string[];
  /**
   * The sort key alone orders the list totally (a primary key, such as a
   * sequence number): no `id` tie-break, and cursors carry the sort key alone.
   */
  uniqueSortKey?: boolean;
}

/** A row without a UUID `id` (say, one keyed by a sequence) can only be paged by a unique sort key. */
type KeysetPageRequest<T extends object> = KeysetPageFields<T> & (T extends { id: string } ? unknown : { uniqueSortKey: true });

/**
 * One page of a keyset-paginated list: a single indexed range scan whatever
 * the page number, plus one COUNT only if the client asks for `totalCount`.
 */
export async function keysetPage<T extends object>(em: EntityManager, request: KeysetPageRequest<T>): Promise<Connection<T>> {
  const { entity, where, orderBy, direction, first, after, uniqueSortKey = false } = request as KeysetPageFields<T>;
  const sortKey = (row: T): CursorValue => {
    const value = row[orderBy] as unknown;
    return value instanceof Date ? value.toISOString() : (value as CursorValue);
  };
  const idOf = (row: T) => (row as T & { id: string }).id;
  let pageWhere = where;
  if (after) {
    const past = direction === 'DESC' ? '$lt' : '$gt';
    let afterCursor: FilterQuery<T>;
    if (uniqueSortKey) {
      const [lastValue] = decodeCursorFor(em, request, after);
      afterCursor = { [orderBy]: { [past]: lastValue } } as unknown as FilterQuery<T>;
    } else {
      const [lastValue, lastId] = decodeCursorFor(em, request, after);
      const pastOrAt = direction === 'DESC' ? '$lte' : '$gte';
      // The redundant bound on the sort key alone lets PostgreSQL seek the index
      // to the cursor instead of filtering every row before it.
      afterCursor = {
        [orderBy]: { [pastOrAt]: lastValue },
        $or: [{ [orderBy]: { [past]: lastValue } }, { [orderBy]: lastValue, id: { [past]: lastId } }],
      } as unknown as FilterQuery<T>;
    }
    pageWhere = { $and: [where, afterCursor] } as FilterQuery<T>;
  }
  // (NoInfer: MikroORM's filter types cannot be related for a generic entity without an `id`.)
  const rows = await em.find<T>(entity, pageWhere as FilterQuery<NoInfer<T>>, {
    orderBy: (uniqueSortKey ? [{ [orderBy]: direction }] : [{ [orderBy]: direction }, { id: direction }]) as never,
    limit: first + 1,
  });
  const hasNextPage = rows.length > first;
  const page = hasNextPage ? rows.slice(0, first) : rows;
  const edges = page.map((node) => ({ cursor: encodeCursor(uniqueSortKey ? [sortKey(node)] : [sortKey(node), idOf(node)]), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => em.count<T>(entity, where as FilterQuery<NoInfer<T>>),
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DECIMAL_INTEGER = /^(0|[1-9]\d{0,18})$/;
const MAX_BIGINT = 2n ** 63n - 1n;

/**
 * A cursor comes back from a client, so it is checked against the list it
 * claims to continue: a sort value of the sort column's type and, unless the
 * sort key is unique, a UUID id. One from another list or order is refused as
 * bad input instead of failing in the database.
 */
function decodeCursorFor<T extends object>(em: EntityManager, request: KeysetPageFields<T>, after: string): [CursorValue, string?] {
  const unique = request.uniqueSortKey ?? false;
  const [value, id] = decodeCursor(after, unique ? 1 : 2);
  const properties = em.getMetadata().find(request.entity)?.properties as
    | Record<string, { runtimeType?: string; type?: string }>
    | undefined;
  const property = properties?.[request.orderBy];
  const runtimeType = String(property?.runtimeType ?? property?.type ?? 'string').toLowerCase();
  // A bigint column read as a string (a sequence number) pages by its decimal digits.
  const bigint = String(property?.type ?? '')
    .toLowerCase()
    .includes('bigint');
  const fits =
    runtimeType === 'date'
      ? typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))
      : runtimeType === 'number'
        ? typeof value === 'number'
        : typeof value === 'string' && (!bigint || (DECIMAL_INTEGER.test(value) && BigInt(value) <= MAX_BIGINT));
  if (!fits || (!unique && !isUuid(id))) throw new BadUserInputError('"after" is not a cursor returned by this list.');
  const sortValue = runtimeType === 'date' ? new Date(value as string).toISOString() : value!;
  return unique ? [sortValue] : [sortValue, id as string];
}
