export {
  DEFAULT_POOL_MAX,
  openSubgraphDatabase,
  schemaNameFor,
  type SeedContext,
  storageFromEnv,
  type StorageLocation,
  type SubgraphDatabase,
  type SubgraphDatabaseDefinition,
} from './database.ts';
export { DataDirInUse } from './data-dir-owner.ts';
export { pgliteAssets } from './pglite-assets.ts';
export { nextGapFreeNumber } from './gap-free-number.ts';
export { childrenLoader, rowLoader } from './loaders.ts';
export { type Connection, keysetPage, pageSize } from './pagination.ts';
export { countingStatementsOn, type StatementTally, talliesInScope } from './statement-tally.ts';
