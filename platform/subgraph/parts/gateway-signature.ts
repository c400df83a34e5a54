import { verifyReceivedRequest, type RequestSigningSettings } from '#identity';
import { UnauthenticatedError } from '#service';
import type { SubgraphPart } from '../part.ts';

/** Options of {@link gatewaySignature}. */
export interface GatewaySignatureOptions {
  /** What to verify with; default the service's own settings (SUBGRAPH_HMAC_SECRET), without which nothing is checked. */
  signing?: RequestSigningSettings;
}

/**
 * The subgraph half of request signing (#identity, request-signature.ts,
 * beside the gateway's half): every GraphQL request and every POST route
 * must carry the gateway's fresh, valid signature, checked before the token
 * is even looked at. The caller learns only UNAUTHENTICATED (a route, 401);
 * the log says why. With no secret configured (outside production) there is
 * nothing to check.
 */
export function gatewaySignature(options: GatewaySignatureOptions = {}): SubgraphPart {
  return {
    name: 'gateway-signature',
    setup: ({ signing: configured, logger }) => {
      const signing = options.signing ?? configured;
      if (!signing) return {};
      return {
        admit(request) {
          const check = verifyReceivedRequest(request, signing);
          if (check.valid) return;
          logger.warn(
            { requestId: request.requestId, path: request.url.pathname, reason: check.reason },
            'refused a request without a valid gateway signature',
          );
          throw new UnauthenticatedError();
        },
      };
    },
  };
}
