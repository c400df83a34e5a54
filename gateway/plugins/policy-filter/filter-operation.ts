/**
 * Internal to the policy-filter plugin: the pure part, with no Apollo in it.
 * A schema, a document, variables and the caller's scopes go in; the
 * document to plan (every field the caller may never read taken out), the
 * paths taken out and where the response must say null come back.
 *
 * Only the agency/role part of the policy is checked here (`@requiresScopes`,
 * `@public`); row conditions (`@rowRule`) belong to the subgraph that owns
 * the row. Rules are read with the kit's `fieldAccessOf`, from the core
 * supergraph SDL: Apollo Gateway strips composed directives from the API schema.
 */
import {
  Kind,
  buildASTSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
  visit,
} from 'graphql';
import { admitsScopes, fieldAccessOf, type FieldAccess } from '#policy';

/** The marker Apollo Router writes for "every item of this list" in an unauthorized path. */
export const LIST_ITEMS = '@';

/** One field taken out of the operation: one error. */
export interface UnauthorizedField {
  /**
   * Where it sits in the response, as Apollo Router writes it: response keys
   * from the root (aliases as the client wrote them), `@` for the items of a
   * list instead of their positions, and a final `@` when the field is itself
   * a list. Fragments add nothing.
   */
  path: string[];
  /** The schema coordinate whose rule decided, e.g. `Case.counsellingSessions`. */
  coordinate: string;
  /** True when its own rule admits the caller but everything it selected was taken out. */
  emptied: boolean;
}

/**
 * Where the response must say null for a field taken out. Outside abstract
 * types the field stays in the planned document as a placeholder (`key:
 * __typename`, answered by whichever subgraph returns its parent, so it
 * costs no fetch): its key then appears exactly where, in as many list items,
 * and in the same order as the field would have. Below an interface or a
 * union a placeholder could clash with the same key in a sibling type's
 * branch, so there the field is dropped and the write names the type the
 * object must be, read from a `__typename` marker the document asks for.
 */
export interface NullWrite {
  /** Response keys (and `@` for list items) from the root to the field's key. */
  path: string[];
  /**
   * How much of `path` names the position to set to null: `path.length` for
   * the field itself; less when the field is non-null and the null
   * propagates to its nearest nullable ancestor, as GraphQL execution would;
   * 0 for `data` itself.
   */
  nullAt: number;
  /** Below abstract types: the object at each of these depths must be of this type (by its marker). */
  typeChecks?: TypeCheck[];
}

interface TypeCheck {
  depth: number;
  type: string;
}

/** The response key of the `__typename` asked for at every abstract position of a filtered document, removed from the answer. */
export const TYPE_MARKER = '__policyTypename';

export interface FilteredOperation {
  operation: OperationDefinitionNode;
  /** The document to plan: the client's own when nothing was taken out. */
  document: DocumentNode;
  unauthorized: UnauthorizedField[];
  nullWrites: NullWrite[];
  /** Paths of the objects that carry a {@link TYPE_MARKER}, to be removed once the nulls are written. */
  typeMarkers: string[][];
  /** Nothing the caller may read is left: answer from the null writes alone, without planning. */
  nothingLeft: boolean;
}

/** The supergraph's rules, compiled once at startup. */
export interface CompiledPolicy {
  readonly schema: GraphQLSchema;
  /** `Type.field` coordinates a caller holding these scopes may read; one computation per distinct scope set. */
  readableBy(scopes: readonly string[]): ReadonlySet<string>;
}

/** Scope sets kept: far more than the agencies times their roles. */
const VIEW_CACHE_SIZE = 512;

/**
 * Reads every field's rule from the core supergraph SDL and fails fast when a
 * field the gateway could take out while its parent object is readable is
 * non-null (composition's policy check already forbids that; the gateway
 * relies on it to answer such a field null).
 */
export function compilePolicy(supergraphSdl: string): CompiledPolicy {
  const document = parse(supergraphSdl);
  const accesses = fieldAccessOf(document);
  const nonNull = nonNullForbiddenFields(accesses);
  if (nonNull.length > 0) {
    throw new Error(
      `policy filter: these fields can be forbidden while their type is readable, so they must be nullable: ${nonNull.join(', ')}`,
    );
  }
  const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
  const views = new Map<string, ReadonlySet<string>>();
  return {
    schema,
    readableBy(scopes) {
      const held = new Set(scopes);
      const key = [...held].sort().join(' ');
      let view = views.get(key);
      if (!view) {
        view = new Set(accesses.filter((access) => admitsScopes(access.rule, held)).map((access) => `${access.type}.${access.field}`));
        if (views.size >= VIEW_CACHE_SIZE) views.delete(views.keys().next().value!);
        views.set(key, view);
      }
      return view;
    },
  };
}

