import { Kind } from 'graphql';
import { loadSubgraphTypeDefs, type SubgraphName } from '../../subgraphs/kit/src/sdl.ts';

/** The values of an enum in a subgraph's SDL, sorted, for tests that compare stored values with the schema. */
export function enumValuesOf(subgraph: SubgraphName, enumName: string): string[] {
  for (const definition of loadSubgraphTypeDefs(subgraph).definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === enumName) {
      return (definition.values ?? []).map((value) => value.name.value).sort();
    }
  }
  throw new Error(`${subgraph} has no enum ${enumName}`);
}
