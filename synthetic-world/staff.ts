// SYNTHETIC crisis-cell staff rosters: made-up names and phone numbers on three shifts.

import { CRISIS_CELLS, CRISIS_CELLS_BY_CODE, type CrisisCellSite } from './geography.ts';
import { fullName, mobileNumber, type Sex } from './names.ts';
import { rngFor, syntheticUuid, type Rng } from './random.ts';
import type { StaffMemberFacts, StaffRole } from './facts.ts';

interface Shift {
  start: string;
  end: string;
}

const SHIFTS = {
  morning: { start: '08:00', end: '14:00' },
  evening: { start: '14:00', end: '20:00' },
  night: { start: '20:00', end: '08:00' },
} as const satisfies Record<string, Shift>;

type ShiftName = keyof typeof SHIFTS;

/** Share of women by role: the Act asks that women examine and support women survivors. */
const FEMALE_SHARE: Record<StaffRole, number> = {
  MEDICO_LEGAL_OFFICER: 0.9,
  GYNAECOLOGIST: 1,
  NURSE: 0.9,
  COUNSELLOR: 0.75,
  LEGAL_ADVISER: 0.5,
  POLICE_LIAISON_OFFICER: 0.7,
  CASE_COORDINATOR: 0.6,
};

const EXTRA_ROLE_WEIGHTS: readonly (readonly [StaffRole, number])[] = [
  ['MEDICO_LEGAL_OFFICER', 2],
  ['GYNAECOLOGIST', 2],
  ['NURSE', 3],
  ['COUNSELLOR', 3],
  ['LEGAL_ADVISER', 2],
  ['POLICE_LIAISON_OFFICER', 2],
  ['CASE_COORDINATOR', 1],
];

function titledName(rng: Rng, role: StaffRole): string {
  const sex: Sex = rng.chance(FEMALE_SHARE[role]) ? 'FEMALE' : 'MALE';
  const name = fullName(rng, sex);
  if (role === 'MEDICO_LEGAL_OFFICER' || role === 'GYNAECOLOGIST') return `Dr ${name}`;
  if (role === 'POLICE_LIAISON_OFFICER') return `ASI ${name}`;
  return name;
}

/**
 * The roster: a medico-legal officer and a nurse on every shift the cell runs (so a 24-hour
 * cell is never unstaffed), a counsellor and a case coordinator by day, then extra staff.
 */
function rosterPlan(rng: Rng, cell: CrisisCellSite): [StaffRole, ShiftName][] {
  const shifts: ShiftName[] = cell.open24Hours ? ['morning', 'evening', 'night'] : ['morning', 'evening'];
  const plan: [StaffRole, ShiftName][] = [];
  for (const shift of shifts) plan.push(['MEDICO_LEGAL_OFFICER', shift], ['NURSE', shift]);
  plan.push(['COUNSELLOR', 'morning'], ['CASE_COORDINATOR', 'morning']);
  const size = rng.int(8, 14);
  while (plan.length < size) {
    const shift = cell.open24Hours
      ? rng.weighted<ShiftName>([
          ['morning', 3],
          ['evening', 2],
          ['night', 1],
        ])
      : rng.pick(shifts);
    plan.push([rng.weighted(EXTRA_ROLE_WEIGHTS), shift]);
  }
  return plan;
}

function cellOf(cellIndexOrCode: number | string): CrisisCellSite {
  const cell = typeof cellIndexOrCode === 'number' ? CRISIS_CELLS[cellIndexOrCode] : CRISIS_CELLS_BY_CODE.get(cellIndexOrCode);
  if (!cell) throw new Error(`unknown crisis cell ${cellIndexOrCode}`);
  return cell;
}

const rosterCache = new Map<string, readonly StaffMemberFacts[]>();

/** The 8-14 staff of a crisis cell, by its position in CRISIS_CELLS or its code. */
export function generateCellStaff(cellIndexOrCode: number | string): StaffMemberFacts[] {
  const cell = cellOf(cellIndexOrCode);
  return cellStaff(cell).map((member) => ({ ...member }));
}

/** Shared, read-only roster used while generating cases (examiners, counsellors). */
function cellStaff(cell: CrisisCellSite): readonly StaffMemberFacts[] {
  let roster = rosterCache.get(cell.code);
  if (!roster) {
    const rng = rngFor('cell-staff', cell.code);
    roster = rosterPlan(rng, cell).map(([role, shift], k) => ({
      id: syntheticUuid('cell-staff', `${cell.code}:${k}`),
      cellId: cell.id,
      cellCode: cell.code,
      name: titledName(rng, role),
      role,
      shiftStart: SHIFTS[shift].start,
      shiftEnd: SHIFTS[shift].end,
      phone: mobileNumber(rng),
    }));
    rosterCache.set(cell.code, roster);
  }
  return roster;
}

const byRoleCache = new Map<CrisisCellSite, Map<StaffRole, readonly StaffMemberFacts[]>>();

/** The cell's staff in a role (every cell has at least one medico-legal officer, nurse and counsellor). */
export function staffWithRole(cell: CrisisCellSite, role: StaffRole): readonly StaffMemberFacts[] {
  let byRole = byRoleCache.get(cell);
  if (!byRole) {
    byRole = new Map();
    for (const member of cellStaff(cell)) byRole.set(member.role, [...(byRole.get(member.role) ?? []), member]);
    byRoleCache.set(cell, byRole);
  }
  return byRole.get(role) ?? [];
}
