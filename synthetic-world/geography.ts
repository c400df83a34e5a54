// SYNTHETIC directory data for the seed. Provinces, districts and hospitals are real place names
// so the data reads plausibly, but crisis-cell details, helplines, capacities, courts, judges,
// prosecutors, investigating units, officers, police-station assignments and advisers are made up.

import {
  CELL_SERVICES,
  DISTRICTS,
  POLICE_STATIONS,
  PROVINCE_CODES,
  PROVINCES,
  districtByCode,
  type CellService,
  type District,
  type Province,
} from '#reference-data';
import { rngFor, syntheticUuid, type Rng } from './random.ts';
import { fullName, type Sex } from './names.ts';

export { CELL_SERVICES, PROVINCES, type CellService, type Province };
export {
  DISTRICTS,
  DISTRICTS_BY_CODE,
  DISTRICTS_BY_NAME,
  PROVINCE_CODES,
  POLICE_STATIONS,
  districtByCode,
  type District,
} from '#reference-data';

/** The provincial (or national) laboratory that analyses a province's forensic samples. */
export const FORENSIC_LABS: Record<Province, string> = {
  PUNJAB: 'Punjab Forensic Science Agency, Lahore',
  SINDH: 'Sindh Forensic DNA and Serology Laboratory, Karachi',
  KHYBER_PAKHTUNKHWA: 'Forensic Science Laboratory, Peshawar',
  BALOCHISTAN: 'Forensic Science Laboratory, Quetta',
  ISLAMABAD_CAPITAL_TERRITORY: 'National Forensic Science Agency, Islamabad',
  GILGIT_BALTISTAN: 'National Forensic Science Agency, Islamabad',
  AZAD_JAMMU_KASHMIR: 'National Forensic Science Agency, Islamabad',
};

// ---------------------------------------------------------------------------------------------
// Crisis cells

export interface CrisisCellSite {
  id: string;
  /** District code plus a digit, e.g. LHR1; appears in case references. */
  code: string;
  name: string;
  hospital: string;
  address: string;
  city: string;
  /** District name. */
  district: string;
  districtCode: string;
  province: Province;
  open24Hours: boolean;
  services: CellService[];
  helpline: string;
  /** Survivors the cell is staffed to receive per day. */
  capacity: number;
  /** Position in CRISIS_CELLS. */
  position: number;
}

interface CellRow {
  code: string;
  districtCode: string;
  hospital: string;
  street: string;
  open24Hours: boolean;
  capacity: number;
  helpline?: string;
}

