/**
 * Internal to the policy-filter plugin: writing the nulls into a response,
 * and the error every field taken out answers with.
 */
import { ErrorCode } from '#service';
import { LIST_ITEMS, TYPE_MARKER, type NullWrite, type UnauthorizedField } from './filter-operation.ts';

/** The message and code Apollo Router and Hive Gateway use, so their clients work unchanged. */
const UNAUTHORIZED_MESSAGE = 'Unauthorized field or type';

interface UnauthorizedError {
  message: string;
  path: string[];
  extensions: { code: typeof ErrorCode.UNAUTHORIZED_FIELD_OR_TYPE };
}

export const unauthorizedErrors = (fields: readonly UnauthorizedField[]): UnauthorizedError[] =>
  fields.map(({ path }) => ({ message: UNAUTHORIZED_MESSAGE, path, extensions: { code: ErrorCode.UNAUTHORIZED_FIELD_OR_TYPE } }));

type Container = Record<string, unknown> | unknown[];

/**
 * Sets null wherever a field was taken out, or at the nullable ancestor a
 * non-null field's null propagates to, then removes the type markers; returns
 * the new `data` (null when the propagation reaches it). Shallower targets
 * first, so a write never misses its field because a deeper one already cut
 * the branch.
 */
export function applyNullWrites(data: unknown, writes: readonly NullWrite[], typeMarkers: readonly (readonly string[])[] = []): unknown {
  const holder: Record<string, unknown> = { data };
  for (const write of [...writes].sort((a, b) => a.nullAt - b.nullAt)) {
    const slots: [Container, string | number][] = [[holder, 'data']];
    const walk = (value: unknown, step: number): void => {
      if (value === null || typeof value !== 'object') return;
      for (const check of write.typeChecks ?? []) {
        if (check.depth === step && (value as Record<string, unknown>)[TYPE_MARKER] !== check.type) return;
      }
      const element = write.path[step]!;
      if (step === write.path.length - 1) {
        // A placeholder answered where the field would have; below abstract types the field was dropped.
        if (Array.isArray(value) || (!write.typeChecks && !(element in value))) return;
        const [container, key] = step + 1 === write.nullAt ? [value as Container, element] : slots[write.nullAt]!;
        (container as Record<string | number, unknown>)[key] = null;
        return;
      }
      if (element === LIST_ITEMS) {
        if (!Array.isArray(value)) return;
        value.forEach((item, index) => {
          slots.push([value, index]);
          walk(item, step + 1);
          slots.pop();
        });
      } else if (!Array.isArray(value)) {
        slots.push([value as Container, element]);
        walk((value as Record<string, unknown>)[element], step + 1);
        slots.pop();
      }
    };
    walk(holder.data, 0);
  }
  for (const path of typeMarkers) forEachAt(holder.data, path, (object) => delete object[TYPE_MARKER]);
  return holder.data;
}

/** Calls `visit` with every object at `path` (keys, and `@` for every item of a list). */
function forEachAt(value: unknown, path: readonly string[], visit: (object: Record<string, unknown>) => void, step = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (step === path.length) {
    if (!Array.isArray(value)) visit(value as Record<string, unknown>);
    return;
  }
  const element = path[step]!;
  if (element === LIST_ITEMS) {
    if (Array.isArray(value)) for (const item of value) forEachAt(item, path, visit, step + 1);
  } else if (!Array.isArray(value)) {
    forEachAt((value as Record<string, unknown>)[element], path, visit, step + 1);
  }
}
