import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseCount } from '#synthetic-world';
import { sqlOnServer } from '#test-kit';

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

/** The database a run measured: PostgreSQL's server version (`DATABASE_URL`), else PGlite's. */
export async function databaseLabel(databaseUrl: string | undefined): Promise<string> {
  return databaseUrl
    ? `PostgreSQL ${(await sqlOnServer<{ server_version: string }>(databaseUrl, 'show server_version'))[0]?.server_version ?? '?'}`
    : `PGlite ${environment().packages['@electric-sql/pglite'] ?? '?'}`;
}

/**
 * The command as typed, for the results: npm's form when run through the
 * npm script `npmScript`, after the settings of the environment named (their
 * values without passwords) that are set.
 */
export function commandLine(npmScript: string, variables: readonly string[] = ['DATABASE_URL']): string {
  const args = process.argv.slice(2);
  const command =
    process.env.npm_lifecycle_event === npmScript
      ? `npm run ${npmScript}${args.length ? ` -- ${args.join(' ')}` : ''}`
      : `node ${path.relative(process.cwd(), process.argv[1]!)} ${args.join(' ')}`.trim();
  const set = variables.filter((name) => process.env[name]).map((name) => `${name}=${redactedUrl(process.env[name]!)}`);
  return [...set, command].join(' ');
}

/** What every results file starts with: when, the command, the machine and versions, and the data. */
export function runDescription(options: {
  startedAt: Date;
  command: string;
  database: string;
  storage: 'PostgreSQL' | 'PGlite';
  scale: number;
  quick: boolean;
}) {
  const env = environment();
  return {
    date: options.startedAt.toISOString(),
    command: options.command,
    machine: {
      cpuModel: env.machine.cpuModel,
      cpuCount: env.machine.cpuCount,
      totalMemoryGiB: env.machine.totalMemoryGiB,
      os: env.machine.os,
    },
    node: env.node,
    packages: env.packages,
    database: options.database,
    storage: options.storage,
    scale: options.scale,
    casesSeeded: caseCount(options.scale),
    quick: options.quick,
  };
}
