import type { IncomingHttpHeaders } from 'node:http';
import { AppError, ErrorCode } from '#service';

/**
 * The stated purpose of a request: the reference of the case the caller is
 * working on, sent in this header by the agency's front-end, read by the
 * gateway, forwarded to every subgraph and recorded with each sensitive read.
 */
export const PURPOSE_HEADER = 'x-case-purpose';

const MAX_PURPOSE_LENGTH = 64;

/**
 * Loosely, a case reference: letters and digits in at least two parts joined
 * by `-` or `/`, such as ARCC-LHR1-2025-000031 or PS-SKP-2025-004212, or an
 * FIR number, which may go on to name its police station in words after
 * single spaces (FIR-0031/2025-PS Civil Lines Faisalabad). Whether that case
 * exists is not checked here.
 */
const CASE_REFERENCE = /^[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)+(?: [A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*)*$/;

const isStatedPurpose = (value: string) => value.length <= MAX_PURPOSE_LENGTH && CASE_REFERENCE.test(value);

/**
 * The purpose a request states, or undefined when it states none; a
 * malformed one is refused (400, BAD_USER_INPUT) rather than recorded.
 * The same check on the gateway and in every subgraph.
 */
export function statedPurpose(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers[PURPOSE_HEADER];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(', ') : raw).trim();
  if (value === '') return undefined;
  if (!isStatedPurpose(value)) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `The ${PURPOSE_HEADER} header must be a case reference or FIR number such as ARCC-LHR1-2025-000031 (letters and digits joined by - or /, then for an FIR number its police station in words, at most ${MAX_PURPOSE_LENGTH} characters).`,
      400,
    );
  }
  return value;
}
