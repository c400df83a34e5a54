import { graphqlPath, intFromEnv, StartupRefusal } from '#service';
import { listen, stopOnSignals } from '#service';
import { createGatewayService } from './server.ts';

const service = await createGatewayService().catch((error: unknown) => {
  // Something its operator can act on (an untrusted manifest, a bad setting, one production refuses): one line, no stack trace.
  if (!(error instanceof StartupRefusal)) throw error;
  console.error(`gateway: ${error.message}`);
  process.exit(1);
});
const running = await listen(
  service,
  intFromEnv(process.env.PORT, 4000),
  process.env.GATEWAY_HOST ?? process.env.HOST ?? '127.0.0.1',
  graphqlPath(),
);
stopOnSignals(running, service.logger);
service.logger.info({ url: running.url }, 'gateway ready: open this URL in a browser for the explorer (LANDING_PAGE)');
