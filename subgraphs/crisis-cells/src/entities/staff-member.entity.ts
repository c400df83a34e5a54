import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CrisisCellSchema } from './crisis-cell.entity.ts';
import { STAFF_ROLES } from '#reference-data';

export const StaffMemberSchema = defineEntity({
  name: 'StaffMember',
  tableName: 'staff_member',
  properties: {
    id: p.uuid().primary(),
    cell: () => p.manyToOne(CrisisCellSchema).ref().index(),
    name: p.string(),
    role: p.enum(STAFF_ROLES),
    shiftStart: p.string().length(5),
    shiftEnd: p.string().length(5),
    phone: p.string().length(16),
  },
});

export type StaffMember = InferEntity<typeof StaffMemberSchema>;
