/**
 * fast-check arbitraries of GraphQL requests built from a schema, for fuzzing
 * the graph: operations that select random valid fields of the root types,
 * with every argument passed as a variable whose value is sometimes what the
 * type asks for (often a key of a row that exists), sometimes a value of the
 * right type no client should send (huge, negative, unicode, NUL, SQL, a
 * malformed id), sometimes of the wrong type or nested junk; and documents
 * that are not GraphQL at all.
 */
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/** Values worth sending because they name something real: ids, references, CNICs, numbers, districts. */
export interface ValuePools {
  ids: readonly string[];
  strings: readonly string[];
}

export interface FuzzRequest {
  /** The document, GraphQL or not. */
  query: string;
  variables: Record<string, unknown>;
}

interface FieldSpec {
  name: string;
  /** Whether it is asked for under an alias (each alias its own, so two never conflict). */
  aliased: boolean;
  /** Each argument's value, passed as a variable, or written into the document when `inline` and it can be. */
  args: { name: string; type: GraphQLInputType; value: unknown; inline: boolean }[];
  selection: FieldSpec[] | null;
}

const MAX_DEPTH = 3;

/** Strings a careless resolver or database would choke on. */
const hostileStrings = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    "' OR 1=1 --",
    "'; select pg_sleep(1); --",
    '"; DROP TABLE "case"; --',
    '%',
    '_',
    '\\',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style lookup, sent as a plain string on purpose.
    '${jndi:ldap://x}',
    '../../../../etc/passwd',
    '\ud800',
    '\udfff\ud800',
    'Ω≈ç√∫˜µ≤≥÷',
    '🏳️‍🌈👩‍👩‍👧‍👦',
    'ARCC-LHR1-2026-000001\u0000',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '{0f2eff65-a7f7-5894-8e64-4664e5687c6b}',
    '0f2eff65a7f758948e644664e5687c6b',
    '12345-1234567-1',
    '1e309',
    'NaN',
    '-0',
    '2024-02-30',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)),
);

const numbers = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.5, -0.5),
  fc.double(),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numbers,
  hostileStrings,
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
);

/** Instants mostly of this world's years, some anywhere a JavaScript Date reaches (the year 0000, 275760, before Christ). */
const isoInstants = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
    },
    {
      weight: 1,
      arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('0002-01-01T00:00:00Z'), noInvalidDate: true }),
    },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }) },
  )
  .map((date) => date.toISOString());

function scalarValue(name: string, pools: ValuePools): fc.Arbitrary<unknown> {
  switch (name) {
    case 'ID':
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...pools.ids) },
        { weight: 2, arbitrary: fc.uuid() },
        { weight: 2, arbitrary: hostileStrings },
        { weight: 1, arbitrary: fc.integer() },
      );
    case 'String':
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...pools.strings) },
        { weight: 3, arbitrary: hostileStrings },
        { weight: 1, arbitrary: fc.constantFrom(...pools.ids) },
      );
    case 'Int':
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -5, max: 600 }) }, { weight: 2, arbitrary: numbers });
    case 'Float':
      return numbers;
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof({ weight: 4, arbitrary: isoInstants }, { weight: 2, arbitrary: hostileStrings }, { weight: 1, arbitrary: numbers });
    case 'Date':
      return fc.oneof(
        { weight: 4, arbitrary: isoInstants.map((instant) => instant.slice(0, 10)) },
        { weight: 2, arbitrary: hostileStrings },
      );
    default:
      return junk;
  }
}

/** A value for an input type: usually of that type (valid or hostile), now and then of another type or none. */
function inputValue(type: GraphQLInputType, pools: ValuePools, depth = 0): fc.Arbitrary<unknown> {
  const required = isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  let typed: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    typed = fc.array(inputValue(inner.ofType, pools, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    typed =
      depth > 4
        ? fc.constant({})
        : fc.record(Object.fromEntries(fields.map((field) => [field.name, inputValue(field.type, pools, depth + 1)])), {
            requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
          });
  } else if (isEnumType(inner)) {
    typed = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...inner.getValues().map((value) => value.name)) },
      { weight: 1, arbitrary: hostileStrings },
    );
  } else if (isScalarType(inner)) {
    typed = scalarValue(inner.name, pools);
  } else {
    typed = junk;
  }
  return fc.oneof(
    { weight: 12, arbitrary: typed },
    { weight: required ? 1 : 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: junk },
  );
}

function fieldSpec(field: GraphQLField<unknown, unknown>, pools: ValuePools, depth: number): fc.Arbitrary<FieldSpec> {
  // Optional arguments are left out half the time; required ones always go (their value may still be null or junk).
  const argument = (arg: (typeof field.args)[number]) =>
    fc
      .record({ value: inputValue(arg.type, pools), inline: fc.boolean() })
      .map(({ value, inline }) => ({ name: arg.name, type: arg.type, value, inline }));
  const args = fc.tuple(...field.args.map((arg) => (isNonNullType(arg.type) ? argument(arg) : fc.option(argument(arg), { freq: 2 }))));
  const returned = getNamedType(field.type);
  const selection = isObjectType(returned) ? selectionOf(returned, pools, depth + 1) : fc.constant(null);
  return fc.record({ args, selection, aliased: fc.boolean() }).map(({ args, selection, aliased }) => ({
    name: field.name,
    aliased,
    args: args.filter((arg): arg is NonNullable<typeof arg> => arg !== null),
    selection,
  }));
}

