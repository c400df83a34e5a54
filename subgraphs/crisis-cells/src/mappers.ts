/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { Connection } from '../../kit/src/pagination.ts';
import type { CrisisCell } from './entities/crisis-cell.entity.ts';

export type { CrisisCell } from './entities/crisis-cell.entity.ts';
export type { StaffMember } from './entities/staff-member.entity.ts';
export type CrisisCellConnection = Connection<CrisisCell>;
