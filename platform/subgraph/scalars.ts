import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';

/**
 * graphql-scalars' DateTime and Date, but from the year 1 on: RFC 3339 allows
 * the year 0000, PostgreSQL has no year 0 (its calendar goes from 1 BC to
 * AD 1), and a statement given one fails as a whole. Refused here, it is the
 * caller's error (BAD_USER_INPUT), before any SQL.
 */
function fromYearOne(scalar: GraphQLScalarType): GraphQLScalarType {
  const checked = (parsed: unknown): unknown => {
    if (parsed instanceof Date && parsed.getUTCFullYear() < 1) {
      // A GraphQLError, as graphql-scalars' own: the error formatter passes it on as the caller's, not as ours.
      throw new GraphQLError(`${scalar.name} cannot represent a year before 0001: ${parsed.toISOString().slice(0, 10)}.`);
    }
    return parsed;
  };
  return new GraphQLScalarType({
    ...scalar.toConfig(),
    parseValue: (value: unknown) => checked(scalar.parseValue(value)),
    parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) => checked(scalar.parseLiteral(ast, variables)),
  });
}

export const DateTimeScalar = fromYearOne(DateTimeResolver);
export const DateScalar = fromYearOne(DateResolver);
