/**
 * The plain Apollo Gateway baseline of `npm run bench` (configuration b): the
 * product's gateway with its access policy OFF (no policy filter, so no
 * refusals to record either), in front of the open subgraphs. Configured by
 * the same environment as `gateway/index.ts`; the switch is set here, in code,
 * and the gateway refuses it in production.
 */
import { graphqlPath, intFromEnv } from '#service';
import { listen, stopOnSignals } from '#service';
import { createGatewayService } from '../../gateway/server.ts';

const service = await createGatewayService({ enforcement: 'off' });
const running = await listen(service, intFromEnv(process.env.PORT, 4000), '127.0.0.1', graphqlPath());
stopOnSignals(running, service.logger);
