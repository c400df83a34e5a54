/**
 * How the dashboard page words a figure: a number, a share, a withheld figure with its reason, or nothing
 * to measure. Pure functions, served to the browser as a module and tested beside it (figures.test.ts).
 * docs/metrics.md, "What a response carries", is the contract: a withheld figure is never drawn as 0 and
 * never worked out from the others; SMALL_COUNT is the only reason drawn with a size ("1 to k−1").
 */

export type SuppressionReason = 'SMALL_COUNT' | 'COMPLEMENTARY' | 'RATE_OF_SUPPRESSED';

/** A `MetricCount` or a `MetricValue` of the graph: a value, or null and the reason it is withheld, or neither. */
export interface Figure {
  value: number | null;
  suppressed: SuppressionReason | null;
}

export interface Share {
  part: Figure;
  whole: Figure;
  share: Figure;
}

export interface Distribution {
  observations: Figure;
  median: Figure;
  p90: Figure;
}

export interface Cell {
  key: string;
  count: Figure;
}

export type FigureFormat = 'count' | 'percent' | 'hours' | 'days';

/** What a reader sees for one figure, and what a chart draws. */
export interface FigureText {
  /** The text of a table's cell: "1,234", "57.3% (43 of 75)", "Withheld: 1 to 4". */
  text: string;
  /** What a chart writes beside a bar, or across a withheld figure's band: "1,234", "57.3%", "Withheld: 1 to 4". */
  short: string;
  /** The number to plot, null when there is none (withheld, or nothing to measure). */
  plotted: number | null;
  withheld: SuppressionReason | null;
}

const NUMBER = new Intl.NumberFormat('en-GB');
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** Why a figure is withheld, in full: the report's key. */
export function withheldReason(reason: SuppressionReason, k: number): string {
  switch (reason) {
    case 'SMALL_COUNT':
      return `A count of 1 to ${k - 1}, so small that it could identify someone; or a median or percentile of so few observations.`;
    case 'COMPLEMENTARY':
      return 'Withheld so that a small count cannot be worked out from the totals and the other figures.';
    case 'RATE_OF_SUPPRESSED':
      return 'A share or rate whose count is withheld.';
  }
}

/**
 * Why a figure is withheld, in the few words a table's cell or a chart's band has room for. SMALL_COUNT says
 * its size: of a count, the count; of a statistic (a median of hours), its observations, never its value.
 */
export function withheldText(reason: SuppressionReason, k: number, format: FigureFormat = 'count'): string {
  switch (reason) {
    case 'SMALL_COUNT':
      return format === 'count' ? `Withheld: 1 to ${k - 1}` : `Withheld: 1 to ${k - 1} observations`;
    case 'COMPLEMENTARY':
      return 'Withheld: protects a small count';
    case 'RATE_OF_SUPPRESSED':
      return 'Withheld: rate of a withheld count';
  }
}

/** Shares are 0 to 1 to four places: a percentage to one decimal, or to two below 1% (a cell's capacity use). */
function percent(share: number): string {
  const value = share * 100;
  const digits = value !== 0 && Math.abs(value) < 1 ? 2 : 1;
  return `${value.toFixed(digits)}%`;
}

function formatted(value: number, format: FigureFormat): string {
  switch (format) {
    case 'count':
      return NUMBER.format(value);
    case 'percent':
      return percent(value);
    case 'hours':
      return `${ONE_DECIMAL.format(value)} hours`;
    case 'days':
      return `${ONE_DECIMAL.format(value)} days`;
  }
}

/** A figure as a reader sees it; `k` is the dashboard's smallCountThreshold. */
export function figureText(figure: Figure | null | undefined, format: FigureFormat, k: number): FigureText {
  if (figure?.suppressed) {
    const text = withheldText(figure.suppressed, k, format);
    return { text, short: text, plotted: null, withheld: figure.suppressed };
  }
  if (figure === null || figure === undefined || figure.value === null) {
    return { text: 'Nothing to measure', short: 'Nothing to measure', plotted: null, withheld: null };
  }
  const text = formatted(figure.value, format);
  return { text, short: text, plotted: format === 'percent' ? figure.value * 100 : figure.value, withheld: null };
}