/**
 * Non-null fields that some caller able to read their parent type may not
 * read. A field without a rule of its own shares its type's and is never one;
 * for one with its own rule, the weakest reader of the parent type (exactly
 * one alternative of the type's scopes, or nothing at all when the type is
 * public or has no rule) is the witness.
 */
export function nonNullForbiddenFields(accesses: readonly FieldAccess[]): string[] {
  return accesses
    .filter((access) => !access.nullable && access.own !== null)
    .filter((access) => {
      const weakestReaders =
        !access.ofType || access.ofType.public ? [new Set<string>()] : access.ofType.scopes.map((alternative) => new Set(alternative));
      return weakestReaders.some((reader) => !admitsScopes(access.own, reader));
    })
    .map((access) => `${access.type}.${access.field}`);
}

export interface FilterRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
  scopes: readonly string[];
}

/**
 * Takes out of the operation every field the caller may never read, with
 * GraphQL's own semantics: fragments (named, inline, on abstract types) are
 * collected per concrete type, fields merged by response key, `@skip` and
 * `@include` evaluated with the request's variables (a skipped field is not
 * asked for, so it is neither an error nor a null). A selection left with
 * nothing readable is taken out too, with its own error.
 */
export function filterOperation(policy: CompiledPolicy, request: FilterRequest): FilteredOperation | null {
  const operation = getOperationAST(request.document, request.operationName);
  const root = operation && policy.schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const walk = new OperationWalk(policy.schema, policy.readableBy(request.scopes), request.document, operation, request.variables ?? {});
  const result = walk.objectSet(root, operation.selectionSet.selections, { path: [], positions: [], typeChecks: [] });
  if (walk.unauthorized.length === 0) {
    return { operation, document: request.document, unauthorized: [], nullWrites: [], typeMarkers: [], nothingLeft: false };
  }
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: result.selections };
  // Variables only the fields taken out (or skipped) used are no longer declared, so the document stays valid.
  const used = new Set<string>();
  visit({ ...operation, variableDefinitions: [], selectionSet }, { Variable: (variable) => void used.add(variable.name.value) });
  const variableDefinitions = operation.variableDefinitions?.filter((definition) => used.has(definition.variable.name.value));
  const filtered: OperationDefinitionNode = { ...operation, variableDefinitions, selectionSet };
  return {
    operation: filtered,
    document: { kind: Kind.DOCUMENT, definitions: [filtered] },
    unauthorized: walk.unauthorized,
    nullWrites: walk.nullWrites,
    typeMarkers: walk.typeMarkers,
    nothingLeft: result.readable === 0 || result.doomAt === 0,
  };
}

/** A position in the response that may or may not hold null: a field's value, or the items of a list. */
interface Position {
  /** Length of the path prefix that names it. */
  depth: number;
  nullable: boolean;
}

/** Where a selection set sits: its path, the positions above it, the abstract types it is below. */
interface Place {
  path: string[];
  positions: Position[];
  typeChecks: TypeCheck[];
}

interface SetResult {
  selections: SelectionNode[];
  /** Selections kept that the caller may read (placeholders do not count). */
  readable: number;
  removed: boolean;
  /** The shallowest position a non-null field taken out here makes null, if any. */
  doomAt: number | null;
}

const minDepth = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

class OperationWalk {
  readonly unauthorized: UnauthorizedField[] = [];
  readonly nullWrites: NullWrite[] = [];
  readonly typeMarkers: string[][] = [];
  readonly #seen = new Set<string>();
  readonly #schema: GraphQLSchema;
  readonly #readable: ReadonlySet<string>;
  readonly #fragments: Map<string, FragmentDefinitionNode>;
  readonly #variables: Readonly<Record<string, unknown>>;
  readonly #defaults: Map<string, ValueNode>;

