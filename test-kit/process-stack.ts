/**
 * Subgraphs as OS processes of their own, as `npm start` runs them, on a copy
 * of the seeded world that every process (and a process started again) opens
 * (PostgreSQL with TEST_DATABASE_URL, else PGlite data directories on disk),
 * each reached through a gateway in this process: for the tests that kill a
 * process for real, or run several processes of one subgraph on one
 * database. For a stack in this process, see `startStack`.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { createGatewayService } from '../gateway/server.ts';
import { envKeyOf, listen, type ListeningService } from '#service';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/index.ts';
import { copyOfWorld, type DatabaseCopy } from './database-templates.ts';
import { ownEventStream } from './event-stream.ts';
import { freePorts } from './free-ports.ts';
import { type SubgraphProcess, startSubgraphProcess } from './subgraph-process.ts';

export interface ProcessStackOptions {
  /** The subgraphs that run, each as processes of its own; the others do not (what needs them fails). */
  subgraphs: readonly SubgraphName[];
  /**
   * Processes of each subgraph, all on the one database (PostgreSQL only: a PGlite data directory has one
   * owner). Each replica set is wired as a deployment of its own: its processes reach the set's others
   * (`<NAME>_URL`), and a gateway of its own routes to them. Default 1.
   */
  replicas?: number;
  /** Variables of every process and gateway, over this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Variables of one process over those (a consumer reached through a proxy, say), knowing where its set's subgraphs listen. */
  envOf?: (name: SubgraphName, replica: number, subgraphUrls: Record<SubgraphName, string>) => NodeJS.ProcessEnv | undefined;
}

export interface RunningProcessStack {
  /** Per replica set, its gateway's GraphQL URL. */
  gatewayUrls: string[];
  /** Per replica set, where each of its subgraphs listens (or would: those not started). */
  subgraphUrls: Record<SubgraphName, string>[];
  /** The process of a subgraph in a replica set (default the first), as last started. */
  process(name: SubgraphName, replica?: number): SubgraphProcess;
  /** Starts a subgraph's process again, on its port and with its environment (after `kill()` or `stop()`). */
  restart(name: SubgraphName, replica?: number): Promise<SubgraphProcess>;
  /** The copy of the world the processes run on (`url` on PostgreSQL). */
  database: DatabaseCopy;
  /**
   * One statement on the stack's database (every subgraph's schema, by name), for a test to read what the
   * processes wrote: PostgreSQL only (a PGlite data directory is its process's alone).
   */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Stops every process (SIGTERM) and gateway, and drops the copy and the stack's NATS stream. */
  stop(): Promise<void>;
}

export async function startProcessStack(options: ProcessStackOptions): Promise<RunningProcessStack> {
  const replicas = options.replicas ?? 1;
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', METRICS_PREPARE_YEARS: '0', ...options.env };
  const database = await copyOfWorld('processes', 'seeded', { forProcesses: true });
  if (replicas > 1 && !database.url) {
    await database.drop();
    throw new Error('several processes of one subgraph need one database they all open: PostgreSQL (TEST_DATABASE_URL)');
  }
  const stream = ownEventStream(env);
  // The copy is seeded: a process never seeds it again, whatever it finds.
  Object.assign(env, database.env, stream.env, { SEED_ON_START: 'never' });
  const gateways: ListeningService[] = [];
  const running: SubgraphProcess[][] = [];
  let reader: Promise<MikroORM> | undefined;
  const closeReader = async () => (reader ? (await reader).close(true) : undefined);
  const stopProcesses = () => Promise.all(running.flat().map((started) => started.stop()));
  try {
    const ports = await freePorts(SUBGRAPH_NAMES.length * replicas);
    const portOf = (name: SubgraphName, replica: number) => ports[replica * SUBGRAPH_NAMES.length + SUBGRAPH_NAMES.indexOf(name)]!;
    const subgraphUrls = Array.from(
      { length: replicas },
      (_, replica) =>
        Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${portOf(name, replica)}/graphql`])) as Record<
          SubgraphName,
          string
        >,
    );
    const envFor = (name: SubgraphName, replica: number): NodeJS.ProcessEnv => ({
      ...env,
      ...Object.fromEntries(SUBGRAPH_NAMES.map((other) => [`${envKeyOf(other)}_URL`, subgraphUrls[replica]![other]])),
      ...options.envOf?.(name, replica, subgraphUrls[replica]!),
    });
    const start = (name: SubgraphName, replica: number) =>
      startSubgraphProcess(name, { env: envFor(name, replica), port: portOf(name, replica) });
    // All side by side: the copy is migrated already, so no two first starts race to migrate it.
    const started = await Promise.allSettled(
      Array.from({ length: replicas }, (_, replica) => options.subgraphs.map((name) => start(name, replica))).flat(),
    );
    for (let replica = 0; replica < replicas; replica += 1) running.push([]);
    started.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') running[Math.floor(i / options.subgraphs.length)]!.push(outcome.value);
    });
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    for (const urls of subgraphUrls) {
      gateways.push(await listen(await createGatewayService({ env, subgraphUrls: urls }), 0, '127.0.0.1', '/graphql'));
    }
    const indexOf = (name: SubgraphName) => {
      const index = options.subgraphs.indexOf(name);
      if (index < 0) throw new Error(`the ${name} subgraph is not among the stack's processes`);
      return index;
    };
    return {
      gatewayUrls: gateways.map((gateway) => gateway.url),
      subgraphUrls,
      process: (name, replica = 0) => running[replica]![indexOf(name)]!,
      async restart(name, replica = 0) {
        const restarted = await start(name, replica);
        running[replica]![indexOf(name)] = restarted;
        return restarted;
      },
      database,
      async sql<T>(text: string, params: unknown[] = []) {
        const url = database.url;
        if (!url) throw new Error("on PGlite each subgraph's process alone opens its data directory: read through the graph or /metrics");
        reader ??= MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
        return (await (await reader).em.getConnection().execute(text, params)) as T[];
      },
      async stop() {
        await closeReader();
        await Promise.all(gateways.map((gateway) => gateway.stop()));
        await stopProcesses();
        await database.drop();
        await stream.drop();
      },
    };
  } catch (error) {
    await Promise.allSettled(gateways.map((gateway) => gateway.stop()));
    await stopProcesses();
    await database.drop();
    await stream.drop();
    throw error;
  }
}
