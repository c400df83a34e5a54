import { auditedField } from '#audit';
import type { SurvivorResolvers } from '../generated/resolvers-types.ts';
import type { Survivor as SurvivorRow } from '../mappers.ts';

/** The survivor's identity (Act s.26): each value is answered only once its read is on the audit trail, keyed by the case. */
const identity = <TValue>(field: string, read: (survivor: SurvivorRow) => TValue) =>
  auditedField(`Survivor.${field}`, (survivor: SurvivorRow) => survivor.case.id, read);

export const Survivor: SurvivorResolvers = {
  fullName: identity('fullName', (survivor) => survivor.fullName),
  cnic: identity('cnic', (survivor) => survivor.cnic ?? null),
  contactPhone: identity('contactPhone', (survivor) => survivor.contactPhone ?? null),
};
