import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { isUuid } from '#reference-data';
import { BadUserInputError } from '#service';

/**
 * Bad input is the caller's error, never the database's: each root field's
 * arguments are checked before its resolver runs (so before any SQL), with
 * BAD_USER_INPUT naming the argument at fault.
 *
 * - Every `ID` a query takes, as an argument or inside one (a filter's
 *   `crisisCellId`), is a UUID, as every row id of this graph is. A mutation's
 *   ids are its own to judge: one that names no row answers NOT_FOUND in its
 *   payload, as a row out of reach does (DESIGN section 7).
 * - No string a query or mutation takes holds U+0000: PostgreSQL text cannot,
 *   so any statement given one fails as a whole.
 *
 * graphql-js coerces the types before this runs; Federation's own fields
 * (`_entities`, `_service`) are the gateway's and answer a key that names
 * nothing with null.
 */
export function withCheckedArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const [root, checkIds] of [
    [schema.getQueryType(), true],
    [schema.getMutationType(), false],
  ] as const) {
    if (!root || !isObjectType(root)) continue;
    for (const field of Object.values(root.getFields())) {
      if (field.name.startsWith('_') || field.args.length === 0) continue;
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = (parent, args, context, info) => {
        checkArguments(field, args, checkIds);
        return resolve(parent, args, context, info);
      };
    }
  }
  return schema;
}

function checkArguments(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, checkIds: boolean): void {
  for (const argument of field.args) check(argument.type, args[argument.name], argument.name, checkIds);
}

function check(type: GraphQLInputType, value: unknown, path: string, checkIds: boolean): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) {
    check(type.ofType, value, path, checkIds);
    return;
  }
  if (isListType(type)) {
    if (Array.isArray(value)) for (const [index, item] of value.entries()) check(type.ofType, item, `${path}[${index}]`, checkIds);
    return;
  }
  if (isInputObjectType(type)) {
    for (const inner of Object.values(type.getFields())) {
      check(inner.type, (value as Record<string, unknown>)[inner.name], `${path}.${inner.name}`, checkIds);
    }
    return;
  }
  if (typeof value !== 'string') return;
  if (value.includes('\u0000')) throw new BadUserInputError(`"${path}" holds a NUL character, which no text here may.`);
  if (checkIds && isScalarType(type) && type.name === 'ID' && !isUuid(value)) {
    throw new BadUserInputError(`"${path}" is not an id: every id here is a UUID, such as 0f2eff65-a7f7-5894-8e64-4664e5687c6b.`);
  }
}
