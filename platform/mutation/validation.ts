import { isCnic } from '#reference-data';
import { type UserError, userError } from './user-errors.ts';

/**
 * The first step of every mutation: its input alone, checked before any row
 * is read. Each check adds at most one INVALID_INPUT error naming the field;
 * the mutation goes on only when none was added.
 */
export class InputChecks {
  readonly errors: UserError[] = [];
  readonly #now: Date;

  constructor(now: Date) {
    this.#now = now;
  }

  /** Adds an error at `path` unless `holds`; returns whether it held, so later checks of the same field can be skipped. */
  that(path: string[], holds: boolean, message: string): boolean {
    if (!holds) this.errors.push(userError('INVALID_INPUT', path, message));
    return holds;
  }

  /** Text that is not blank and at most `max` characters once trimmed. */
  text(path: string[], value: string | null | undefined, max: number, { required = true } = {}): boolean {
    if (value === null || value === undefined) return this.that(path, !required, 'Required.');
    const trimmed = value.trim();
    if (!this.that(path, trimmed.length > 0, 'Must not be blank.')) return false;
    return this.that(path, trimmed.length <= max, `At most ${max} characters.`);
  }

  /** A CNIC (NNNNN-NNNNNNN-N), when given. */
  cnic(path: string[], value: string | null | undefined): boolean {
    return value === null || value === undefined || this.that(path, isCnic(value), 'A CNIC is written NNNNN-NNNNNNN-N.');
  }

  /** A Pakistani mobile number (03XX-XXXXXXX) or landline (0XX-XXXXXXXX and the like), when given. */
  phone(path: string[], value: string | null | undefined): boolean {
    return (
      value === null ||
      value === undefined ||
      this.that(path, PHONE.test(value), 'A phone number is written 03XX-XXXXXXX (mobile) or with its area code, 0XX-XXXXXXXX.')
    );
  }

  /** An integer within [min, max], when given. */
  integer(path: string[], value: number | null | undefined, min: number, max: number): boolean {
    return (
      value === null ||
      value === undefined ||
      this.that(path, Number.isInteger(value) && value >= min && value <= max, `A whole number from ${min} to ${max}.`)
    );
  }

  /** An instant that is not in the future (a report, an examination). */
  notInFuture(path: string[], value: Date): boolean {
    return this.that(path, value.getTime() <= this.#now.getTime(), 'Must not be in the future.');
  }

  /** `later` is at or after `earlier` (an examination after the report). */
  inOrder(path: string[], earlier: Date, later: Date, message: string): boolean {
    return this.that(path, later.getTime() >= earlier.getTime(), message);
  }

  /** A list of 1 to `max` items, each passing `item`. */
  list<T>(path: string[], values: readonly T[], max: number, item: (value: T) => boolean, message: string): boolean {
    if (!this.that(path, values.length > 0 && values.length <= max, `From 1 to ${max} items.`)) return false;
    return this.that(path, values.every(item), message);
  }
}

/** 03XX-XXXXXXX for a mobile; an area code of 2 to 4 digits and 5 to 8 more for a landline; 1099-style helplines are not a person's. */
const PHONE = /^(03\d{2}-\d{7}|0\d{2,4}-\d{5,8})$/;
