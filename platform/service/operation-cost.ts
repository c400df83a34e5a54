import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isCompositeType,
  isInputObjectType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type TypeNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';

/**
 * The estimated cost of an operation from the weights its schema declares,
 * as Apollo's demand control computes it (Apollo Router's static estimate,
 * after the IBM GraphQL Cost Directive specification):
 *
 * - a mutation starts at 10, a query at 0;
 * - a field costs its `@cost(weight:)`, else its type's `@cost`, else 1 for
 *   an object, interface or union and 0 for a scalar or enum, plus what is
 *   selected under it, times how many it returns;
 * - how many a list returns: the size its parent's `@listSize(sizedFields:)`
 *   gives it (a connection's `edges`), else the largest of its own
 *   `@listSize(slicingArguments:)` given (a literal, a variable or the
 *   argument's default), else its `assumedSize`, else `defaultListSize`;
 * - each argument adds its `@cost` (or its type's): an input object 1 and
 *   each of its fields, a list each of its items, a scalar 0;
 * - `__typename` and introspection are free, and a field `@skip`ped or not
 *   `@include`d costs nothing.
 *
 * Written here rather than taken from a library: graphql-armor's cost rule
 * knows no `@cost`/`@listSize`, and the JavaScript implementations of them
 * (Hive Gateway's demand control) are gateway plugins, not a function a
 * subgraph can call on its own schema.
 */
export interface OperationCostOptions {
  /** The operation's variables as sent (coerced here with the schema's rules, defaults applied). */
  variables?: Readonly<Record<string, unknown>>;
  /** The size assumed of a list field without `@listSize`; Apollo Router's `list_size`. Default {@link DEFAULT_LIST_SIZE}. */
  defaultListSize?: number;
}

/** What a list field without `@listSize` is assumed to hold (every list field of this graph declares one; composition checks). */
export const DEFAULT_LIST_SIZE = 10;

/** An operation whose cost cannot be estimated because it breaks a field's `@listSize` (a required slicing argument missing). */
export class OperationCostError extends Error {}

/** The estimated cost of `operation` (one of `document`'s) on `schema`; throws {@link OperationCostError}. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  options: OperationCostOptions = {},
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const definitions = operation.variableDefinitions ?? [];
  const coerced = definitions.length > 0 ? getVariableValues(schema, definitions, options.variables ?? {}) : { coerced: {} };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const scoring: Scoring = {
    schema,
    fragments,
    variables: coerced.coerced ?? { ...options.variables },
    defaultListSize: options.defaultListSize ?? DEFAULT_LIST_SIZE,
  };
  return (operation.operation === 'mutation' ? 10 : 0) + selectionsCost(scoring, operation.selectionSet, root, undefined);
}

interface Scoring {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  defaultListSize: number;
}

/** A list field's `@listSize` as it applies to one selection of it: the size it expects, and the child fields that size applies to. */
interface Sizing {
  expected: number | undefined;
  sizedFields: readonly string[];
}

function selectionsCost(scoring: Scoring, set: SelectionSetNode, parent: GraphQLCompositeType, sizing: Sizing | undefined): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (skipped(selection, scoring.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const sized = sizing?.sizedFields.includes(selection.name.value) ? sizing.expected : undefined;
      cost += fieldCost(scoring, selection, parent, sized);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? scoring.schema.getType(selection.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) cost += selectionsCost(scoring, selection.selectionSet, type, sizing);
    } else {
      const fragment = scoring.fragments.get(selection.name.value);
      const type = fragment && scoring.schema.getType(fragment.typeCondition.name.value);
      if (fragment && type && isCompositeType(type)) cost += selectionsCost(scoring, fragment.selectionSet, type, sizing);
    }
  }
  return cost;
}

function fieldCost(scoring: Scoring, node: FieldNode, parent: GraphQLCompositeType, sizeFromParent: number | undefined): number {
  const name = node.name.value;
  // __typename, and introspection (which the limits on depth and tokens bound), cost nothing.
  if (name.startsWith('__')) return 0;
  const field = 'getFields' in parent ? parent.getFields()[name] : undefined;
  if (!field) return 0;
  const declared = declaredCosts(field);
  const sizing = declared.listSize ? sizingOf(declared.listSize, field, node, scoring.variables, parent.name) : undefined;
  const count = !declared.list
    ? 1
    : (sizeFromParent ?? sizing?.expected ?? entitiesCount(field, node, scoring.variables) ?? scoring.defaultListSize);
  let typeCost = declared.weight;
  if (node.selectionSet && declared.composite) typeCost += selectionsCost(scoring, node.selectionSet, declared.composite, sizing);
  let argumentsCost = 0;
  for (const argument of node.arguments ?? []) {
    const definition = field.args.find((arg) => arg.name === argument.name.value);
    if (definition) argumentsCost += argumentCost(argument.value, definition.type, inputWeight(definition), scoring.variables);
  }
  return Math.max(0, count) * typeCost + argumentsCost;
}

