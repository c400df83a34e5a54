import type { Viewer } from '../subgraphs/kit/src/auth/viewer.ts';

/** What the gateway knows about a request: the verified caller and the request id. */
export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
}
