// SYNTHETIC personal data for the seed: common Pakistani given and family names combined at
// random, and CNICs and phone numbers built from entity indexes. Any resemblance to a real
// person, CNIC or phone number is coincidental.

import type { Rng } from './random.ts';
import type { Province } from './geography.ts';

export type Sex = 'FEMALE' | 'MALE';

const FEMALE_GIVEN_NAMES = [
  'Ayesha',
  'Fatima',
  'Zainab',
  'Maryam',
  'Sana',
  'Hina',
  'Nadia',
  'Saima',
  'Rabia',
  'Amna',
  'Sadia',
  'Farah',
  'Kiran',
  'Sobia',
  'Uzma',
  'Nazia',
  'Shazia',
  'Rukhsana',
  'Samina',
  'Naila',
  'Mehwish',
  'Iqra',
  'Hira',
  'Aqsa',
  'Anam',
  'Bushra',
  'Shabana',
  'Razia',
  'Parveen',
  'Nasreen',
  'Tahira',
  'Asma',
  'Humaira',
  'Mahnoor',
  'Laiba',
  'Areeba',
  'Noor',
  'Zoya',
  'Khadija',
  'Sidra',
  'Sundas',
  'Tayyaba',
  'Javeria',
  'Rimsha',
  'Sehrish',
  'Fiza',
  'Nimra',
  'Alina',
  'Bisma',
  'Nazish',
  'Shagufta',
  'Yasmeen',
  'Zubaida',
  'Kulsoom',
  'Rehana',
  'Saba',
  'Afshan',
  'Lubna',
  'Ambreen',
  'Sumaira',
] as const;

const MALE_GIVEN_NAMES = [
  'Muhammad',
  'Ahmed',
  'Ali',
  'Hassan',
  'Hussain',
  'Usman',
  'Bilal',
  'Imran',
  'Kamran',
  'Asif',
  'Tariq',
  'Khalid',
  'Naveed',
  'Zeeshan',
  'Fahad',
  'Faisal',
  'Shahid',
  'Sajid',
  'Waqas',
  'Adnan',
  'Rizwan',
  'Irfan',
  'Junaid',
  'Haris',
  'Hamza',
  'Umar',
  'Saad',
  'Salman',
  'Danish',
  'Nadeem',
  'Arshad',
  'Javed',
  'Rashid',
  'Aamir',
  'Asad',
  'Babar',
  'Farhan',
  'Ghulam',
  'Iftikhar',
  'Jamil',
  'Kashif',
  'Mansoor',
  'Mohsin',
  'Nasir',
  'Qasim',
  'Rehan',
  'Sarfraz',
  'Shoaib',
  'Tahir',
  'Waseem',
  'Yasir',
  'Zafar',
  'Zubair',
  'Akbar',
  'Anwar',
  'Aslam',
  'Ejaz',
  'Liaquat',
  'Mushtaq',
  'Sohail',
] as const;

export const FAMILY_NAMES = [
  'Khan',
  'Ahmed',
  'Ali',
  'Hussain',
  'Malik',
  'Butt',
  'Chaudhry',
  'Qureshi',
  'Sheikh',
  'Baloch',
  'Shah',
  'Abbasi',
  'Akhtar',
  'Rana',
  'Mughal',
  'Siddiqui',
  'Javed',
  'Iqbal',
  'Bhatti',
  'Jatoi',
  'Memon',
  'Soomro',
  'Khoso',
  'Mengal',
  'Rind',
  'Yousafzai',
  'Afridi',
  'Khattak',
  'Durrani',
  'Bugti',
  'Awan',
  'Gondal',
  'Cheema',
  'Warraich',
  'Gill',
  'Sandhu',
  'Virk',
  'Bajwa',
  'Niazi',
  'Tareen',
  'Kakar',
  'Achakzai',
  'Marri',
  'Lashari',
  'Talpur',
  'Chandio',
  'Abro',
  'Ansari',
  'Rizvi',
  'Naqvi',
  'Kazmi',
  'Mirza',
  'Lodhi',
  'Hashmi',
  'Farooqi',
  'Zaidi',
  'Raja',
  'Kiyani',
  'Satti',
  'Bukhari',
  'Gilani',
  'Khokhar',
  'Dar',
  'Lone',
  'Mir',
] as const;

