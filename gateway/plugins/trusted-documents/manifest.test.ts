import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupRefusal } from '#service';
import { apolloManifest, documentIdOf, documentsOfManifest, ManifestRefused, readManifests } from './manifest.ts';

const body = 'query Cells { crisisCells { totalCount } }';
const id = documentIdOf(body);
const apollo = (operations: unknown[]) => JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations });

describe('a manifest', () => {
  it("is read in GraphQL Code Generator's client-preset format", () => {
    expect(documentsOfManifest(JSON.stringify({ [id]: body }), 'web.json')).toEqual([{ id, body, manifest: 'web.json' }]);
  });

  it("is read in Apollo's persisted-query format, which names each operation", () => {
    const text = JSON.stringify(apolloManifest([{ name: 'Cells', type: 'query', body }]));
    expect(documentsOfManifest(text, 'app.json')).toEqual([{ id, body, name: 'Cells', manifest: 'app.json' }]);
  });

  it('takes an id in capitals as the same id', () => {
    expect(documentsOfManifest(JSON.stringify({ [id.toUpperCase()]: body }), 'web.json')[0]?.id).toBe(id);
  });

  it.each([
    ['not JSON', '{', /^trusted documents: m\.json: not JSON \(/],
    ['an array', '[]', /expected a JSON object$/],
    [
      'an id that is not its body’s hash',
      JSON.stringify({ [id]: `${body} ` }),
      /document [0-9a-f]{64}: the id is not the SHA-256 of its body/,
    ],
    ['an id that is no hash', JSON.stringify({ abc: body }), /document abc: an id must be a SHA-256 hash/],
    [
      "the client preset's default SHA-1 ids",
      JSON.stringify({ [createHash('sha1').update(body).digest('hex')]: body }),
      /an id must be a SHA-256 hash, 64 hexadecimal digits \(the client preset hashes with SHA-1 unless its persistedDocuments\.hashAlgorithm is 'sha256'\)$/,
    ],
    [
      'a body that does not parse',
      JSON.stringify({ [documentIdOf('query {')]: 'query {' }),
      /its body is not a GraphQL document \(Syntax Error/,
    ],
    ['a type definition', JSON.stringify({ [documentIdOf('type T { a: Int }')]: 'type T { a: Int }' }), /only operations and fragments/],
    ['fragments alone', JSON.stringify({ [documentIdOf('fragment F on Query { a }')]: 'fragment F on Query { a }' }), /holds no operation/],
    ['a value that is not a text', JSON.stringify({ [id]: 1 }), /its value must be the document's text/],
    ['another format', JSON.stringify({ format: 'relay', version: 1, operations: [] }), /unknown format "relay"/],
    ['another version', JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }), /unsupported version 2/],
    ['an operation without a type', apollo([{ id, name: 'Cells', body }]), /operations\[0\]: expected \{ id, name, type, body \}/],
    [
      'an edited body',
      apollo([{ id, name: 'Cells', type: 'query', body: '{ a }' }]),
      /operation "Cells" \(.*\): the id is not the SHA-256/,
    ],
  ])('is refused in one line when it holds %s', (_what, text, message) => {
    const read = () => documentsOfManifest(text, 'm.json');
    expect(read).toThrow(ManifestRefused);
    expect(read).toThrow(message);
    expect(() => read()).toThrow(StartupRefusal);
    try {
      read();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('the manifests of a deployment', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'trusted-documents-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const other = '{ crisisCells { totalCount } }';
  writeFileSync(path.join(folder, 'a.json'), JSON.stringify({ [id]: body }));
  writeFileSync(path.join(folder, 'b.json'), apollo([{ id, name: 'Cells', type: 'query', body }]));
  writeFileSync(path.join(folder, 'notes.txt'), 'not a manifest');
  const single = path.join(folder, 'single.manifest');
  writeFileSync(single, JSON.stringify({ [documentIdOf(other)]: other }));

  it('are read from files and folders (their *.json), one document per id', () => {
    const documents = readManifests([folder, single]);
    expect([...documents.keys()].sort()).toEqual([id, documentIdOf(other)].sort());
    expect(documents.get(id)?.manifest).toBe(path.join(folder, 'a.json'));
  });

  it('refuse a path that cannot be read, naming it', () => {
    expect(() => readManifests([path.join(folder, 'missing.json')])).toThrow(/missing\.json: cannot be read \(ENOENT\)/);
  });
});
