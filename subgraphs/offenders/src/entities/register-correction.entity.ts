import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AGENCIES } from '#reference-data';
import { OffenderSchema } from './offender.entity.ts';

/**
 * A correction of an entry's identity by the National Police Bureau
 * (correctRegisterEntry): who made it, when, which fields it corrected and
 * why; never the values, before or after (the entry holds the new ones).
 */
export const RegisterCorrectionSchema = defineEntity({
  name: 'RegisterCorrection',
  tableName: 'register_correction',
  properties: {
    id: p.uuid().primary(),
    offender: () => p.manyToOne(OffenderSchema).ref(),
    correctedAt: p.datetime(),
    /** The token's subject of who corrected it. */
    correctedBy: p.text(),
    agency: p.enum(AGENCIES),
    /** The identity fields corrected, by their GraphQL names (fullName, aliases, cnic, dateOfBirth). */
    fields: p.array().$type<string[]>(),
    reason: p.text(),
  },
  indexes: [{ properties: ['offender', 'correctedAt'] }],
});

export type RegisterCorrection = InferEntity<typeof RegisterCorrectionSchema>;
