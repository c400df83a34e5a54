import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIST_SIZE, OperationCostError, operationCost, unsizedListFields } from './operation-cost.ts';

const COST_DIRECTIVES = `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
`;

/** The examples of Apollo's demand-control guide, and a connection, an expensive field, weighed arguments. */
const schema = buildSchema(`${COST_DIRECTIVES}
  type Query {
    book(id: ID!): Book
    bestsellers: [Book!]!
    books(first: Int, last: Int): [Book!]! @listSize(slicingArguments: ["first", "last"], requireOneSlicingArgument: false, assumedSize: 20)
    strictBooks(first: Int): [Book!]! @listSize(slicingArguments: ["first"])
    defaultedBooks(first: Int = 25): [Book!] @listSize(slicingArguments: ["first"])
    bookConnection(filter: BookFilter, first: Int, after: String): BookConnection
      @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false, assumedSize: 50)
    search(term: String @cost(weight: 3), tags: [Tag!] @cost(weight: 2)): [Book!]! @listSize(assumedSize: 4)
    figures: Figures @cost(weight: 50)
  }
  type Mutation {
    addBook(input: BookInput!): Book
  }
  type Book {
    title: String
    genre: Genre
    author: Author
    publisher: Publisher
    reviews: [Review!]! @listSize(assumedSize: 5)
  }
  type Author @cost(weight: 5) { name: String }
  type Publisher { name: String address: Address }
  type Address { zipCode: Int }
  type Review { stars: Int text: String }
  type Figures { total: Int }
  enum Genre { FICTION NONFICTION }
  enum Tag { NEW OLD }
  type BookConnection { edges: [BookEdge!]! pageInfo: PageInfo! totalCount: Int }
  type BookEdge { cursor: String! node: Book! }
  type PageInfo { hasNextPage: Boolean! }
  input BookFilter { genre: Genre title: String }
  input BookInput { title: String! genre: Genre }
`);

function cost(query: string, variables?: Record<string, unknown>, defaultListSize?: number, on = schema): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationCost(on, document, operation, { variables, defaultListSize });
}

