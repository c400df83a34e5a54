/**
 * Probing the access the graph ENFORCES, field by field: what the schema
 * declares (every field of every subgraph, from `fieldAccessOf`), how a query
 * reaches a type, and how a response is read for one field: refused (null and
 * an UNAUTHORIZED_FIELD_OR_TYPE error at it, or at a refused ancestor) or
 * readable (no error on the way, a value).
 */
import { Kind, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { fieldAccessOf } from '#policy';
import { SUBGRAPH_NAMES, loadSubgraphTypeDefs, type SubgraphName } from '../subgraphs/index.ts';
import type { GraphQLResponse } from './graphql-client.ts';

export const UNAUTHORIZED = 'UNAUTHORIZED_FIELD_OR_TYPE';

/** Where a probe is sent: through the gateway, or straight to one subgraph. */
export type Target = 'gateway' | SubgraphName;

export interface SchemaField {
  type: string;
  field: string;
  /** The named type the field returns. */
  returns: string;
  nullable: boolean;
  /** `@inaccessible`: served to the gateway only (an entity key), not a field of the graph's API. */
  inaccessible: boolean;
  /** The subgraphs that serve this field (that define it on a type they resolve). */
  subgraphs: SubgraphName[];
}

export interface SubgraphShape {
  name: SubgraphName;
  /** Fields of each type the subgraph serves (reference stubs left out, as `fieldAccessOf` does). */
  fields: Map<string, string[]>;
  /** Entity types the subgraph resolves (`_entities`), with the key field a representation carries. */
  entities: Map<string, string>;
  /** Types a query can reach in this subgraph: from its root fields, or as an entity, and on through its fields. */
  reachable: Set<string>;
}

export interface GraphShape {
  /** Every field of the policy, by coordinate `Type.field`, in schema order. */
  fields: Map<string, SchemaField>;
  /** Every object type name (stubs and Query included): a field returning one needs a selection. */
  objectTypes: Set<string>;
  subgraphs: Record<SubgraphName, SubgraphShape>;
}

const coordinate = (type: string, field: string) => `${type}.${field}`;

export function graphShape(): GraphShape {
  const fields = new Map<string, SchemaField>();
  const objectTypes = new Set<string>();
  const subgraphs = {} as Record<SubgraphName, SubgraphShape>;
  for (const name of SUBGRAPH_NAMES) {
    const document = loadSubgraphTypeDefs(name);
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION)
        objectTypes.add(definition.name.value);
    }
    const own = new Map<string, string[]>();
    for (const access of fieldAccessOf(document)) {
      const key = coordinate(access.type, access.field);
      const known = fields.get(key);
      if (known) known.subgraphs.push(name);
      else
        fields.set(key, {
          type: access.type,
          field: access.field,
          returns: access.returns,
          nullable: access.nullable,
          inaccessible: access.inaccessible,
          subgraphs: [name],
        });
      own.set(access.type, [...(own.get(access.type) ?? []), access.field]);
    }
    const entities = entityKeys(document);
    subgraphs[name] = { name, fields: own, entities, reachable: reachableTypes(own, entities, fields) };
  }
  return { fields, objectTypes, subgraphs };
}

/** Resolvable entities and the (single-field) key a representation uses; `id` where a type has several keys. */
function entityKeys(document: DocumentNode): Map<string, string> {
  const entities = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const keys = (definition.directives ?? []).filter((d) => d.name.value === 'key');
    if (keys.length === 0 || keys.some((key) => booleanArgument(key, 'resolvable') === false)) continue;
    const keyFields = keys.map((key) => stringArgument(key, 'fields')).filter((fields): fields is string => Boolean(fields));
    entities.set(definition.name.value, keyFields.includes('id') ? 'id' : keyFields[0]!);
  }
  return entities;
}

const argumentOf = (directive: ConstDirectiveNode, name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
const booleanArgument = (directive: ConstDirectiveNode, name: string) => {
  const value = argumentOf(directive, name);
  return value?.kind === Kind.BOOLEAN ? value.value : undefined;
};
const stringArgument = (directive: ConstDirectiveNode, name: string) => {
  const value = argumentOf(directive, name);
  return value?.kind === Kind.STRING ? value.value : undefined;
};

function reachableTypes(own: Map<string, string[]>, entities: Map<string, string>, fields: Map<string, SchemaField>): Set<string> {
  const reached = new Set<string>();
  const queue = [...(own.get('Query') ?? []).map((f) => fields.get(coordinate('Query', f))!.returns), ...entities.keys()];
  while (queue.length > 0) {
    const type = queue.pop()!;
    if (reached.has(type) || !own.has(type)) continue;
    reached.add(type);
    for (const field of own.get(type)!) queue.push(fields.get(coordinate(type, field))!.returns);
  }
  return reached;
}

/** Fields of a type across every subgraph, in schema order; with `api`, only those of the graph's API (not `@inaccessible`). */
export function fieldsOfType(shape: GraphShape, type: string, options: { api?: boolean } = {}): string[] {
  return [...shape.fields.values()].filter((f) => f.type === type && !(options.api && f.inaccessible)).map((f) => f.field);
}

/** A selection of the given fields of a type: scalars as they are, objects by their `__typename` (their own fields are probed as their type's). */
export function selectionOf(shape: GraphShape, type: string, fields: readonly string[]): string {
  return fields
    .map((field) => (shape.objectTypes.has(shape.fields.get(coordinate(type, field))!.returns) ? `${field} { __typename }` : field))
    .join(' ');
}

/** The coordinates a path of field names follows from a type, or an error naming the first step the schema lacks. */
export function coordinatesAlong(shape: GraphShape, from: string, path: readonly string[]): { coordinates: string[]; reaches: string } {
  const coordinates: string[] = [];
  let type = from;
  for (const field of path) {
    const known = shape.fields.get(coordinate(type, field));
    if (!known) throw new Error(`${coordinate(type, field)} is not a field of the schema`);
    coordinates.push(coordinate(type, field));
    type = known.returns;
  }
  return { coordinates, reaches: type };
}

// ---------------------------------------------------------------------------------------------
// Reading a response

type Path = readonly (string | number)[];

/** A response path by field names only: list indexes (subgraphs) and `@` (the gateway's list marker) dropped. */
export const namesOf = (path: Path | undefined): string[] =>
  (path ?? []).filter((step): step is string => typeof step === 'string' && step !== '@');

const isPrefix = (prefix: readonly string[], path: readonly string[]) =>
  prefix.length <= path.length && prefix.every((step, i) => path[i] === step);

/** The objects at the end of a path of field names, list items flattened, nulls left out. */
export function objectsAt(data: unknown, path: readonly string[]): Record<string, unknown>[] {
  let level: unknown[] = [data];
  for (const step of path) {
    level = level
      .flatMap((value) => (value && typeof value === 'object' && !Array.isArray(value) ? [(value as Record<string, unknown>)[step]] : []))
      .flatMap((value) => (Array.isArray(value) ? value : [value]));
  }
  return level.filter((value): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value));
}

