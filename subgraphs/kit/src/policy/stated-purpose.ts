import { request } from 'undici';
import { SIGNATURE_HEADER, signSubgraphRequest, type RequestSigningSettings } from '../auth/request-signature.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { Logger } from '../logger.ts';

/**
 * STATED_PURPOSE: an SSOIU officer reads offender identity only while stating
 * (`x-case-purpose`) a case they are assigned to. Assignments live in the
 * cases subgraph, so the register asks it, as the officer (their own token,
 * and the gateway's signature when signing is on): `assignedToCase` answers
 * only whether the caller is assigned to that case. A subgraph trusts no
 * header for this; a cases subgraph that cannot be reached means no.
 */
export const STATED_PURPOSE_QUERY = 'query StatedPurpose($reference: String!) { assignedToCase(reference: $reference) }';

export interface StatedPurposeCheckOptions {
  /** Where the cases subgraph answers (read per call, so a test stack can fill it in after start). */
  casesUrl: () => string;
  signing?: RequestSigningSettings;
  logger?: Logger;
  timeoutMs?: number;
}

export type StatedPurposeCheck = (viewer: Viewer, purpose: string | undefined, requestId: string) => Promise<boolean>;

export function createStatedPurposeCheck(options: StatedPurposeCheckOptions): StatedPurposeCheck {
  return async (viewer, purpose, requestId) => {
    if (!purpose || !viewer.token) return false;
    const body = JSON.stringify({ query: STATED_PURPOSE_QUERY, variables: { reference: purpose } });
    const authorization = `Bearer ${viewer.token}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization, 'x-request-id': requestId };
    if (options.signing) headers[SIGNATURE_HEADER] = signSubgraphRequest({ secret: options.signing.secret, body, authorization });
    try {
      // undici.request, not fetch: one small JSON answer, without the Fetch API's objects and web streams.
      const response = await request(options.casesUrl(), {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      const result = (await response.body.json()) as { data?: { assignedToCase?: boolean | null } };
      return result.data?.assignedToCase === true;
    } catch (error) {
      options.logger?.error({ err: error, requestId }, 'the stated purpose could not be checked with the cases subgraph: refused');
      return false;
    }
  };
}
