import { StartupRefusal } from './errors.ts';

/**
 * Where a named process of the graph listens and is reached, by the variables
 * DESIGN section 6 names: `<NAME>_PORT`, `<NAME>_HOST` (else `HOST`), and
 * `<NAME>_URL` for whoever calls it. The name is the process's own (a
 * subgraph's, say); the default port is supplied by whoever defines it.
 */
export const envKeyOf = (name: string) => name.toUpperCase().replace(/-/g, '_');

export function servicePort(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv(env[`${envKeyOf(name)}_PORT`], defaultPort);
}

export function serviceHost(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${envKeyOf(name)}_HOST`] ?? env.HOST ?? '127.0.0.1';
}

/** Where a process is reached: `<NAME>_URL`, else its host, port and GRAPHQL_PATH. */
export function serviceUrl(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${envKeyOf(name)}_URL`] ?? `http://${serviceHost(name, env)}:${servicePort(name, defaultPort, env)}${graphqlPath(env)}`;
}

export function graphqlPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.GRAPHQL_PATH ?? '/graphql';
}

export function intFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return parsed;
}

/** TRUSTED_DOCUMENTS (README "Trusted documents"): which operations the gateway runs. */
export const TRUSTED_DOCUMENTS_MODES = ['enforce', 'allow', 'off'] as const;
export type TrustedDocumentsMode = (typeof TRUSTED_DOCUMENTS_MODES)[number];

/**
 * `enforce`: only registered operations; `allow`: registered ones by id, and
 * ad-hoc ones (automatic persisted queries for those seen); `off`: no
 * persisted documents. Unset: `allow` in development, `enforce` in production.
 */
export function trustedDocumentsMode(env: NodeJS.ProcessEnv = process.env): TrustedDocumentsMode {
  const mode = env.TRUSTED_DOCUMENTS || (env.NODE_ENV === 'production' ? 'enforce' : 'allow');
  if (!(TRUSTED_DOCUMENTS_MODES as readonly string[]).includes(mode))
    throw new StartupRefusal(`TRUSTED_DOCUMENTS must be one of ${TRUSTED_DOCUMENTS_MODES.join(', ')}, got "${mode}"`);
  return mode as TrustedDocumentsMode;
}
