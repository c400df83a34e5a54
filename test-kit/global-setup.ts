import type { TestProject } from 'vitest/node';
import { startStack, type RunningStack } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
    subgraphUrls: Record<string, string>;
    storage: string;
  }
}

let stack: RunningStack | undefined;

/** One stack for the whole suite; TEST_DATABASE_URL runs it on PostgreSQL instead of PGlite. */
export async function setup(project: TestProject) {
  const databaseUrl = process.env.TEST_DATABASE_URL || undefined;
  stack = await startStack({ databaseUrl });
  project.provide('gatewayUrl', stack.gatewayUrl);
  project.provide('subgraphUrls', stack.subgraphUrls);
  project.provide('storage', databaseUrl ? 'postgres' : 'pglite');
}

export async function teardown() {
  await stack?.stop();
}
