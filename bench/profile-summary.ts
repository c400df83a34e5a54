/**
 * Where a process spent its CPU, from a `node --cpu-prof` profile (what
 * `npm run bench -- --cpu-prof` writes for every process): self time by
 * package (or project folder) and the functions with the most self time.
 *
 *   node bench/profile-summary.ts .bench-data/logs/<date>/profile-gateway-product/*.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@scope/name` or `node_modules/name`, else the project folder (gateway, platform, subgraphs, ...), else what V8 calls it. */
function ownerOf(url: string, functionName: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  const project = /\/(gateway|bench|test|test-kit|scripts|synthetic-world|platform\/[^/]+|subgraphs\/[^/]+)\//.exec(url);
  if (project) return project[1]!;
  if (url.startsWith('node:')) return 'node core';
  return url ? url : `(${functionName || 'native'})`;
}

function summarize(file: string, top: number) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const { callFrame } = byId.get(id)!;
    const owner = ownerOf(callFrame.url, callFrame.functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
    const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/bench-work\//, '')}:${callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const idle = [...selfMs].filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id)!.callFrame.functionName));
  const pct = (ms: number) => `${((ms / total) * 100).toFixed(1)}%`.padStart(6);
  console.log(
    `${file}: ${(total / 1000).toFixed(1)} s sampled (${idle.map(([id, ms]) => `${byId.get(id)!.callFrame.functionName} ${pct(ms).trim()}`).join(', ')})`,
  );
  console.log('\nself time by owner:');
  for (const [owner, ms] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(ms)}  ${owner}`);
  console.log('\nfunctions with the most self time:');
  for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(ms)}  ${name}`);
}

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });
if (positionals.length === 0) {
  console.error('usage: node bench/profile-summary.ts <file.cpuprofile>... [--top N]');
  process.exit(2);
}
for (const file of positionals) summarize(file, Number(values.top));
