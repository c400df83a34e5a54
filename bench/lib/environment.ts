import { readFileSync } from 'node:fs';
import os from 'node:os';

const PACKAGES = [
  '@apollo/gateway',
  '@apollo/server',
  '@apollo/subgraph',
  '@graphql-hive/gateway',
  'graphql',
  'graphql-shield',
  'graphql-middleware',
  '@mikro-orm/core',
  '@electric-sql/pglite',
  'pg',
  'undici',
  'autocannon',
] as const;

/** The installed version of a package, read from node_modules (exports maps may hide package.json). */
function installedVersion(name: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as {
      version?: string;
    };
    return manifest.version ?? null;
  } catch {
    return null;
  }
}

/** What the figures were measured on. */
export function environment() {
  const cpus = os.cpus();
  return {
    machine: {
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      cpuCount: cpus.length,
      availableParallelism: os.availableParallelism(),
      totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
    },
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, installedVersion(name)])),
  };
}

/** A database URL without its password, for the results file. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