/**
 * A subgraph's `_entities` (the query planner's fetch of entities by key)
 * returns one entity per representation, as an `@listSize(slicingArguments:)`
 * would say had `@apollo/subgraph` given it one.
 */
function entitiesCount(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number | undefined {
  if (field.name !== '_entities') return undefined;
  const value = node.arguments?.find((argument) => argument.name.value === 'representations')?.value;
  if (value?.kind === Kind.LIST) return value.values.length;
  const given = value?.kind === Kind.VARIABLE ? variables[value.name.value] : undefined;
  return Array.isArray(given) ? given.length : undefined;
}

function argumentCost(value: ValueNode, type: GraphQLInputType, weight: number | undefined, variables: Record<string, unknown>): number {
  switch (value.kind) {
    case Kind.VARIABLE:
      return valueCost(variables[value.name.value], type, weight);
    case Kind.NULL:
      return 0;
    case Kind.LIST: {
      const item = listItemType(type);
      return value.values.reduce((sum, entry) => sum + argumentCost(entry, item, weight, variables), weight ?? 0);
    }
    case Kind.OBJECT: {
      const named = getNamedType(type);
      if (!isInputObjectType(named)) return weight ?? 0;
      const fields = named.getFields();
      return value.fields.reduce((sum, entry) => {
        const definition = fields[entry.name.value];
        return definition ? sum + argumentCost(entry.value, definition.type, inputWeight(definition), variables) : sum;
      }, weight ?? 1);
    }
    default:
      return weight ?? 0;
  }
}

/** {@link argumentCost} of a value given in variables. */
function valueCost(value: unknown, type: GraphQLInputType, weight: number | undefined): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    const item = listItemType(type);
    return value.reduce((sum: number, entry) => sum + valueCost(entry, item, weight), weight ?? 0);
  }
  const named = getNamedType(type);
  if (typeof value === 'object' && isInputObjectType(named)) {
    const fields = named.getFields();
    return Object.entries(value).reduce((sum, [name, entry]) => {
      const definition = fields[name];
      return definition ? sum + valueCost(entry, definition.type, inputWeight(definition)) : sum;
    }, weight ?? 1);
  }
  return weight ?? 0;
}

function listItemType(type: GraphQLInputType): GraphQLInputType {
  const nullable = getNullableType(type);
  return isListType(nullable) ? (nullable.ofType as GraphQLInputType) : nullable;
}

function sizingOf(
  listSize: ListSizeDirective,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
  parentName: string,
): Sizing {
  const given: number[] = [];
  for (const name of listSize.slicingArguments) {
    const argument = node.arguments?.find((arg) => arg.name.value === name)?.value;
    let value: unknown = field.args.find((arg) => arg.name === name)?.defaultValue;
    if (argument?.kind === Kind.INT) value = Number(argument.value);
    else if (argument?.kind === Kind.VARIABLE && variables[argument.name.value] !== undefined) value = variables[argument.name.value];
    else if (argument?.kind === Kind.NULL) value = undefined;
    if (typeof value === 'number' && Number.isInteger(value)) given.push(Math.max(0, value));
  }
  if (listSize.slicingArguments.length > 0 && listSize.requireOneSlicingArgument && given.length !== 1) {
    throw new OperationCostError(
      `${parentName}.${field.name} needs exactly one of its slicing arguments (${listSize.slicingArguments.join(', ')}), found ${given.length}.`,
    );
  }
  return { expected: given.length > 0 ? Math.max(...given) : listSize.assumedSize, sizedFields: listSize.sizedFields };
}

function skipped(selection: SelectionNode, variables: Record<string, unknown>) {
  if (!selection.directives?.length) return false;
  try {
    return (
      getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true ||
      getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if === false
    );
  } catch {
    // A condition that does not coerce: execution refuses the operation; cost it as selected.
    return false;
  }
}

/** The arguments of a field's `@listSize`, with the directive's defaults. */
export interface ListSizeDirective {
  assumedSize: number | undefined;
  slicingArguments: readonly string[];
  sizedFields: readonly string[];
  requireOneSlicingArgument: boolean;
}

