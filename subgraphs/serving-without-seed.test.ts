import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Every module a fresh Node process loads to import these entries, by path from the repository root. */
function modulesLoadedBy(entries: string[]): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); loaded.push(result.url); return result; } });
    for (const entry of ${JSON.stringify(entries)}) await import(new URL(entry, 'file://${root}'));
    console.log(JSON.stringify(loaded));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(output) as string[])
    .filter((url) => url.startsWith(`file://${root}`))
    .map((url) => url.slice(`file://${root}`.length));
}

it('serves a subgraph and the gateway without loading the synthetic world, which only a seed needs', () => {
  const loaded = modulesLoadedBy(['subgraphs/definitions.ts', 'gateway/server.ts']);
  expect(loaded).toContain('subgraphs/cases/src/server.ts');
  expect(loaded.filter((path) => path.startsWith('synthetic-world/') || path.includes('/seeders/'))).toEqual([]);
});
