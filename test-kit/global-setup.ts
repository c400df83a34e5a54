import type { TestProject } from 'vitest/node';
import { prepareDatabaseTemplates } from './database-templates.ts';
import { startStack } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
    subgraphUrls: Record<string, string>;
    storage: string;
  }
}

/**
 * The `graph` project's: the run's database templates, and one stack for the
 * whole project on a copy of the seeded world; TEST_DATABASE_URL runs it on
 * PostgreSQL instead of PGlite.
 */
export async function setup(project: TestProject) {
  const removeTemplates = await prepareDatabaseTemplates();
  const stack = await startStack({ world: 'seeded' }).catch(async (error: unknown) => {
    await removeTemplates();
    throw error;
  });
  project.provide('gatewayUrl', stack.gatewayUrl);
  project.provide('subgraphUrls', stack.subgraphUrls);
  project.provide('storage', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
  return async () => {
    await stack.stop();
    await removeTemplates();
  };
}
