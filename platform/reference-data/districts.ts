/**
 * Pakistan's provinces and the districts every record's `district` is taken
 * from: real names, headquarters, telephone area codes and rough populations
 * (millions), used by the committee's places and by the synthetic seed alike.
 * The police stations listed with some districts are real; which cases they
 * register is synthetic.
 */
import type { Province } from './enums.ts';

export const PROVINCE_CODES: Record<Province, string> = {
  PUNJAB: 'PB',
  SINDH: 'SD',
  KHYBER_PAKHTUNKHWA: 'KP',
  BALOCHISTAN: 'BA',
  ISLAMABAD_CAPITAL_TERRITORY: 'IS',
  GILGIT_BALTISTAN: 'GB',
  AZAD_JAMMU_KASHMIR: 'AJ',
};

export interface District {
  /** Three letters, unique, used in references such as SC-LHR-2024-0153. */
  code: string;
  /** The district's name; this is the `district` string of every record. */
  name: string;
  city: string;
  province: Province;
  /** Rough population in millions: how often cases arise there. */
  populationMillions: number;
  /** Telephone area code of the district headquarters. */
  areaCode: string;
  /** Position in DISTRICTS, used as local flavour in CNICs. */
  position: number;
}

interface DistrictRow {
  code: string;
  name: string;
  city?: string;
  province: Province;
  populationMillions: number;
  areaCode: string;
  stations?: readonly [string, string, string];
}