/** What a field's definition says of its cost, read once per field definition (the walk of each request only looks it up). */
interface DeclaredCosts {
  /** Its own `@cost`, else its type's, else 1 for an object, interface or union and 0 for a scalar or enum. */
  weight: number;
  listSize: ListSizeDirective | undefined;
  list: boolean;
  /** The type its selections are on, when it has one. */
  composite: GraphQLCompositeType | undefined;
}

const declaredByField = new WeakMap<GraphQLField<unknown, unknown>, DeclaredCosts>();

function declaredCosts(field: GraphQLField<unknown, unknown>): DeclaredCosts {
  let declared = declaredByField.get(field);
  if (!declared) {
    const named = getNamedType(field.type);
    const composite = isCompositeType(named) ? named : undefined;
    declared = {
      weight: costWeight(field.astNode?.directives) ?? typeWeight(named) ?? (composite ? 1 : 0),
      listSize: listSizeOf(field.astNode?.directives),
      list: isListType(getNullableType(field.type)),
      composite,
    };
    declaredByField.set(field, declared);
  }
  return declared;
}

function typeWeight(type: GraphQLNamedType): number | undefined {
  for (const node of [type.astNode, ...(type.extensionASTNodes ?? [])]) {
    const weight = costWeight(node?.directives);
    if (weight !== undefined) return weight;
  }
  return undefined;
}

const weightByInput = new WeakMap<GraphQLArgument | GraphQLInputField, number | undefined>();

/** An argument's or input field's `@cost`, else its type's; read once per definition. */
function inputWeight(input: GraphQLArgument | GraphQLInputField): number | undefined {
  if (!weightByInput.has(input)) weightByInput.set(input, costWeight(input.astNode?.directives) ?? typeWeight(getNamedType(input.type)));
  return weightByInput.get(input);
}

function directiveArguments(directives: readonly ConstDirectiveNode[] | undefined, name: string): Record<string, unknown> | undefined {
  const directive = directives?.find((d) => d.name.value === name);
  if (!directive) return undefined;
  return Object.fromEntries((directive.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value)]));
}

function costWeight(directives: readonly ConstDirectiveNode[] | undefined): number | undefined {
  const weight = directiveArguments(directives, 'cost')?.weight;
  // The composed supergraph carries a weight as written; Apollo's cost spec also allows it as a numeric string.
  const number = typeof weight === 'string' ? Number(weight) : weight;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** A field's `@listSize`, if it has one. */
export function listSizeOf(directives: readonly ConstDirectiveNode[] | undefined): ListSizeDirective | undefined {
  const args = directiveArguments(directives, 'listSize');
  if (!args) return undefined;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return {
    assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
    slicingArguments: strings(args.slicingArguments),
    sizedFields: strings(args.sizedFields),
    requireOneSlicingArgument: args.requireOneSlicingArgument !== false,
  };
}

/**
 * The list fields of an SDL that nothing sizes (composition refuses them, as
 * it refuses a field without an access rule): each list field declares its
 * `@listSize`, or is named in the `sizedFields` of every field that returns
 * its type (a connection's `edges`). Each is `Type.field`.
 */
export function unsizedListFields(typeDefs: DocumentNode): string[] {
  const fieldsOf = new Map<string, FieldDefinitionNode[]>();
  for (const definition of typeDefs.definitions) {
    if (!OUTPUT_TYPE_KINDS.has(definition.kind) || !('fields' in definition)) continue;
    const fields = fieldsOf.get(definition.name.value) ?? [];
    fields.push(...((definition.fields ?? []) as readonly FieldDefinitionNode[]));
    fieldsOf.set(definition.name.value, fields);
  }
  // For each type, the sized fields every field returning it names (undefined: nothing returns it).
  const sizedByAll = new Map<string, Set<string>>();
  for (const fields of fieldsOf.values()) {
    for (const field of fields) {
      const returned = namedTypeOf(field.type);
      const sized = new Set(listSizeOf(field.directives)?.sizedFields ?? []);
      const before = sizedByAll.get(returned);
      sizedByAll.set(returned, before ? new Set([...before].filter((name) => sized.has(name))) : sized);
    }
  }
  const unsized: string[] = [];
  for (const [type, fields] of fieldsOf) {
    for (const field of fields) {
      const nullable = field.type.kind === Kind.NON_NULL_TYPE ? field.type.type : field.type;
      if (nullable.kind !== Kind.LIST_TYPE || listSizeOf(field.directives)) continue;
      if (!sizedByAll.get(type)?.has(field.name.value)) unsized.push(`${type}.${field.name.value}`);
    }
  }
  return unsized;
}

const OUTPUT_TYPE_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
]);

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}