/** 1 to 4 fields of an object type, deeper ones only to a few levels; below that, `__typename`. */
function selectionOf(type: GraphQLObjectType, pools: ValuePools, depth: number): fc.Arbitrary<FieldSpec[]> {
  const fields = Object.values(type.getFields());
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
  const candidates = depth >= MAX_DEPTH ? leaves : fields;
  if (candidates.length === 0) return fc.constant([{ name: '__typename', aliased: false, args: [], selection: null }]);
  return fc
    .subarray(candidates, { minLength: 1, maxLength: Math.min(4, candidates.length) })
    .chain((chosen) => fc.tuple(...chosen.map((field) => fieldSpec(field, pools, depth))));
}

/** The document and variables of an operation on a root type, every argument a variable of its declared type. */
function printOperation(kind: 'query' | 'mutation', fields: FieldSpec[]): FuzzRequest {
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  let aliases = 0;
  const print = (spec: FieldSpec): string => {
    const args = spec.args.map((arg) => {
      const literal = arg.inline ? literalOf(arg.value, arg.type) : undefined;
      if (literal !== undefined) return `${arg.name}: ${literal}`;
      const name = `v${definitions.length}`;
      definitions.push(`$${name}: ${String(arg.type)}`);
      if (arg.value !== undefined) variables[name] = arg.value;
      return `${arg.name}: $${name}`;
    });
    const head = `${spec.aliased ? `f${(aliases += 1)}: ` : ''}${spec.name}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
    return spec.selection ? `${head} { ${spec.selection.map(print).join(' ')} }` : head;
  };
  const body = fields.map(print).join(' ');
  return { query: `${kind} Fuzz${definitions.length > 0 ? `(${definitions.join(', ')})` : ''} { ${body} }`, variables };
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A value written as a GraphQL literal, as a client would inline it; undefined when GraphQL cannot write it (NaN, a key that is no name). */
function literalOf(value: unknown, type: GraphQLInputType): string | undefined {
  const named = getNamedType(type);
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string') return isEnumType(named) && NAME.test(value) ? value : JSON.stringify(value);
  const inner = (item: unknown) =>
    literalOf(item, isListType(getNullableType(type)) ? (getNullableType(type) as { ofType: GraphQLInputType }).ofType : type);
  if (Array.isArray(value)) {
    const items = value.map(inner);
    return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) =>
      NAME.test(key) ? [key, literalOf(item, fields[key]?.type ?? named)] : [key, undefined],
    );
    return entries.every(([, item]) => item !== undefined)
      ? `{ ${entries.map(([key, item]) => `${key}: ${item}`).join(', ')} }`
      : undefined;
  }
  return undefined;
}

/** A query or mutation of 1 to 3 root fields of the schema. */
export function operationArbitrary(schema: GraphQLSchema, pools: ValuePools): fc.Arbitrary<FuzzRequest> {
  const roots = [
    { kind: 'query' as const, type: schema.getQueryType(), weight: 4 },
    { kind: 'mutation' as const, type: schema.getMutationType(), weight: 1 },
  ].flatMap((root) => (root.type ? [{ ...root, type: root.type }] : []));
  return fc.oneof(
    ...roots.map(({ kind, type, weight }) => ({
      weight,
      arbitrary: fc
        .subarray(Object.values(type.getFields()), { minLength: 1, maxLength: Math.min(3, Object.keys(type.getFields()).length) })
        .chain((fields) => fc.tuple(...fields.map((field) => fieldSpec(field, pools, 1))))
        .map((fields) => printOperation(kind, fields)),
    })),
  );
}

const GRAPHQL_TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '=',
  '@',
  '...',
  '|',
  '&',
  '#',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'schema',
  'type',
  '__schema',
  '__type',
  '__typename',
  'case',
  'cases',
  'trial',
  'offender',
  'offenderByCnic',
  'crisisCells',
  'openCase',
  'id',
  'reference',
  'survivor',
  'fullName',
  '@include(if: true)',
  '@skip(if: $x)',
  '@deprecated',
  '"x"',
  '"""block"""',
  '"\\u0000"',
  '1',
  '-1',
  '1e999',
  'true',
  'null',
];

/** Documents that are not (valid) GraphQL: random text, and random runs of GraphQL's own tokens. */
export const garbageArbitrary: fc.Arbitrary<FuzzRequest> = fc
  .record({
    query: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom(...GRAPHQL_TOKENS), { maxLength: 40 }).map((tokens) => tokens.join(' ')),
      fc.nat({ max: 2_000 }).map((depth) => `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`),
    ),
    variables: fc.dictionary(fc.constantFrom('x', 'id', 'input', 'v0', '__proto__', 'constructor'), junk, { maxKeys: 3 }),
  })
  .map(({ query, variables }) => ({ query, variables }));