const CELL_ROWS: readonly CellRow[] = [
  {
    code: 'LHR1',
    districtCode: 'LHR',
    hospital: 'Jinnah Hospital Lahore',
    street: 'Usmani Road, Allama Iqbal Town',
    open24Hours: true,
    capacity: 40,
  },
  {
    code: 'LHR2',
    districtCode: 'LHR',
    hospital: 'Services Hospital Lahore',
    street: 'Jail Road, Shadman',
    open24Hours: true,
    capacity: 32,
  },
  {
    code: 'KHI1',
    districtCode: 'KHS',
    hospital: 'Civil Hospital Karachi',
    street: 'Baba-e-Urdu Road, Saddar',
    open24Hours: true,
    capacity: 38,
  },
  {
    code: 'KHI2',
    districtCode: 'KHC',
    hospital: 'Abbasi Shaheed Hospital Karachi',
    street: 'Paposh Nagar, Nazimabad',
    open24Hours: true,
    capacity: 30,
  },
  {
    code: 'ISB1',
    districtCode: 'ISB',
    hospital: 'Pakistan Institute of Medical Sciences Islamabad',
    street: 'Ibn-e-Sina Road, G-8/3',
    open24Hours: true,
    capacity: 28,
    helpline: '1099',
  },
  { code: 'MUL1', districtCode: 'MUL', hospital: 'Nishtar Hospital Multan', street: 'Nishtar Road', open24Hours: true, capacity: 26 },
  {
    code: 'RWP1',
    districtCode: 'RWP',
    hospital: 'Holy Family Hospital Rawalpindi',
    street: 'Satellite Town',
    open24Hours: true,
    capacity: 24,
  },
  { code: 'FSD1', districtCode: 'FSD', hospital: 'Allied Hospital Faisalabad', street: 'Jail Road', open24Hours: true, capacity: 26 },
  {
    code: 'PEW1',
    districtCode: 'PEW',
    hospital: 'Lady Reading Hospital Peshawar',
    street: 'Soekarno Square, Khyber Bazaar',
    open24Hours: true,
    capacity: 24,
  },
  {
    code: 'QTA1',
    districtCode: 'QTA',
    hospital: 'Sandeman Provincial Hospital Quetta',
    street: 'Jinnah Road',
    open24Hours: true,
    capacity: 16,
  },
  {
    code: 'HYD1',
    districtCode: 'HYD',
    hospital: 'Liaquat University Hospital Hyderabad',
    street: 'Station Road',
    open24Hours: true,
    capacity: 18,
  },
  { code: 'SUK1', districtCode: 'SUK', hospital: 'Civil Hospital Sukkur', street: 'Military Road', open24Hours: true, capacity: 12 },
  {
    code: 'GRW1',
    districtCode: 'GRW',
    hospital: 'DHQ Teaching Hospital Gujranwala',
    street: 'Civil Lines',
    open24Hours: true,
    capacity: 16,
  },
  {
    code: 'BWP1',
    districtCode: 'BWP',
    hospital: 'Bahawal Victoria Hospital Bahawalpur',
    street: 'Circular Road',
    open24Hours: true,
    capacity: 14,
  },
  {
    code: 'ATD1',
    districtCode: 'ATD',
    hospital: 'Ayub Teaching Hospital Abbottabad',
    street: 'Mansehra Road',
    open24Hours: false,
    capacity: 10,
  },
  { code: 'GLT1', districtCode: 'GLT', hospital: 'DHQ Hospital Gilgit', street: 'Hospital Road', open24Hours: false, capacity: 6 },
  {
    code: 'MZD1',
    districtCode: 'MZD',
    hospital: 'Abbas Institute of Medical Sciences Muzaffarabad',
    street: 'Chattar Road',
    open24Hours: false,
    capacity: 8,
  },
  {
    code: 'SKT1',
    districtCode: 'SKT',
    hospital: 'Allama Iqbal Memorial Teaching Hospital Sialkot',
    street: 'Kashmir Road',
    open24Hours: true,
    capacity: 12,
  },
  {
    code: 'LRK1',
    districtCode: 'LRK',
    hospital: 'Chandka Medical College Hospital Larkana',
    street: 'Station Road',
    open24Hours: true,
    capacity: 10,
  },
  { code: 'SGD1', districtCode: 'SGD', hospital: 'DHQ Teaching Hospital Sargodha', street: 'Club Road', open24Hours: false, capacity: 10 },
  { code: 'MDN1', districtCode: 'MDN', hospital: 'Mardan Medical Complex', street: 'Nowshera Road', open24Hours: true, capacity: 12 },
];

function cellServices(rng: Rng, open24Hours: boolean): CellService[] {
  const likelihood: Record<CellService, number> = {
    MEDICAL_TREATMENT: open24Hours ? 1 : 0.8,
    MEDICO_LEGAL_EXAMINATION: 1,
    FORENSIC_EVIDENCE_COLLECTION: 0.9,
    PSYCHOLOGICAL_COUNSELLING: 0.9,
    LEGAL_AID: 0.6,
    POLICE_REPORTING: 0.85,
    SHELTER_REFERRAL: 0.5,
    CHILD_PROTECTION: 0.55,
  };
  return CELL_SERVICES.filter((service) => rng.chance(likelihood[service]));
}

/** A synthetic landline in the district's area code, e.g. 042-99231456 (11 digits in all). */
function landline(rng: Rng, areaCode: string): string {
  const localDigits = 11 - areaCode.length;
  const rest = String(rng.int(0, 10 ** (localDigits - 2) - 1)).padStart(localDigits - 2, '0');
  return `${areaCode}-99${rest}`;
}

export const CRISIS_CELLS: readonly CrisisCellSite[] = CELL_ROWS.map((row, position) => {
  const district = districtByCode(row.districtCode);
  const rng = rngFor('crisis-cell', row.code);
  return {
    id: syntheticUuid('crisis-cell', row.code),
    code: row.code,
    name: `Anti-Rape Crisis Cell, ${row.hospital}`,
    hospital: row.hospital,
    address: `${row.street}, ${district.city}`,
    city: district.city,
    district: district.name,
    districtCode: district.code,
    province: district.province,
    open24Hours: row.open24Hours,
    services: cellServices(rng, row.open24Hours),
    helpline: row.helpline ?? landline(rng, district.areaCode),
    capacity: row.capacity,
    position,
  };
});

