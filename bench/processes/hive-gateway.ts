/**
 * Hive Gateway, the peer router of `npm run bench` (configuration d), on the
 * committed supergraph in front of the same subgraphs as the product, with
 * its `@requiresScopes` enforcement on (as test/peer-router-auth.test.ts
 * runs it), forwarding the caller's token and stated purpose, and signing
 * every subgraph request as our gateway does when SUBGRAPH_HMAC_SECRET is
 * set, so the subgraphs do the same work for both.
 *
 *   PORT=... CASES_URL=... OFFENDERS_URL=... COURTS_URL=... CRISIS_CELLS_URL=... node bench/processes/hive-gateway.ts
 */
import { intFromEnv } from '#service';
import { SUBGRAPH_NAMES, type SubgraphName, subgraphUrl } from '../../subgraphs/index.ts';
import { requestSigningFromEnv, SIGNATURE_HEADER, signSubgraphRequest } from '#identity';
import { PURPOSE_HEADER } from '#identity';
import { requiresScopesAuth, startHiveGateway } from '#test-kit';

const signing = requestSigningFromEnv();
const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(name)])) as Record<SubgraphName, string>;

const hive = await startHiveGateway(
  subgraphUrls,
  {
    genericAuth: requiresScopesAuth(),
    plugins: () =>
      signing
        ? [
            {
              onFetch({ options, setOptions }) {
                const headers = { ...(options.headers as Record<string, string> | undefined) };
                const body = typeof options.body === 'string' ? options.body : '';
                headers[SIGNATURE_HEADER] = signSubgraphRequest({
                  secret: signing.secret,
                  body,
                  authorization: headers.authorization,
                  purpose: headers[PURPOSE_HEADER],
                });
                setOptions({ ...options, headers });
              },
            },
          ]
        : [],
  },
  { port: intFromEnv(process.env.PORT, 4000) },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    hive.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
