import composition from '@apollo/composition';
import type { GraphQLSchema } from 'graphql';
import { SUBGRAPH_NAMES, loadSubgraphTypeDefs, subgraphUrl } from '../subgraphs/index.ts';

let schema: GraphQLSchema | undefined;

/**
 * The schema clients see at the gateway (the supergraph's API schema:
 * `@inaccessible` fields and the join and policy machinery left out),
 * composed from the subgraphs' SDL as `npm run compose` composes the
 * committed supergraph, so it does not depend on introspection being on.
 */
export function apiSchema(): GraphQLSchema {
  if (schema) return schema;
  const result = composition.composeServices(
    SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphUrl(name), typeDefs: loadSubgraphTypeDefs(name) })),
  );
  if (result.errors) throw new Error(`the subgraphs do not compose: ${result.errors.map((error) => error.message).join('; ')}`);
  schema = result.schema.toAPISchema().toGraphQLJSSchema();
  return schema;
}
