/**
 * The expected failures of a mutation, as its payload's `userErrors` carries
 * them (DESIGN section 7; `UserError` in schema/common.graphql). Refusals of
 * access are not among them: those stay top-level errors, as for reads.
 */
export const USER_ERROR_CODES = ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'STALE_VERSION', 'INVALID_TRANSITION'] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserError {
  /** The path to the input field at fault, from the mutation's arguments (`['input', 'survivor', 'cnic']`); null when no one field is. */
  field: string[] | null;
  code: UserErrorCode;
  message: string;
}

/** What a payload says when a mutation did not do what it was asked: no entity, and why. */
export interface Payload<TEntity> {
  entity: TEntity | null;
  userErrors: UserError[];
}

export const userError = (code: UserErrorCode, field: string[] | null, message: string): UserError => ({ code, field, message });

/**
 * A row that does not exist and one the caller may not touch answer with
 * this same error, word for word, so no answer tells whether a hidden row
 * exists (DESIGN section 4).
 */
export const notFound = (field: string[] | null, what: string): UserError => userError('NOT_FOUND', field, `No ${what} with this id.`);

/** The row changed since the caller read it: names the version it is at now. */
export const staleVersion = (field: string[], current: number): UserError =>
  userError(
    'STALE_VERSION',
    field,
    `The record has changed since it was read: it is now at version ${current}. Read it again, then retry with expectedVersion ${current}.`,
  );

/** The row's status does not allow the step: names the status it is in (and what the row is: a case, a trial, a register entry). */
export const invalidTransition = (status: string, step: string, noun = 'case'): UserError =>
  userError('INVALID_TRANSITION', null, `A ${noun} in status ${status} does not allow ${step}.`);

/**
 * Another request took a unique value (an FIR number) between this one's
 * check and its commit: the database's unique index refused the second, and
 * the caller is told as if the check had seen it.
 */
export const takenMeanwhile = (): UserError =>
  userError('CONFLICT', null, 'Another record took one of these values at the same time. Read it again before retrying.');