describe('operationCost (Apollo demand control)', () => {
  it('counts 1 for each object and 0 for each scalar or enum (the guide: a book, its author, publisher and address)', () => {
    // Author weighs 5 by its type's @cost; without it the guide's example is 4.
    expect(cost('{ book(id: 1) { title genre author { name } publisher { name address { zipCode } } } }')).toBe(1 + 5 + 1 + 1);
    expect(cost('{ book(id: 1) { title publisher { name address { zipCode } } } }')).toBe(3);
  });

  it('starts a mutation at 10, and weighs its input object 1', () => {
    expect(cost('mutation { addBook(input: { title: "x" }) { title } }')).toBe(10 + 1 + 1);
    expect(cost('mutation($input: BookInput!) { addBook(input: $input) { title } }', { input: { title: 'x', genre: 'FICTION' } })).toBe(12);
  });

  it('multiplies a list by its slicing argument, a literal or a variable, taking the largest given', () => {
    expect(cost('{ books(first: 5) { title author { name } } }')).toBe(5 * (1 + 5));
    expect(cost('query($n: Int) { books(first: $n) { title } }', { n: 7 })).toBe(7);
    expect(cost('{ books(first: 3, last: 9) { title } }')).toBe(9);
  });

  it("takes the assumed size when no slicing argument is given, and the argument's default before it", () => {
    expect(cost('{ books { title } }')).toBe(20);
    expect(cost('query($n: Int) { books(first: $n) { title } }', {})).toBe(20);
    expect(cost('query($n: Int = 12) { books(first: $n) { title } }', {})).toBe(12);
    expect(cost('{ defaultedBooks { title } }')).toBe(25);
  });

  it('refuses to estimate a field whose one required slicing argument is missing', () => {
    expect(() => cost('{ strictBooks { title } }')).toThrow(OperationCostError);
    expect(() => cost('{ strictBooks { title } }')).toThrow(
      'Query.strictBooks needs exactly one of its slicing arguments (first), found 0.',
    );
    expect(cost('{ strictBooks(first: 2) { title } }')).toBe(2);
  });

  it("sizes a connection's edges by the slicing argument of the field that returns it", () => {
    expect(cost('{ bookConnection(first: 3) { totalCount edges { cursor node { title } } pageInfo { hasNextPage } } }')).toBe(
      1 + 3 * (1 + 1) + 1,
    );
    expect(cost('{ bookConnection { edges { node { title } } } }')).toBe(1 + 50 * 2);
  });

  it('multiplies nested lists, and assumes the default list size for a list without @listSize', () => {
    expect(cost('{ books(first: 10) { reviews { stars } } }')).toBe(10 * (1 + 5 * 1));
    expect(cost('{ bestsellers { title } }')).toBe(DEFAULT_LIST_SIZE);
    expect(cost('{ bestsellers { title } }', undefined, 3)).toBe(3);
  });

  it("weighs a field by its own @cost in place of its type's, times its list size", () => {
    expect(cost('{ figures { total } }')).toBe(50);
    expect(cost('{ book(id: 1) { author { name } } }')).toBe(1 + 5);
  });

  it('adds the weight of each argument given, an input object 1 and each list item its weight', () => {
    expect(cost('{ search(term: "x") { title } }')).toBe(4 + 3);
    expect(cost('{ search(tags: [NEW, OLD]) { title } }')).toBe(4 + 2 + 2 * 2);
    expect(cost('query($tags: [Tag!]) { search(tags: $tags) { title } }', { tags: ['NEW'] })).toBe(4 + 2 + 2);
    expect(cost('{ bookConnection(first: 1, filter: { genre: FICTION }) { totalCount } }')).toBe(1 + 1);
    expect(cost('{ search(term: null) { title } }')).toBe(4);
  });

  it('costs nothing for __typename, introspection, or a field skipped or not included', () => {
    expect(cost('{ __typename __schema { types { name fields { name } } } }')).toBe(0);
    expect(cost('{ book(id: 1) @skip(if: true) { title } }')).toBe(0);
    expect(cost('query($on: Boolean!) { book(id: 1) @include(if: $on) { title } }', { on: false })).toBe(0);
    expect(cost('query($on: Boolean!) { book(id: 1) @include(if: $on) { title } }', { on: true })).toBe(1);
  });

  it('follows fragments and inline fragments, keeping the sizing of the field they sit under', () => {
    const query = `query { bookConnection(first: 4) { ...page } }
      fragment page on BookConnection { ... on BookConnection { edges { node { author { name } } } } }`;
    expect(cost(query)).toBe(1 + 4 * (1 + 1 + 5));
  });

  it("sizes a subgraph's _entities by the representations it is sent", () => {
    const subgraph = buildSubgraphSchema([
      {
        typeDefs: parse(`
          extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])
          type Query { trial(id: ID!): Trial }
          type Trial @key(fields: "id") { id: ID! hearings: [Hearing!]! @listSize(assumedSize: 12) verdict: Verdict @cost(weight: 4) }
          type Hearing { date: String }
          type Verdict { outcome: String }
        `),
        resolvers: {},
      },
    ]);
    const query =
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Trial { hearings { date } verdict { outcome } } } }';
    const representations = Array.from({ length: 30 }, (_, i) => ({ __typename: 'Trial', id: String(i) }));
    expect(cost(query, { representations }, undefined, subgraph)).toBe(30 * (1 + 12 + 4));
    expect(cost('{ trial(id: 1) { hearings { date } } }', undefined, undefined, subgraph)).toBe(1 + 12);
  });
});

describe('unsizedListFields', () => {
  it('names each list field without @listSize that no field returning its type sizes', () => {
    const typeDefs = parse(`${COST_DIRECTIVES}
      type Query {
        sized(first: Int): Page @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
        unsized(first: Int): Page
        tags: [String!]! @listSize(assumedSize: 5)
        names: [String!]
      }
      type Page { edges: [String!]! }
      type Book { reviews: [String!]! }
      extend type Book { more: [String] }
    `);
    expect(unsizedListFields(typeDefs).sort()).toEqual(['Book.more', 'Book.reviews', 'Page.edges', 'Query.names']);
  });
});
