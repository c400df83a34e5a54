import DataLoader from 'dataloader';

/**
 * A per-request loader of one row per key: one query for all keys asked for
 * in the same tick, results matched back by key, null where none exists.
 */
export function rowLoader<K extends string, V>(
  fetch: (keys: readonly K[]) => Promise<readonly V[]>,
  keyOf: (row: V) => K,
  options: LoaderOptions<K> = {},
): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<K, V>();
    const wanted = validKeys(keys, options);
    if (wanted.length > 0) for (const row of await fetch(wanted)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

interface LoaderOptions<K> {
  /**
   * Keys that cannot name a row (say, a malformed UUID from a client or a
   * federation representation) are answered empty without reaching SQL.
   */
  isValidKey?: (key: K) => boolean;
}

function validKeys<K>(keys: readonly K[], { isValidKey }: LoaderOptions<K>): readonly K[] {
  return isValidKey ? keys.filter(isValidKey) : keys;
}

/** A per-request loader of the children of many parents in one query, each list in fetch order. */
export function childrenLoader<K extends string, V>(
  fetch: (parentKeys: readonly K[]) => Promise<readonly V[]>,
  parentKeyOf: (row: V) => K,
  options: LoaderOptions<K> = {},
): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const byParent = new Map<K, V[]>();
    const wanted = validKeys(keys, options);
    for (const row of wanted.length > 0 ? await fetch(wanted) : []) {
      const parentKey = parentKeyOf(row);
      const list = byParent.get(parentKey);
      if (list) list.push(row);
      else byParent.set(parentKey, [row]);
    }
    return keys.map((key) => byParent.get(key) ?? []);
  });
}
