import { describe, expect, it } from 'vitest';
import { createGatewayService } from './server.ts';

describe('the gateway at startup', () => {
  it('refuses a SUBGRAPH_HMAC_SECRET too short to sign subgraph requests with', async () => {
    await expect(createGatewayService({ env: { SUBGRAPH_HMAC_SECRET: 'too-short' } })).rejects.toThrow(
      /SUBGRAPH_HMAC_SECRET must be at least 32 bytes/,
    );
  });
});
