import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { documentsOfManifest } from '../gateway/plugins/trusted-documents/manifest.ts';

const run = promisify(execFile);
const script = (args: string[]) => run(process.execPath, ['scripts/trusted-documents.ts', ...args]);
const failure = (args: string[]) =>
  script(args).then(
    () => undefined,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe('npm run trusted-documents', () => {
  const folder = mkdtempSync(join(tmpdir(), 'trusted-documents-script-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const at = join(folder, name);
    writeFileSync(at, text);
    return at;
  };
  const register = file(
    'register.graphql',
    'query Due($district: String) { searchRegister(filter: { district: $district }) { ...Count } }',
  );
  const fragments = file('fragments.graphql', 'fragment Count on OffenderConnection { totalCount }');

  it("prints an Apollo manifest of the files' operations, which the gateway trusts", async () => {
    const { stdout } = await script([register, fragments]);
    const manifest = JSON.parse(stdout);
    expect(manifest).toMatchObject({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ name: 'Due', type: 'query' }] });
    expect(manifest.operations[0].body).toContain('fragment Count on OffenderConnection');
    expect(documentsOfManifest(stdout, 'stdout').map((document) => document.id)).toEqual([manifest.operations[0].id]);
  });

  it('writes --out, and --check fails once the operations change, saying how to regenerate', async () => {
    const out = join(folder, 'app.json');
    expect((await script(['--out', out, register, fragments])).stdout).toBe(`wrote ${out}: 1 operation\n`);
    expect(JSON.parse(readFileSync(out, 'utf8')).operations).toHaveLength(1);
    expect((await script(['--check', '--out', out, register, fragments])).stdout).toBe(`${out} is current.\n`);
    const changed = file('changed.graphql', 'query Due { searchRegister { totalCount } }');
    expect(await failure(['--check', '--out', out, changed])).toMatchObject({
      code: 1,
      stderr: `${out} is stale: run \`npm run trusted-documents -- --out ${out} ${changed}\` and commit it.\n`,
    });
  });

  it.each([
    ['a syntax error', () => [file('broken.graphql', 'query A {\n  cases(\n}')], /^.*broken\.graphql:3:1: Syntax Error: .*\n$/],
    [
      'a fragment no file defines',
      () => [register],
      /register\.graphql:1:\d+: fragment Count is spread but defined in none of the files\n$/,
    ],
    ['a file of another kind', () => [file('ops.json', '')], /ops\.json: expected a \.graphql, \.gql, \.md or \.ts file\n$/],
    ['a file that is not there', () => [join(folder, 'gone.graphql')], /gone\.graphql: cannot be read \(ENOENT\)\n$/],
    ['files without an operation', () => [fragments], /^no operation in .*fragments\.graphql\n$/],
  ])('refuses %s in one line, exit 1', async (_what, args, message) => {
    const failed = await failure(args());
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(failed!.stderr).toMatch(message);
    expect(failed!.stderr.trim()).not.toContain('\n');
  });

  it.each([
    ['no file', []],
    ['--check without --out', ['--check', register]],
    ['an unknown option', ['--output', 'x.json', register]],
  ])('answers %s with its usage, exit 2', async (_what, args) => {
    const failed = await failure(args);
    expect(failed).toMatchObject({ code: 2, stdout: '' });
    expect(failed!.stderr).toContain('usage: npm run trusted-documents');
  });
});
