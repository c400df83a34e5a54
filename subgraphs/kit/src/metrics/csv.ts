/**
 * A dashboard section as CSV, for people who work in spreadsheets: one row per
 * figure, built from the same protected values as the GraphQL answer, so a
 * withheld value is an empty `value` with its reason, never a number.
 */
import type { DashboardQuery, MetricCell, MetricDistribution, MetricShare } from './dashboard.ts';
import type { SafeCount, SafeRate } from './suppression.ts';

export const CSV_HEADER = ['period', 'province', 'district', 'metric', 'key', 'value', 'suppressed'] as const;

export interface CsvFigure {
  /** e.g. "reports", "reports.byCategory", "medicoLegalExam.hoursToExam.median". */
  metric: string;
  /** The cell of a breakdown (a month, a category, a district); empty for a single figure. */
  key?: string;
  value: SafeCount | SafeRate;
}

/** Collects a section's figures in the order it shows them. */
export class CsvSection {
  private readonly figures: CsvFigure[] = [];

  count(metric: string, value: SafeCount | SafeRate, key?: string): this {
    this.figures.push({ metric, key, value });
    return this;
  }

  cells(metric: string, cells: readonly MetricCell[]): this {
    for (const cell of cells) this.count(metric, cell.count, cell.key);
    return this;
  }

  /** A share's three figures; `key` when the share is one of a list (a service, say). */
  share(metric: string, share: MetricShare, key?: string): this {
    return this.count(`${metric}.part`, share.part, key).count(`${metric}.whole`, share.whole, key).count(`${metric}.share`, share.share, key);
  }

  distribution(metric: string, distribution: MetricDistribution): this {
    return this.count(`${metric}.observations`, distribution.observations)
      .count(`${metric}.median`, distribution.median)
      .count(`${metric}.p90`, distribution.p90);
  }

  toCsv(query: DashboardQuery): string {
    const context = [query.period.label, query.place.province ?? '', query.place.district ?? ''];
    const lines = [CSV_HEADER.join(','), ...this.figures.map(({ metric, key, value }) => [...context, metric, key ?? '', valueText(value.value), value.suppressed ?? ''].map(csvField).join(','))];
    return `${lines.join('\r\n')}\r\n`;
  }
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