const DISTRICT_ROWS: readonly DistrictRow[] = [
  {
    code: 'LHR',
    name: 'Lahore',
    province: 'PUNJAB',
    populationMillions: 13,
    areaCode: '042',
    stations: ['PS Gulberg', 'PS Model Town', 'PS Shadman'],
  },
  {
    code: 'FSD',
    name: 'Faisalabad',
    province: 'PUNJAB',
    populationMillions: 9.1,
    areaCode: '041',
    stations: ['PS Peoples Colony', 'PS Madina Town', 'PS Civil Lines Faisalabad'],
  },
  {
    code: 'RWP',
    name: 'Rawalpindi',
    province: 'PUNJAB',
    populationMillions: 6.1,
    areaCode: '051',
    stations: ['PS Waris Khan', 'PS Satellite Town', 'PS New Town'],
  },
  {
    code: 'MUL',
    name: 'Multan',
    province: 'PUNJAB',
    populationMillions: 5.4,
    areaCode: '061',
    stations: ['PS Gulgasht', 'PS New Multan', 'PS Cantt Multan'],
  },
  { code: 'GRW', name: 'Gujranwala', province: 'PUNJAB', populationMillions: 5.9, areaCode: '055' },
  { code: 'SKT', name: 'Sialkot', province: 'PUNJAB', populationMillions: 4.5, areaCode: '052' },
  { code: 'BWP', name: 'Bahawalpur', province: 'PUNJAB', populationMillions: 4.3, areaCode: '062' },
  { code: 'SGD', name: 'Sargodha', province: 'PUNJAB', populationMillions: 4.3, areaCode: '048' },
  { code: 'SKP', name: 'Sheikhupura', province: 'PUNJAB', populationMillions: 4.0, areaCode: '056' },
  { code: 'KSR', name: 'Kasur', province: 'PUNJAB', populationMillions: 4.1, areaCode: '049' },
  { code: 'RYK', name: 'Rahim Yar Khan', province: 'PUNJAB', populationMillions: 5.5, areaCode: '068' },
  { code: 'DGK', name: 'Dera Ghazi Khan', province: 'PUNJAB', populationMillions: 3.4, areaCode: '064' },
  { code: 'SWL', name: 'Sahiwal', province: 'PUNJAB', populationMillions: 2.9, areaCode: '040' },
  { code: 'OKR', name: 'Okara', province: 'PUNJAB', populationMillions: 3.5, areaCode: '044' },
  {
    code: 'KHS',
    name: 'Karachi South',
    city: 'Karachi',
    province: 'SINDH',
    populationMillions: 2.3,
    areaCode: '021',
    stations: ['PS Artillery Maidan', 'PS Preedy', 'PS Boat Basin'],
  },
  {
    code: 'KHC',
    name: 'Karachi Central',
    city: 'Karachi',
    province: 'SINDH',
    populationMillions: 3.8,
    areaCode: '021',
    stations: ['PS Nazimabad', 'PS North Nazimabad', 'PS Liaquatabad'],
  },
  {
    code: 'KHE',
    name: 'Karachi East',
    city: 'Karachi',
    province: 'SINDH',
    populationMillions: 3.9,
    areaCode: '021',
    stations: ['PS Gulshan-e-Iqbal', 'PS Ferozabad', 'PS Jamshed Quarters'],
  },
  {
    code: 'KHW',
    name: 'Karachi West',
    city: 'Karachi',
    province: 'SINDH',
    populationMillions: 2.7,
    areaCode: '021',
    stations: ['PS Orangi Town', 'PS SITE', 'PS Pirabad'],
  },
  { code: 'HYD', name: 'Hyderabad', province: 'SINDH', populationMillions: 2.4, areaCode: '022' },
  { code: 'SUK', name: 'Sukkur', province: 'SINDH', populationMillions: 1.6, areaCode: '071' },
  { code: 'LRK', name: 'Larkana', province: 'SINDH', populationMillions: 1.8, areaCode: '074' },
  { code: 'MPK', name: 'Mirpurkhas', province: 'SINDH', populationMillions: 1.7, areaCode: '0233' },
  { code: 'SBA', name: 'Shaheed Benazirabad', city: 'Nawabshah', province: 'SINDH', populationMillions: 1.8, areaCode: '0244' },
  {
    code: 'PEW',
    name: 'Peshawar',
    province: 'KHYBER_PAKHTUNKHWA',
    populationMillions: 4.8,
    areaCode: '091',
    stations: ['PS Gulbahar', 'PS Hayatabad', 'PS Faqirabad'],
  },
  { code: 'ATD', name: 'Abbottabad', province: 'KHYBER_PAKHTUNKHWA', populationMillions: 1.4, areaCode: '0992' },
  { code: 'MDN', name: 'Mardan', province: 'KHYBER_PAKHTUNKHWA', populationMillions: 2.7, areaCode: '0937' },
  { code: 'SWT', name: 'Swat', city: 'Mingora', province: 'KHYBER_PAKHTUNKHWA', populationMillions: 2.7, areaCode: '0946' },
  { code: 'KHT', name: 'Kohat', province: 'KHYBER_PAKHTUNKHWA', populationMillions: 1.2, areaCode: '0922' },
  { code: 'DIK', name: 'Dera Ismail Khan', province: 'KHYBER_PAKHTUNKHWA', populationMillions: 1.8, areaCode: '0966' },
  {
    code: 'QTA',
    name: 'Quetta',
    province: 'BALOCHISTAN',
    populationMillions: 2.6,
    areaCode: '081',
    stations: ['PS Bijli Road', 'PS Satellite Town Quetta', 'PS Civil Lines Quetta'],
  },
  { code: 'KEC', name: 'Kech', city: 'Turbat', province: 'BALOCHISTAN', populationMillions: 1.0, areaCode: '0852' },
  { code: 'KZD', name: 'Khuzdar', province: 'BALOCHISTAN', populationMillions: 1.0, areaCode: '0848' },
  { code: 'GWD', name: 'Gwadar', province: 'BALOCHISTAN', populationMillions: 0.3, areaCode: '086' },
  {
    code: 'ISB',
    name: 'Islamabad',
    province: 'ISLAMABAD_CAPITAL_TERRITORY',
    populationMillions: 2.4,
    areaCode: '051',
    stations: ['PS Kohsar', 'PS Margalla', 'PS Aabpara'],
  },
  { code: 'GLT', name: 'Gilgit', province: 'GILGIT_BALTISTAN', populationMillions: 0.33, areaCode: '05811' },
  { code: 'SKD', name: 'Skardu', province: 'GILGIT_BALTISTAN', populationMillions: 0.3, areaCode: '05815' },
  { code: 'MZD', name: 'Muzaffarabad', province: 'AZAD_JAMMU_KASHMIR', populationMillions: 0.7, areaCode: '05822' },
  { code: 'MPR', name: 'Mirpur', province: 'AZAD_JAMMU_KASHMIR', populationMillions: 0.5, areaCode: '05827' },
];

export const DISTRICTS: readonly District[] = DISTRICT_ROWS.map((row, position) => ({
  code: row.code,
  name: row.name,
  city: row.city ?? row.name,
  province: row.province,
  populationMillions: row.populationMillions,
  areaCode: row.areaCode,
  position,
}));

export const DISTRICTS_BY_CODE: ReadonlyMap<string, District> = new Map(DISTRICTS.map((d) => [d.code, d]));
export const DISTRICTS_BY_NAME: ReadonlyMap<string, District> = new Map(DISTRICTS.map((d) => [d.name, d]));

export function districtByCode(code: string): District {
  const district = DISTRICTS_BY_CODE.get(code);
  if (!district) throw new Error(`unknown district code ${code}`);
  return district;
}

/** Police stations of each district (three per district, named after its headquarters where none are listed), by district code. */
export const POLICE_STATIONS: ReadonlyMap<string, readonly string[]> = new Map(
  DISTRICT_ROWS.map((row) => [
    row.code,
    row.stations ?? [`PS City ${row.city ?? row.name}`, `PS Saddar ${row.city ?? row.name}`, `PS Civil Lines ${row.city ?? row.name}`],
  ]),
);