/**
 * A share as "57.3% (43 of 75)". A share is withheld whenever its part or its whole is (RATE_OF_SUPPRESSED),
 * so a withheld one is its reason alone.
 */
export function shareText(share: Share, k: number): FigureText {
  const rate = figureText(share.share, 'percent', k);
  if (rate.withheld) return rate;
  const part = figureText(share.part, 'count', k);
  const whole = figureText(share.whole, 'count', k);
  return { ...rate, text: `${rate.text} (${part.text} of ${whole.text})` };
}

export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  PUNJAB: 'Punjab',
  SINDH: 'Sindh',
  KHYBER_PAKHTUNKHWA: 'Khyber Pakhtunkhwa',
  BALOCHISTAN: 'Balochistan',
  ISLAMABAD_CAPITAL_TERRITORY: 'Islamabad Capital Territory',
  GILGIT_BALTISTAN: 'Gilgit-Baltistan',
  AZAD_JAMMU_KASHMIR: 'Azad Jammu and Kashmir',
};

/** Who holds a token of each agency (DESIGN section 1), for the page's refusal. */
export const AGENCY_NAMES: Readonly<Record<string, string>> = {
  ARCC: 'an Anti-Rape Crisis Cell',
  SSOIU: 'a Special Sexual Offences Investigation Unit',
  PROSECUTION: 'a special prosecutor',
  COURT: 'a special court',
  NPB: 'the National Police Bureau',
  NADRA: 'NADRA',
  SUPPORT_ADVISER: 'a support adviser',
  SPECIAL_COMMITTEE: 'the Special Committee',
  AUDITOR: 'an auditor',
};

const WORDS: Readonly<Record<string, string>> = {
  // The funnel's stages, as the Act's agencies name each step.
  REPORTED: 'Reported',
  FIR: 'FIR registered',
  CHARGE_SHEET: 'Charge sheet filed',
  TRIAL: 'On trial',
  VERDICT: 'Verdict given',
  CONVICTION: 'Conviction',
  NON_COMPLIANT: 'Non-compliant',
};

/** An enum value of the graph in words: "GANG_RAPE" → "Gang rape"; a few by the Act's own words. */
export function words(value: string): string {
  const known = WORDS[value] ?? PROVINCE_NAMES[value];
  if (known) return known;
  const lower = value.toLowerCase().replaceAll('_', ' ');
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A period's label in words: "2025", "Q2 2025 (April to June)", "April 2025"; a `byPeriod` key in short: "Apr 2025". */
export function periodWords(label: string, short = false): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) {
    const q = Number(quarter[2]);
    return short ? `Q${q} ${quarter[1]}` : `Q${q} ${quarter[1]} (${MONTH_NAMES[3 * q - 3]} to ${MONTH_NAMES[3 * q - 1]})`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return `${(short ? MONTHS : MONTH_NAMES)[Number(month[2]) - 1]} ${month[1]}`;
  return label;
}

/** The place of a dashboard in words. */
export function placeWords(province: string | null, district: string | null): string {
  if (district) return `${district} district${province ? `, ${PROVINCE_NAMES[province] ?? words(province)}` : ''}`;
  if (province) return PROVINCE_NAMES[province] ?? words(province);
  return 'All Pakistan';
}

/** The `period` argument from the form's choices: a year, and the whole year, a quarter ("Q2") or a month ("04"). */
export function periodOf(year: number, part: string): string {
  if (part === '') return String(year);
  if (/^Q[1-4]$/.test(part)) return `${year}-${part}`;
  if (/^(0[1-9]|1[0-2])$/.test(part)) return `${year}-${part}`;
  throw new Error(`not a part of a year: "${part}"`);
}

/** A download's file name: committee-<section>-<period>-<place>.csv, in lower case, with nothing a file system minds. */
export function csvFileName(section: string, period: string, province: string | null, district: string | null): string {
  const place = district ?? province ?? 'pakistan';
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `committee-${slug(section)}-${slug(period)}-${slug(place)}.csv`;
}