/** Whether a value counts as present: non-null, and a non-empty list when a list. */
const present = (value: unknown) => value !== null && value !== undefined && (!Array.isArray(value) || value.length > 0);

/** Every string, number and boolean leaf of a value (a list's items, an object's fields but its `__typename`). */
export function leavesOf(value: unknown): (string | number | boolean)[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => (key === '__typename' ? [] : leavesOf(inner)));
  return [value as string | number | boolean];
}

export interface FieldVerdict {
  /** What went wrong, empty when the response matches the expectation. */
  problems: string[];
  /** Values the field answered (when readable): the scalar leaves, for the "never appears" check of refused probes. */
  values: (string | number | boolean)[];
}

/**
 * One field of a probe's response against the expectation. Refused means null
 * in every object reached, and an UNAUTHORIZED_FIELD_OR_TYPE error: at the
 * field itself when its parent was reached; else at the field, at one of its
 * ancestors (the parent was refused), at a non-null sibling (whose refusal
 * nulled the parent: GraphQL then stops, and may not report the field's own
 * refusal) or at a field of an object further up (which nulled that object). Readable means no error on the way to the field and, unless
 * `mayBeEmpty`, a value in at least one object.
 */
export function verdictFor(
  response: GraphQLResponse,
  dataPath: readonly string[],
  field: string,
  expectation: 'refused' | 'readable',
  options: { mayBeEmpty?: boolean; nonNullSiblings?: readonly string[] } = {},
): FieldVerdict {
  const fieldPath = [...dataPath, field];
  const objects = response.data ? objectsAt(response.data, dataPath) : [];
  const errors = (response.errors ?? []).filter((error) => isPrefix(namesOf(error.path), fieldPath));
  const values = objects.map((object) => object[field]);
  const problems: string[] = [];
  if (expectation === 'refused') {
    const refusals = (response.errors ?? []).filter((error) => error.extensions?.code === UNAUTHORIZED).map((error) => namesOf(error.path));
    const atField = refusals.some((path) => path.length === fieldPath.length && isPrefix(path, fieldPath));
    const onTheWay = refusals.some((path) => isPrefix(path, fieldPath));
    // A refusal that nulled an object on the way: at a non-null sibling of the field, or at any field of an object further up.
    const atNonNullSibling = refusals.some(
      (path) =>
        path.length > 0 &&
        isPrefix(path.slice(0, -1), dataPath) &&
        (path.length <= dataPath.length || (options.nonNullSiblings ?? []).includes(path[path.length - 1]!)),
    );
    if (objects.length > 0 ? !atField : !onTheWay && !atNonNullSibling) {
      problems.push(
        `expected an ${UNAUTHORIZED} error at ${fieldPath.join('.')}${objects.length > 0 ? '' : ', an ancestor or a non-null sibling'}, got ${JSON.stringify(response.errors ?? []).slice(0, 600)}`,
      );
    }
    const leaked = values.filter((value) => value !== null && value !== undefined);
    if (leaked.length > 0) problems.push(`expected null, got ${JSON.stringify(leaked).slice(0, 300)}`);
    return { problems, values: [] };
  }
  if (errors.length > 0)
    problems.push(`expected no error on the way to ${fieldPath.join('.')}, got ${JSON.stringify(errors).slice(0, 600)}`);
  if (objects.length === 0)
    problems.push(
      `reached no object at ${dataPath.join('.') || 'the root'} to read ${field} from (data: ${JSON.stringify(response.data ?? null).slice(0, 300)})`,
    );
  else if (!options.mayBeEmpty && !values.some(present)) problems.push(`expected a value, got ${JSON.stringify(values).slice(0, 300)}`);
  else if (values.some((value) => value === undefined)) problems.push('the field is missing from the response');
  return { problems, values: values.flatMap(leavesOf) };
}
