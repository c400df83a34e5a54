import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PURPOSE_HEADER } from './purpose.ts';

/**
 * Request signing between the gateway and the subgraphs, both halves side by
 * side: the gateway signs every subgraph request it sends, and a subgraph
 * configured with the same secret refuses any request that does not carry a
 * fresh, valid signature, so a subgraph reached directly (bypassing the
 * gateway) answers nothing.
 *
 * Header: `x-gateway-signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, over
 * the canonical string
 *
 *     v1 \n <t> \n <Authorization value, or empty> \n <x-case-purpose value, or empty> \n <raw body bytes>
 *
 * Header values cannot contain a newline (HTTP forbids it) and the body comes
 * last, so the string is unambiguous. Binding the Authorization header means
 * a signed request cannot have its token swapped, binding the stated purpose
 * that the purpose the audit trail records is the one the caller stated, and
 * binding the timestamp, checked against a window, limits replay to it.
 *
 * A request carrying an `Idempotency-Key` (DESIGN section 7) is signed as
 * `v2`, whose canonical string binds the key too, so a signed mutation cannot
 * have its key swapped (and be answered with another request's outcome):
 *
 *     v2 \n <t> \n <Authorization> \n <x-case-purpose> \n <Idempotency-Key> \n <raw body bytes>
 *
 * with the header `t=<unix seconds>,v2=<hex>`. A request without a key is
 * signed and checked as `v1`, unchanged; a `v1` signature on a request that
 * carries a key is refused (the key would be unsigned).
 */

export const SIGNATURE_HEADER = 'x-gateway-signature';
/** The retry key of a mutation (IETF httpapi idempotency-key draft), covered by the signature (v2). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const MIN_SECRET_BYTES = 32;
const DEFAULT_TOLERANCE_SECONDS = 60;

/** What the signer and the verifier both work from. */
export interface RequestSignatureOptions {
  /** The shared secret (`SUBGRAPH_HMAC_SECRET`), at least 32 bytes. */
  secret: string | Uint8Array;
  /** The exact body bytes sent (the gateway's body string) or received (the subgraph's raw body). */
  body: string | Uint8Array;
  /** The Authorization header value as sent; absent and empty sign alike. */
  authorization?: string | null;
  /** The `x-case-purpose` header value as sent; absent and empty sign alike. */
  purpose?: string | null;
  /** The `Idempotency-Key` header value as sent; absent and empty sign alike (as v1). */
  idempotencyKey?: string | null;
  /** The current time in milliseconds since the epoch; default `Date.now()`. */
  now?: number;
  /** Largest accepted distance between the signature's time and now, seconds, either direction; default 60. */
  toleranceSeconds?: number;
}

/** Why a signature was refused: for the subgraph's own log, never for the caller. */
type SignatureRefusal = 'missing' | 'malformed' | 'stale' | 'mismatch';
type SignatureCheck = { valid: true } | { valid: false; reason: SignatureRefusal };

/** Settings read once at startup. */
export interface RequestSigningSettings {
  secret: Uint8Array;
  toleranceSeconds: number;
}

const HEADER_FORMAT = /^t=(\d{1,12}),(v1|v2)=([0-9a-f]{64})$/;

/** The gateway half: the `x-gateway-signature` value for one subgraph request. */
export function signSubgraphRequest(options: RequestSignatureOptions): string {
  const timestamp = Math.floor((options.now ?? Date.now()) / 1000);
  return `t=${timestamp},${versionOf(options)}=${hmac(secretBytes(options.secret), timestamp, options).toString('hex')}`;
}

/**
 * The subgraph half: checks an `x-gateway-signature` value against the
 * request's raw body and Authorization header. The format is checked first,
 * then the time window, then the HMAC, compared in constant time.
 */
export function verifySubgraphRequest(signature: string | string[] | undefined | null, options: RequestSignatureOptions): SignatureCheck {
  const key = secretBytes(options.secret);
  if (signature === undefined || signature === null || signature === '') return refuse('missing');
  const match = typeof signature === 'string' ? HEADER_FORMAT.exec(signature) : null;
  if (!match) return refuse('malformed');
  if (match[2] !== versionOf(options)) return refuse('mismatch');
  const timestamp = Number(match[1]);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) return refuse('stale');
  const expected = hmac(key, timestamp, options);
  const given = Buffer.from(match[3]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { valid: true } : refuse('mismatch');
}

/**
 * The subgraph half, on a request as a subgraph's HTTP server received it:
 * its raw body, Authorization and stated purpose (GraphQL and the refusal
 * reports alike).
 */
export function verifyReceivedRequest(
  request: { headers: IncomingHttpHeaders; rawBody: Buffer },
  signing: RequestSigningSettings,
): SignatureCheck {
  const { headers, rawBody } = request;
  const purpose = headers[PURPOSE_HEADER];
  const idempotencyKey = headers[IDEMPOTENCY_KEY_HEADER];
  return verifySubgraphRequest(headers[SIGNATURE_HEADER], {
    ...signing,
    body: rawBody,
    authorization: headers.authorization,
    purpose: Array.isArray(purpose) ? purpose.join(', ') : purpose,
    idempotencyKey: Array.isArray(idempotencyKey) ? idempotencyKey.join(', ') : idempotencyKey,
  });
}

/**
 * Reads `SUBGRAPH_HMAC_SECRET`: undefined when unset (nothing is signed or
 * checked), an error when it is shorter than 32 bytes, and an error when it
 * is unset in production, where a subgraph must never answer a caller that
 * bypassed the gateway.
 */
export function requestSigningFromEnv(env: NodeJS.ProcessEnv = process.env): RequestSigningSettings | undefined {
  const text = env.SUBGRAPH_HMAC_SECRET;
  if (!text) {
    if (env.NODE_ENV === 'production') {
      throw new Error(
        'SUBGRAPH_HMAC_SECRET is required in production: subgraphs must refuse requests that did not come through the gateway.',
      );
    }
    return undefined;
  }
  return { secret: secretBytes(text), toleranceSeconds: DEFAULT_TOLERANCE_SECONDS };
}

/** v2 when the request carries an idempotency key, v1 (the format before keys) otherwise. */
const versionOf = ({ idempotencyKey }: RequestSignatureOptions): 'v1' | 'v2' => (idempotencyKey ? 'v2' : 'v1');

function hmac(key: Uint8Array, timestamp: number, options: RequestSignatureOptions): Buffer {
  const { authorization, purpose, idempotencyKey, body } = options;
  const head =
    versionOf(options) === 'v2'
      ? `v2\n${timestamp}\n${authorization ?? ''}\n${purpose ?? ''}\n${idempotencyKey}\n`
      : `v1\n${timestamp}\n${authorization ?? ''}\n${purpose ?? ''}\n`;
  return createHmac('sha256', key)
    .update(head, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
}

function secretBytes(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (bytes.byteLength < MIN_SECRET_BYTES) {
    throw new Error(
      `SUBGRAPH_HMAC_SECRET must be at least ${MIN_SECRET_BYTES} bytes (got ${bytes.byteLength}); generate one with \`openssl rand -hex 32\`.`,
    );
  }
  return bytes;
}

const refuse = (reason: SignatureRefusal): SignatureCheck => ({ valid: false, reason });