  constructor(
    schema: GraphQLSchema,
    readable: ReadonlySet<string>,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>>,
  ) {
    this.#schema = schema;
    this.#readable = readable;
    this.#variables = variables;
    this.#fragments = new Map(
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
      ),
    );
    this.#defaults = new Map(
      (operation.variableDefinitions ?? []).flatMap((definition) =>
        definition.defaultValue ? [[definition.variable.name.value, definition.defaultValue] as const] : [],
      ),
    );
  }

  /** A selection set on an object type: CollectFields, then each response key once. */
  objectSet(type: GraphQLObjectType, selections: readonly SelectionNode[], place: Place): SetResult {
    const result: SetResult = { selections: [], readable: 0, removed: false, doomAt: null };
    for (const [key, nodes] of this.#collect(type, selections, new Map())) {
      const first = nodes[0]!;
      const name = first.name.value;
      if (name.startsWith('__')) {
        // __typename anywhere, __schema and __type at the root: never forbidden, left as the client wrote them.
        result.selections.push(...nodes);
        result.readable += 1;
        continue;
      }
      const definition = type.getFields()[name];
      const fieldPath = [...place.path, key];
      if (!definition || !this.#readable.has(`${type.name}.${name}`)) {
        this.#remove(result, key, `${type.name}.${name}`, definition?.type, fieldPath, place, false);
        continue;
      }
      const subselections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
      if (subselections.length === 0) {
        result.selections.push(withoutConditions(first));
        result.readable += 1;
        continue;
      }
      // Positions inside this field: its value, then the items of each list level.
      const inner = [...place.positions, { depth: fieldPath.length, nullable: !isNonNullType(definition.type) }];
      const innerPath = [...fieldPath];
      for (let wrapped = getNullableType(definition.type); isListType(wrapped); ) {
        innerPath.push(LIST_ITEMS);
        inner.push({ depth: innerPath.length, nullable: !isNonNullType(wrapped.ofType) });
        wrapped = getNullableType(wrapped.ofType);
      }
      const child = this.#compositeSet(getNamedType(definition.type) as GraphQLCompositeType, subselections, {
        path: innerPath,
        positions: inner,
        typeChecks: place.typeChecks,
      });
      // Every selection skipped (`@skip`/`@include`): the answer is `{}`, which a selection skipped for good still gives.
      if (child.selections.length === 0) child.selections.push(SKIPPED);
      result.removed ||= child.removed;
      if (child.readable === 0 && child.removed) {
        this.#remove(result, key, `${type.name}.${name}`, definition.type, fieldPath, place, true);
      } else if (child.doomAt !== null && child.doomAt <= fieldPath.length) {
        // A non-null field below was taken out and its null reaches this field or above, as
        // GraphQL execution would propagate it: nothing here need be fetched.
        this.#answerNull(result, key, { path: fieldPath, nullAt: child.doomAt }, place);
        result.doomAt = minDepth(result.doomAt, child.doomAt);
      } else {
        result.selections.push({ ...withoutConditions(first), selectionSet: { kind: Kind.SELECTION_SET, selections: child.selections } });
        result.readable += 1;
        result.doomAt = minDepth(result.doomAt, child.doomAt);
      }
    }
    return result;
  }

  /**
   * An object type is walked as it is; an abstract one once per possible
   * type, each under its own rules, as `... on Type` fragments: what a
   * caller may read can differ between the types behind an interface.
   */
  #compositeSet(type: GraphQLCompositeType, selections: readonly SelectionNode[], place: Place): SetResult {
    if (isObjectType(type)) return this.objectSet(type, selections, place);
    const result: SetResult = { selections: [], readable: 0, removed: false, doomAt: null };
    for (const possible of [...this.#schema.getPossibleTypes(type)].sort((a, b) => a.name.localeCompare(b.name))) {
      const typeChecks = [...place.typeChecks, { depth: place.path.length, type: possible.name }];
      const branch = this.objectSet(possible, selections, { ...place, typeChecks });
      result.removed ||= branch.removed;
      if (branch.selections.length === 0) continue;
      result.selections.push({
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: possible.name } },
        selectionSet: { kind: Kind.SELECTION_SET, selections: branch.selections },
      });
      result.readable += branch.readable > 0 ? 1 : 0;
      // A null propagating from one branch concerns objects of that type only: it is left to
      // the type-checked writes at response time, not assumed for every object here.
    }
    if (result.removed) {
      result.selections.unshift(placeholder(TYPE_MARKER));
      this.typeMarkers.push(place.path);
    }
    return result;
  }

  #remove(
    result: SetResult,
    key: string,
    coordinate: string,
    type: GraphQLOutputType | undefined,
    fieldPath: string[],
    place: Place,
    emptied: boolean,
  ) {
    let listLevels = 0;
    for (let wrapped = type && getNullableType(type); wrapped && isListType(wrapped); wrapped = getNullableType(wrapped.ofType))
      listLevels += 1;
    const path = [...fieldPath, ...Array<string>(listLevels).fill(LIST_ITEMS)];
    const id = JSON.stringify(path);
    if (!this.#seen.has(id)) {
      this.#seen.add(id);
      this.unauthorized.push({ path, coordinate, emptied });
    }
    const nullAt =
      type && !isNonNullType(type) ? fieldPath.length : (place.positions.findLast((position) => position.nullable)?.depth ?? 0);
    this.#answerNull(result, key, { path: fieldPath, nullAt }, place);
    result.removed = true;
    if (nullAt < fieldPath.length) result.doomAt = minDepth(result.doomAt, nullAt);
  }

  /** A placeholder where it cannot clash; below an abstract type, nothing, and a write checked against the type marker. */
  #answerNull(result: SetResult, key: string, write: NullWrite, place: Place) {
    if (place.typeChecks.length === 0) {
      result.selections.push(placeholder(key));
      this.nullWrites.push(write);
    } else {
      this.nullWrites.push({ ...write, typeChecks: place.typeChecks });
    }
  }

  /** GraphQL's CollectFields for one object type: response key to the field nodes merged under it, in order. */
  #collect(type: GraphQLObjectType, selections: readonly SelectionNode[], into: Map<string, FieldNode[]>): Map<string, FieldNode[]> {
    for (const selection of selections) {
      if (!this.#included(selection.directives)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = into.get(key);
        if (nodes) nodes.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || this.#applies(selection.typeCondition.name.value, type))
          this.#collect(type, selection.selectionSet.selections, into);
      } else {
        const fragment = this.#fragments.get(selection.name.value);
        if (fragment && this.#applies(fragment.typeCondition.name.value, type)) this.#collect(type, fragment.selectionSet.selections, into);
      }
    }
    return into;
  }

  #applies(condition: string, type: GraphQLObjectType): boolean {
    if (condition === type.name) return true;
    const conditionType = this.#schema.getType(condition);
    return conditionType !== undefined && isAbstractType(conditionType) && this.#schema.isSubType(conditionType, type);
  }

  /** `@skip`/`@include` with the request's variables; a value not known here counts as included. */
  #included(directives: readonly DirectiveNode[] | undefined): boolean {
    for (const directive of directives ?? []) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') continue;
      const value = this.#condition(directive);
      if ((name === 'skip' && value === true) || (name === 'include' && value === false)) return false;
    }
    return true;
  }

  #condition(directive: DirectiveNode): boolean | undefined {
    const value = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
    if (value?.kind === Kind.BOOLEAN) return value.value;
    if (value?.kind !== Kind.VARIABLE) return undefined;
    const given = this.#variables[value.name.value];
    if (typeof given === 'boolean') return given;
    const fallback = given === undefined ? this.#defaults.get(value.name.value) : undefined;
    return fallback?.kind === Kind.BOOLEAN ? fallback.value : undefined;
  }
}

/** `__typename @skip(if: true)`: a selection that asks for nothing, where a selection set may not be empty. */
const SKIPPED: FieldNode = {
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: '__typename' },
  directives: [
    {
      kind: Kind.DIRECTIVE,
      name: { kind: Kind.NAME, value: 'skip' },
      arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'if' }, value: { kind: Kind.BOOLEAN, value: true } }],
    },
  ],
};

/** What stands in for a field taken out (its response key, answered by `__typename`, overwritten with null), and the type marker. */
function placeholder(key: string): FieldNode {
  return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: key }, name: { kind: Kind.NAME, value: '__typename' } };
}

/** `@skip`/`@include` were evaluated (a field still here is included): dropped, so the planned document depends on nothing else. */
function withoutConditions(node: FieldNode): FieldNode {
  if (!node.directives?.some((directive) => directive.name.value === 'skip' || directive.name.value === 'include')) return node;
  return {
    ...node,
    directives: node.directives.filter((directive) => directive.name.value !== 'skip' && directive.name.value !== 'include'),
  };
}
