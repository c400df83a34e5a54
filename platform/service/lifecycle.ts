import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';

/** A process's server, built but not listening: tests and benchmarks start it on a free port. */
export interface Service {
  name: string;
  httpServer: Server;
  logger: Logger;
  /** Releases what the service holds (databases, clients) after the HTTP server has drained. */
  dispose(): Promise<void>;
}

export interface ListeningService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function listen(service: Service, port: number, host: string, path: string): Promise<ListeningService> {
  await new Promise<void>((resolve, reject) => {
    service.httpServer.once('error', reject);
    service.httpServer.listen(port, host, () => resolve());
  });
  const address = service.httpServer.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${path}`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    stop: () => (stopping ??= stop(service)),
  };
}

/** Stops accepting connections, lets in-flight requests finish, then releases resources. */
async function stop(service: Service) {
  await new Promise<void>((resolve) => {
    service.httpServer.close(() => resolve());
    service.httpServer.closeIdleConnections();
  });
  await service.dispose();
}

/** Graceful shutdown on SIGINT/SIGTERM: finish in-flight requests, close databases, exit. */
export function stopOnSignals(running: ListeningService, logger: Logger, graceMs = 10_000) {
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown grace period over, exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    running.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
