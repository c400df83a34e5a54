import type { Viewer } from '#identity';

/** What the gateway knows about a request: the verified caller, the request id and the purpose it states. */
export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The case reference the caller stated as its purpose (`x-case-purpose`), forwarded to the subgraphs for their audit trails. */
  purpose?: string;
  /** The mutation's retry key (`Idempotency-Key`, DESIGN section 7), forwarded as sent, inside the signed request; the owning subgraph checks it. */
  idempotencyKey?: string;
}