export const CRISIS_CELLS_BY_ID: ReadonlyMap<string, CrisisCellSite> = new Map(CRISIS_CELLS.map((c) => [c.id, c]));
export const CRISIS_CELLS_BY_CODE: ReadonlyMap<string, CrisisCellSite> = new Map(CRISIS_CELLS.map((c) => [c.code, c]));

export const CRISIS_CELLS_BY_PROVINCE = Map.groupBy(CRISIS_CELLS, (cell) => cell.province);

// ---------------------------------------------------------------------------------------------
// Justice-system officials: one special court, three prosecutors, one SSOIU with four
// investigating officers per district; five support advisers per province.

interface SpecialCourt {
  id: string;
  name: string;
  judge: string;
  district: string;
  districtCode: string;
  province: Province;
}

interface Prosecutor {
  id: string;
  name: string;
  office: string;
  districtCode: string;
}

interface SsoiuUnit {
  id: string;
  name: string;
  district: string;
  districtCode: string;
  province: Province;
}

interface InvestigatingOfficer {
  id: string;
  /** Rank and name, e.g. "Inspector Saima Akhtar". */
  name: string;
  unitId: string;
  districtCode: string;
}

interface SupportAdviser {
  id: string;
  name: string;
  province: Province;
}

interface DistrictOfficials {
  court: SpecialCourt;
  prosecutors: readonly Prosecutor[];
  unit: SsoiuUnit;
  officers: readonly InvestigatingOfficer[];
  policeStations: readonly string[];
}

const OFFICER_RANKS = ['DSP', 'Inspector', 'Inspector', 'Sub-Inspector'] as const;

function personSex(rng: Rng, femaleShare: number): Sex {
  return rng.chance(femaleShare) ? 'FEMALE' : 'MALE';
}

function officialsOf(district: District): DistrictOfficials {
  const rng = rngFor('district-officials', district.code);
  const unit: SsoiuUnit = {
    id: syntheticUuid('ssoiu', district.code),
    name: `SSOIU ${district.name}`,
    district: district.name,
    districtCode: district.code,
    province: district.province,
  };
  return {
    court: {
      id: syntheticUuid('special-court', district.code),
      name: `Special Court (Anti-Rape), ${district.name}`,
      judge: fullName(rng, personSex(rng, 0.3)),
      district: district.name,
      districtCode: district.code,
      province: district.province,
    },
    prosecutors: [0, 1, 2].map((k) => ({
      id: syntheticUuid('prosecutor', `${district.code}:${k}`),
      name: fullName(rng, personSex(rng, 0.4)),
      office: `Office of the Special Prosecutor (Anti-Rape), ${district.name}`,
      districtCode: district.code,
    })),
    unit,
    // The Act asks for women officers in every unit, so half the officers are women.
    officers: OFFICER_RANKS.map((rank, k) => ({
      id: syntheticUuid('investigating-officer', `${district.code}:${k}`),
      name: `${rank} ${fullName(rng, k % 2 === 0 ? 'FEMALE' : 'MALE')}`,
      unitId: unit.id,
      districtCode: district.code,
    })),
    policeStations: POLICE_STATIONS.get(district.code) ?? [],
  };
}

/** Officials keyed by district code. */
export const DISTRICT_OFFICIALS: ReadonlyMap<string, DistrictOfficials> = new Map(
  DISTRICTS.map((district) => [district.code, officialsOf(district)]),
);

export function officialsOfDistrict(code: string): DistrictOfficials {
  const officials = DISTRICT_OFFICIALS.get(code);
  if (!officials) throw new Error(`unknown district code ${code}`);
  return officials;
}

export const SPECIAL_COURTS: readonly SpecialCourt[] = [...DISTRICT_OFFICIALS.values()].map((o) => o.court);
export const PROSECUTORS: readonly Prosecutor[] = [...DISTRICT_OFFICIALS.values()].flatMap((o) => o.prosecutors);

const SUPPORT_ADVISERS: readonly SupportAdviser[] = PROVINCES.flatMap((province) => {
  const rng = rngFor('support-advisers', province);
  return [0, 1, 2, 3, 4].map((k) => ({
    id: syntheticUuid('support-adviser', `${PROVINCE_CODES[province]}:${k}`),
    name: fullName(rng, personSex(rng, 0.8)),
    province,
  }));
});

export const SUPPORT_ADVISERS_BY_PROVINCE = Map.groupBy(SUPPORT_ADVISERS, (adviser) => adviser.province);
