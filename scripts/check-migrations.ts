/**
 * Fails when a subgraph's entities have drifted from its committed migrations:
 * each subgraph's migrations are applied to an empty in-memory database and
 * the schema they build is compared with the one its entities describe.
 */
import { openSubgraphDatabase } from '#storage';
import { SUBGRAPH_NAMES } from '../subgraphs/index.ts';
import { subgraphDefinitions } from '../subgraphs/definitions.ts';

let stale = false;
for (const name of SUBGRAPH_NAMES) {
  const database = await openSubgraphDatabase(subgraphDefinitions[name].database, { kind: 'pglite', dataDir: 'memory://' });
  try {
    await database.migrate();
    if (await database.orm.migrator.checkSchema()) {
      console.error(`${name}: entities differ from the committed migrations; run \`npm run migration:create -- ${name}\` and commit it.`);
      stale = true;
    } else {
      console.log(`${name}: migrations are current.`);
    }
  } finally {
    await database.close();
  }
}
process.exit(stale ? 1 : 0);
