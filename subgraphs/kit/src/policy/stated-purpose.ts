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

interface StatedPurposeCheckOptions {
  /** Where the cases subgraph answers (read per call, so a test stack can fill it in after start). */
  casesUrl: () => string;
  signing?: RequestSigningSettings;
  logger?: Logger;
  timeoutMs?: number;
  /** How long an answer serves the same request id, token and purpose; default {@link PURPOSE_ANSWER_SHARED_MS}. */
  shareForMs?: number;
}

type StatedPurposeCheck = (viewer: Viewer, purpose: string | undefined, requestId: string) => Promise<boolean>;

/**
 * One gateway request can reach the register by several fetches (a case's
 * suspects, then its trial's convictions: W1 makes two), each of which
 * checks the purpose. They carry the gateway's request id, so the first
 * check's answer serves the others with the same id, token and purpose for
 * this long: a few seconds, so a withdrawn assignment is not honoured by a
 * later request, which has an id of its own.
 */
const PURPOSE_ANSWER_SHARED_MS = 10_000;
const MOST_SHARED_ANSWERS = 10_000;

export function createStatedPurposeCheck(options: StatedPurposeCheckOptions): StatedPurposeCheck {
  const askCases = casesSubgraphAsker(options);
  const shareForMs = options.shareForMs ?? PURPOSE_ANSWER_SHARED_MS;
  const answers = new Map<string, { answer: Promise<boolean>; expires: number }>();
  return (viewer, purpose, requestId) => {
    if (!purpose || !viewer.token) return Promise.resolve(false);
    const key = JSON.stringify([requestId, viewer.token, purpose]);
    const now = Date.now();
    const shared = answers.get(key);
    if (shared && shared.expires > now) return shared.answer;
    if (answers.size >= MOST_SHARED_ANSWERS) {
      for (const [stale, { expires }] of answers) if (expires <= now) answers.delete(stale);
      if (answers.size >= MOST_SHARED_ANSWERS) answers.clear();
    }
    const answer = askCases(viewer, purpose, requestId);
    answers.set(key, { answer, expires: now + shareForMs });
    return answer;
  };
}

function casesSubgraphAsker(options: StatedPurposeCheckOptions) {
  return async (viewer: Viewer, purpose: string, requestId: string): Promise<boolean> => {
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
