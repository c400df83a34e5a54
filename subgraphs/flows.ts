/**
 * The flows between agencies (DESIGN section 8, docs/events.md "The flows"):
 * each event type, who emits and who consumes it, and its payload as both
 * sides read it — written once here, so an emitter and its consumer cannot
 * drift apart. Each consumer also checks the payload it receives
 * ({@link payloadOf}): a payload that is not what it expects is refused (the
 * relay retries, then parks it with the reason).
 *
 *   cases   ChargeSheetFiled   (Case)       → courts    opens the trial in the district's special court
 *   courts  TrialOpened        (Trial)      → cases     ON_TRIAL; the court assigned to the case
 *   courts  VerdictRecorded    (Trial)      → cases     the verdict's outcome; DECIDED
 *   courts  ConvictionRecorded (Conviction) → offenders the register entry, created or added to
 *   courts  ConvictionQuashed  (Conviction) → offenders the conviction's effect ended; the entry retired when none is left
 *   offenders OffenderRegistered (Conviction) → courts  the conviction names its register entry (Conviction.offender)
 *
 * Payloads carry what the consumer acts on and nothing else. Identity crosses
 * once, where the consumer needs it and cannot have it otherwise: the charge
 * sheet carries each accused's CNIC (as the police's charge sheet names the
 * accused to the court), the court keeps it with the trial's accused (never in
 * the API), and the conviction carries it on to the register, which finds or
 * creates the entry by it. No date of birth crosses: the cases subgraph does
 * not hold one for a suspect; the register's entry records it when the police
 * complete the entry (correctRegisterEntry).
 */
import type { EventConsumerDeclaration, EventEnvelope, EventHandlers } from '#events';
import { SUBGRAPH_PORTS } from './index.ts';

export interface ChargeSheetFiledV1 {
  schemaVersion: 1;
  caseId: string;
  caseReference: string;
  province: string;
  district: string;
  filedAt: string;
  sections: string[];
  accused: { suspectId: string; position: number; name: string; cnic: string | null }[];
  /** The prosecutor assigned to the case, if any (case_assignment, PROSECUTION). */
  prosecutorId: string | null;
}

export interface TrialOpenedV1 {
  schemaVersion: 1;
  trialId: string;
  caseId: string;
  caseNumber: string;
  courtId: string;
  prosecutorId: string;
  openedAt: string;
}

export interface VerdictRecordedV1 {
  schemaVersion: 1;
  trialId: string;
  caseId: string;
  outcome: string;
  decidedAt: string;
}

export interface ConvictionRecordedV1 {
  schemaVersion: 1;
  convictionId: string;
  trialId: string;
  caseId: string;
  caseNumber: string;
  province: string;
  district: string;
  offenceSection: string;
  convictedAt: string;
  sentence: { imprisonmentYears: number | null; lifeImprisonment: boolean; death: boolean };
  /** The convict as the court tried them; `cnic` null when the charge sheet named none. */
  convict: { suspectPosition: number; name: string; cnic: string | null };
}

export interface ConvictionQuashedV1 {
  schemaVersion: 1;
  convictionId: string;
  trialId: string;
  quashedAt: string;
}

export interface OffenderRegisteredV1 {
  schemaVersion: 1;
  convictionId: string;
  offenderId: string;
  /** Whether the conviction made the entry, or was added to one there before. */
  createdEntry: boolean;
}

export interface FlowPayloads {
  ChargeSheetFiled: ChargeSheetFiledV1;
  TrialOpened: TrialOpenedV1;
  VerdictRecorded: VerdictRecordedV1;
  ConvictionRecorded: ConvictionRecordedV1;
  ConvictionQuashed: ConvictionQuashedV1;
  OffenderRegistered: OffenderRegisteredV1;
}
export type FlowType = keyof FlowPayloads;

/** What each payload must hold, checked by its consumer. */
const REQUIRED: { [T in FlowType]: readonly (keyof FlowPayloads[T])[] } = {
  ChargeSheetFiled: ['caseId', 'caseReference', 'province', 'district', 'filedAt', 'sections', 'accused'],
  TrialOpened: ['trialId', 'caseId', 'caseNumber', 'courtId', 'prosecutorId', 'openedAt'],
  VerdictRecorded: ['trialId', 'caseId', 'outcome', 'decidedAt'],
  ConvictionRecorded: ['convictionId', 'trialId', 'province', 'district', 'offenceSection', 'convictedAt', 'sentence', 'convict'],
  ConvictionQuashed: ['convictionId', 'trialId', 'quashedAt'],
  OffenderRegistered: ['convictionId', 'offenderId', 'createdEntry'],
};

/**
 * A consumer refusing an event, with a reason kept in the emitter's outbox and
 * shown to operators: it names rows by id and never a person (no name, no CNIC).
 */
export class FlowRefusal extends Error {}

/** The event's payload as its type's layout, or a refusal naming what is wrong (never a value). */
export function payloadOf<T extends FlowType>(type: T, event: EventEnvelope): FlowPayloads[T] {
  if (event.type !== type) throw new FlowRefusal(`expected ${type}, got ${event.type}`);
  const payload = event.payload as Record<string, unknown>;
  if (payload.schemaVersion !== 1) throw new FlowRefusal(`${type}: schemaVersion ${String(payload.schemaVersion)} is not handled (1 is)`);
  const missing = REQUIRED[type].filter((key) => payload[key as string] == null);
  if (missing.length > 0) throw new FlowRefusal(`${type}: payload lacks ${missing.join(', ')}`);
  return payload as unknown as FlowPayloads[T];
}

/**
 * Handlers whose refusals are safe to keep and show: a FlowRefusal as it is;
 * anything else (a database error, whose message may quote the values of the
 * statement, a CNIC among them) as its class alone.
 */
export function refusedSafely(handlers: EventHandlers): EventHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([type, handler]) => [
      type,
      async (tx, event) => {
        try {
          await handler(tx, event);
        } catch (error) {
          if (error instanceof FlowRefusal) throw error;
          // The class and the SQLSTATE say what failed without quoting any value.
          const { name, code } = error as { name?: unknown; code?: unknown };
          const what = [
            typeof name === 'string' ? name : 'error',
            typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `SQLSTATE ${code}` : '',
          ]
            .filter(Boolean)
            .join(', ');
          throw new FlowRefusal(`${type}: the effect failed (${what})`);
        }
      },
    ]),
  ) as EventHandlers;
}

/** Who consumes what, as each consumer declares it (its name, default port, types): the emitters' relays post to them. */
export const CASES_CONSUMES: EventConsumerDeclaration = {
  subgraph: 'cases',
  port: SUBGRAPH_PORTS.cases,
  types: ['TrialOpened', 'VerdictRecorded'],
};
export const COURTS_CONSUMES: EventConsumerDeclaration = {
  subgraph: 'courts',
  port: SUBGRAPH_PORTS.courts,
  types: ['ChargeSheetFiled', 'OffenderRegistered'],
};
export const OFFENDERS_CONSUMES: EventConsumerDeclaration = {
  subgraph: 'offenders',
  port: SUBGRAPH_PORTS.offenders,
  types: ['ConvictionRecorded', 'ConvictionQuashed'],
};
