/**
 * What operators do with parked events (docs/events.md):
 *   npm run events -- list-parked [--subgraph NAME]...
 *   npm run events -- replay <event id> [--subgraph NAME]...
 * Each subgraph's database as the subgraphs find it (DATABASE_URL, else
 * PGlite under DATA_DIR: stop that subgraph first, PGlite is one process's
 * at a time); every subgraph unless --subgraph names some. A replay of an
 * event a NATS consumer parked publishes it again, on NATS_URL.
 */
import { parseArgs } from 'node:util';
import { connectNats, eventSettingsFromEnv, InboxEventSchema, listParked, OutboxEventSchema, replayParked, republish } from '#events';
import { openSubgraphDatabase, storageFromEnv } from '#storage';
import { SUBGRAPH_NAMES } from '../subgraphs/index.ts';

const usage = 'usage: npm run events -- list-parked [--subgraph NAME]...\n       npm run events -- replay <event id> [--subgraph NAME]...';
let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, options: { subgraph: { type: 'string', multiple: true }, help: { type: 'boolean' } } });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const [command, id] = parsed.positionals;
if (parsed.values.help || !command) {
  console.log(usage);
  process.exit(command ? 0 : 2);
}
if (command !== 'list-parked' && command !== 'replay') {
  console.error(`unknown command ${command}\n${usage}`);
  process.exit(2);
}
if (command === 'replay' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id ?? '')) {
  console.error(`replay needs the id of a parked event (a UUID)\n${usage}`);
  process.exit(2);
}

const subgraphs = parsed.values.subgraph ?? [...SUBGRAPH_NAMES];
const settings = eventSettingsFromEnv();
let replayed = false;
for (const subgraph of subgraphs) {
  const database = await openSubgraphDatabase(
    {
      subgraph,
      entities: [OutboxEventSchema, InboxEventSchema],
      migrations: [],
      loadSeeder: () => Promise.reject(new Error('nothing to seed here')),
    },
    storageFromEnv(subgraph),
  );
  try {
    if (command === 'list-parked') {
      for (const event of await listParked(database.fork(), database.schema)) {
        console.log(
          [
            subgraph,
            event.where,
            event.id,
            event.type,
            `${event.aggregateType} ${event.aggregateId} #${event.sequence}`,
            `tries: ${event.attempts ?? '-'}`,
            event.reason ?? '',
          ].join('\t'),
        );
      }
    } else if (!replayed) {
      const where = await replayParked(database.fork(), database.schema, id!, {
        republish: settings.natsUrl
          ? async (event) => {
              const connection = await connectNats(settings.natsUrl!, 'events-replay');
              try {
                await republish(connection, settings, event);
              } finally {
                await connection.close();
              }
            }
          : undefined,
      });
      if (where) {
        replayed = true;
        console.log(`replayed ${id} (${subgraph}, ${where === 'outbox' ? 'the relay delivers it now' : 'published again'})`);
      }
    }
  } finally {
    await database.close();
  }
}
if (command === 'replay' && !replayed) {
  console.error(`no parked event ${id} in ${subgraphs.join(', ')}`);
  process.exit(1);
}
