/**
 * A dashboard section as CSV, for people who work in spreadsheets: one row per
 * figure, read off the very answer the GraphQL field returns, so a withheld
 * value is an empty `value` with its reason, never a number, and a new figure
 * of a section is in its CSV without anyone remembering to add it.
 */
import type { DashboardQuery } from './dashboard.ts';

export const CSV_HEADER = ['period', 'province', 'district', 'metric', 'key', 'value', 'suppressed'] as const;

interface Figure {
  metric: string;
  key: string;
  value: number | null;
  suppressed: string | null;
}

const isFigure = (value: object): value is { value: number | null; suppressed: string | null } => 'value' in value && 'suppressed' in value;

/**
 * Rows for every figure of a section's answer, by its path ("courts.decided.share"):
 * a list of cells or steps gives one row per item, keyed by its `key` (or `stage`).
 * Settings (a target in hours) are rows too; dates and the `csv` itself are not.
 */
export function sectionCsv(query: DashboardQuery, section: string, answer: object): string {
  const figures: Figure[] = [];
  const walk = (path: string, value: unknown, key: string) => {
    if (value === null || value === undefined || value instanceof Date || typeof value === 'string') return;
    if (typeof value === 'number') figures.push({ metric: path, key, value, suppressed: null });
    else if (Array.isArray(value)) {
      for (const item of value as Record<string, unknown>[]) {
        const itemKey = String(item.key ?? item.stage ?? '');
        for (const [field, inner] of Object.entries(item))
          if (field !== 'key' && field !== 'stage') walk(field === 'count' ? path : `${path}.${field}`, inner, itemKey);
      }
    } else if (typeof value === 'object' && isFigure(value))
      figures.push({ metric: path, key, value: value.value, suppressed: value.suppressed });
    else if (typeof value === 'object')
      for (const [field, inner] of Object.entries(value)) if (field !== 'csv') walk(`${path}.${field}`, inner, key);
  };
  walk(section, answer, '');
  const context = [query.period.label, query.place.province ?? '', query.place.district ?? ''];
  const lines = [
    CSV_HEADER.join(','),
    ...figures.map((figure) =>
      [...context, figure.metric, figure.key, valueText(figure.value), figure.suppressed ?? ''].map(csvField).join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function valueText(value: number | null): string {
  if (value === null) return '';
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
}

/**
 * RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would take
 * for a formula (=, +, -, @, tab, carriage return): place names come from data.
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
