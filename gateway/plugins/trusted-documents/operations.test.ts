import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { markdownSources, OperationSourceRefused, operationsOf } from './operations.ts';

describe('the operations of GraphQL sources', () => {
  it('are each an operation with the fragments it spreads (recursively, from any source), printed by graphql-js', () => {
    const operations = operationsOf([
      { name: 'a.graphql', text: 'query Case($id: ID!) { case(id: $id) { ...CaseCore } }\nmutation Open { openCase { id } }' },
      { name: 'b.graphql', text: 'fragment CaseCore on Case { reference ...Status }\nfragment Status on Case { status }' },
    ]);
    expect(operations.map(({ name, type }) => [name, type])).toEqual([
      ['Case', 'query'],
      ['Open', 'mutation'],
    ]);
    const caseDocument = parse(operations[0]!.body);
    expect(caseDocument.definitions.map((d) => ('name' in d ? d.name?.value : undefined))).toEqual(['Case', 'CaseCore', 'Status']);
    expect(operations[1]!.body).toBe('mutation Open {\n  openCase {\n    id\n  }\n}');
  });

  it('give the same body however the operation was written', () => {
    const [one] = operationsOf([{ name: 'a.graphql', text: 'query Q{crisisCells{totalCount}}' }]);
    const [two] = operationsOf([{ name: 'b.graphql', text: '# a comment\nquery Q {\n  crisisCells { totalCount }\n}' }]);
    expect(one!.body).toBe(two!.body);
  });

  it('register a lone anonymous operation with an empty name, once however often it appears', () => {
    const sources = markdownSources('README.md', 'text\n```graphql\n{ a }\n```\nmore\n```graphql\n{ a }\n```\n```sh\nnpm start\n```\n');
    expect(sources.map((source) => source.name)).toEqual(['README.md:3', 'README.md:7']);
    expect(operationsOf(sources)).toEqual([{ name: '', type: 'query', body: '{\n  a\n}' }]);
  });

  it.each([
    [
      'a syntax error, at its line in the Markdown file',
      [...markdownSources('R.md', '# T\n\n```graphql\n{\n  a(\n}\n```\n')],
      /^R\.md:6:1: Syntax Error/,
    ],
    ['a type definition', [{ name: 'a.graphql', text: 'type T { a: Int }' }], /^a\.graphql:1:1: ObjectTypeDefinition cannot be registered/],
    [
      'an anonymous operation beside another',
      [{ name: 'a.graphql', text: '{ a } query B { b }' }],
      /^a\.graphql:1:1: an anonymous operation must be alone/,
    ],
    [
      'one name twice',
      [
        { name: 'a.graphql', text: 'query A { a }' },
        { name: 'b.graphql', text: 'query A { b }' },
      ],
      /^b\.graphql:1:1: operation A is also defined in a\.graphql$/,
    ],
    [
      'one fragment twice',
      [
        { name: 'a.graphql', text: 'fragment F on Q { a }' },
        { name: 'b.graphql', text: 'fragment F on Q { b }' },
      ],
      /^b\.graphql:1:1: fragment F is also defined in a\.graphql$/,
    ],
    [
      'a fragment nobody defines',
      [{ name: 'a.graphql', text: 'query A {\n  ...Missing\n}' }],
      /^a\.graphql:2:3: fragment Missing is spread but defined in none/,
    ],
  ])('refuse %s, in one line', (_what, sources, message) => {
    expect(() => operationsOf(sources)).toThrow(OperationSourceRefused);
    expect(() => operationsOf(sources)).toThrow(message);
  });
});