export function givenName(rng: Rng, sex: Sex): string {
  return rng.pick(sex === 'FEMALE' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
}

export function fullName(rng: Rng, sex: Sex): string {
  return `${givenName(rng, sex)} ${rng.pick(FAMILY_NAMES)}`;
}

/** A mobile number `03XX-XXXXXXX` on one of the operators' 030x-034x ranges. */
export function mobileNumber(rng: Rng): string {
  const operatorCode = String(rng.int(0, 49)).padStart(2, '0');
  const subscriber = String(rng.int(0, 9_999_999)).padStart(7, '0');
  return `03${operatorCode}-${subscriber}`;
}

/** First CNIC digit by province or territory (approximately NADRA's regional digit). */
const CNIC_PROVINCE_DIGIT: Record<Province, number> = {
  KHYBER_PAKHTUNKHWA: 1,
  PUNJAB: 3,
  SINDH: 4,
  BALOCHISTAN: 5,
  ISLAMABAD_CAPITAL_TERRITORY: 6,
  GILGIT_BALTISTAN: 7,
  AZAD_JAMMU_KASHMIR: 8,
};

/** Who a CNIC is made for: each kind owns its own digit, so kinds can never collide. */
const CNIC_KIND_DIGIT = {
  survivor: 1,
  suspect: 2,
  'historical-offender': 3,
} as const;
type CnicKind = keyof typeof CNIC_KIND_DIGIT;

const SERIALS_PER_BLOCK = 10_000_000;
const MAX_SERIAL = 10 * SERIALS_PER_BLOCK - 1;

interface CnicSubject {
  kind: CnicKind;
  /** Unique among the subjects of that kind, e.g. the case index for a survivor. */
  serial: number;
  province: Province;
  /** Two digits of local flavour (e.g. the district's position); not part of the uniqueness. */
  localCode: number;
  sex: Sex;
}

/**
 * A CNIC `PKQLL-MMMMMMM-C`, unique per (kind, serial) by construction:
 *  - P  province digit (CNIC_PROVINCE_DIGIT), LL two local digits: flavour only;
 *  - K  the kind digit (CNIC_KIND_DIGIT);
 *  - Q  serial / 10^7 and MMMMMMM an affine permutation of serial mod 10^7, so (K, Q, M)
 *       determines the serial: two subjects differ in K, Q or M whatever P and LL are;
 *  - C  the check digit, odd for men and even for women as on real CNICs.
 * Serials up to 10^8 - 1 per kind are supported.
 */
export function cnicFor(subject: CnicSubject): string {
  const { kind, serial, province, localCode, sex } = subject;
  if (!Number.isInteger(serial) || serial < 0 || serial > MAX_SERIAL) {
    throw new RangeError(`CNIC serial out of range: ${serial}`);
  }
  const block = Math.floor(serial / SERIALS_PER_BLOCK);
  // 7_654_321 is coprime with 10^7, so this is a permutation of 0..10^7-1 (and below 2^53).
  const middle = ((serial % SERIALS_PER_BLOCK) * 7_654_321 + 1_234_567) % SERIALS_PER_BLOCK;
  const check = (middle % 5) * 2 + (sex === 'MALE' ? 1 : 0);
  const local = String(localCode % 100).padStart(2, '0');
  return `${CNIC_PROVINCE_DIGIT[province]}${CNIC_KIND_DIGIT[kind]}${block}${local}-` + `${String(middle).padStart(7, '0')}-${check}`;
}
