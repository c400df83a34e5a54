import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CASE_STATUSES, OFFENCE_CATEGORIES, PROVINCES, VERDICT_OUTCOMES } from '#reference-data';

/**
 * A case under the Act. Only what every reader of a case may see lives here;
 * the survivor's identity and the agency records hang off it in their own tables.
 *
 * Every filter of `CaseFilter` has an index that leads with the filtered column
 * and continues with the list's order, (reported_at, id), so a filtered page of
 * a million cases is an index range scan. `child_survivor` and `has_fir` are
 * copied from the survivor and FIR rows for the same reason. Ordered by
 * reference, the unique index serves the whole list, and two composite
 * indexes the lists by province and by crisis cell.
 */
export const CaseSchema = defineEntity({
  name: 'Case',
  tableName: 'case',
  properties: {
    id: p.uuid().primary(),
    // Byte order (collation C): references are codes, and their order is then the same everywhere.
    reference: p.string().length(32).collation('C').unique(),
    reportedAt: p.datetime(),
    category: p.enum(OFFENCE_CATEGORIES),
    offenceSections: p.array().$type<string[]>(),
    status: p.enum(CASE_STATUSES),
    province: p.enum(PROVINCES),
    district: p.string().length(64),
    /** The crisis cell that received the survivor, owned by the crisis-cells subgraph: no foreign key. */
    crisisCellId: p.uuid().nullable(),
    /** The survivor was under 18 at the time of the incident (copied from the survivor's record). */
    childSurvivor: p.boolean(),
    /** An FIR has been registered (copied from the FIR's existence). */
    hasFir: p.boolean(),
    /**
     * The special court's verdict once the case is DECIDED, as the case file
     * records it: with the FIR, the charge sheet and the status, it places the
     * case in the committee's attrition funnel without asking the courts for
     * any case. Not in the API: Trial.verdict is the court's own record.
     */
    verdictOutcome: p.enum(VERDICT_OUTCOMES).nullable(),
    /**
     * Raised by one with every change to the case or a record of it made
     * through the graph (DESIGN section 7): an update names the version it
     * read (expectedVersion) and is refused STALE_VERSION if the case has
     * moved on. Incremented by the mutation, which holds the case's row lock.
     */
    version: p.integer().default(1),
  },
  indexes: [
    { name: 'case_reported_at_id_index', properties: ['reportedAt', 'id'] },
    { name: 'case_province_reported_at_id_index', properties: ['province', 'reportedAt', 'id'] },
    { name: 'case_district_reported_at_id_index', properties: ['district', 'reportedAt', 'id'] },
    { name: 'case_crisis_cell_id_reported_at_id_index', properties: ['crisisCellId', 'reportedAt', 'id'] },
    { name: 'case_status_reported_at_id_index', properties: ['status', 'reportedAt', 'id'] },
    { name: 'case_category_reported_at_id_index', properties: ['category', 'reportedAt', 'id'] },
    { name: 'case_child_survivor_reported_at_id_index', properties: ['childSurvivor', 'reportedAt', 'id'] },
    { name: 'case_has_fir_reported_at_id_index', properties: ['hasFir', 'reportedAt', 'id'] },
    // The lists the row rules will narrow most (a province's SSOIU, a cell's ARCC staff) also sort by reference.
    { name: 'case_province_reference_id_index', properties: ['province', 'reference', 'id'] },
    { name: 'case_crisis_cell_id_reference_id_index', properties: ['crisisCellId', 'reference', 'id'] },
    // The committee's figures read a year of reports at a time: reported_at (above) leads every one of their scans.
  ],
});

export type Case = InferEntity<typeof CaseSchema>;
