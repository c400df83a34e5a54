/**
 * The plain Apollo Gateway baseline of `npm run bench` (configuration b): the
 * product's gateway without its policy filter (so no refusals to record
 * either), in front of the open subgraphs; and the product's gateway without
 * its operation limits (c'), in front of the unlimited subgraphs. Configured by the same
 * environment as `gateway/index.ts`; the parts it leaves out are named by
 * bench/lib/configurations.ts (`--leave-out`), in code, and the gateway
 * refuses to start without its policy filter in production.
 *
 *   node bench/processes/plain-gateway.ts --leave-out policy-filter
 */
import { parseArgs } from 'node:util';
import { graphqlPath, intFromEnv } from '#service';
import { listen, stopOnSignals } from '#service';
import { defaultGatewayParts, GATEWAY_PART_NAMES, type GatewayPartName } from '../../gateway/part.ts';
import { createGatewayService } from '../../gateway/server.ts';
import { partNames } from '../lib/parts.ts';

const { values } = parseArgs({ options: { 'leave-out': { type: 'string', default: '' } } });
const leaveOut = partNames<GatewayPartName>(values['leave-out'], GATEWAY_PART_NAMES);
const service = await createGatewayService({ parts: defaultGatewayParts({ leaveOut }) });
const running = await listen(service, intFromEnv(process.env.PORT, 4000), '127.0.0.1', graphqlPath());
stopOnSignals(running, service.logger);
