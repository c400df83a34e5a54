/// <reference lib="dom" />
/**
 * The dashboard's charts, drawn with Chart.js 4 (its UMD build, served by the gateway as /dashboard/chart.umd.js,
 * defines the global `Chart`). Every bar is labelled with its figure, so a 0 reads "0"; a withheld figure has no
 * bar but a hatched band across its slot, labelled "withheld" (docs/metrics.md: never drawn as 0, nor as a gap
 * that looks like 0). Each chart sits above a table of the same figures, which is what a screen reader reads.
 */
import type { Chart as ChartJs, ChartConfiguration, Plugin, Scale } from 'chart.js';
import type { FigureText } from './figures.js';

declare const Chart: typeof ChartJs;

export interface Bar {
  label: string;
  figure: FigureText;
}

export interface BarChartOptions {
  bars: readonly Bar[];
  /** Bars along the page (a funnel, a list of cells) instead of up it (a time series). */
  horizontal?: boolean;
  /** The value axis' title, e.g. "Cases" or "Hours". */
  axisTitle: string;
  /** Values are percentages (0 to 100): the axis reads "%". */
  percent?: boolean;
  /** Values are counts: the axis has no fractions. */
  whole?: boolean;
  /** A target drawn across the bars, e.g. the 6-hour exam target. */
  target?: { value: number; label: string };
}

const INK = '#1a1a1a';
const BAR = '#1f4e79';
const WITHHELD = '#5c5c5c';
const TARGET = '#a4001d';
const BAR_THICKNESS = 48;
const FONT = '"Segoe UI", "Noto Sans", "Liberation Sans", Arial, sans-serif';

const charts = new Set<ChartJs>();

/** A hatch of diagonal lines on nothing (the target's line shows through), the mark of a withheld figure here and in the page's key. */
function hatch(context: CanvasRenderingContext2D): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 10;
  tile.height = 10;
  const pen = tile.getContext('2d');
  if (!pen) return '#e6e6e6';
  pen.strokeStyle = WITHHELD;
  pen.lineWidth = 1;
  pen.beginPath();
  pen.moveTo(0, 10);
  pen.lineTo(10, 0);
  pen.moveTo(-2, 2);
  pen.lineTo(2, -2);
  pen.moveTo(8, 12);
  pen.lineTo(12, 8);
  pen.stroke();
  return context.createPattern(tile, 'repeat') ?? '#e6e6e6';
}

/** The slot of category `index` on the category axis: its centre and its width in pixels. */
function slotOf(scale: Scale, index: number, count: number): { centre: number; size: number } {
  const size = (scale.isHorizontal() ? scale.width : scale.height) / Math.max(count, 1);
  return { centre: scale.getPixelForValue(index), size };
}

function figureMarks(options: BarChartOptions): Plugin<'bar'> {
  return {
    id: 'figureMarks',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const horizontal = options.horizontal === true;
      const categories = horizontal ? chart.scales.y : chart.scales.x;
      const values = horizontal ? chart.scales.x : chart.scales.y;
      if (!categories || !values) return;
      const meta = chart.getDatasetMeta(0);
      ctx.save();
      ctx.font = `12px ${FONT}`;
      // The target's line first, under the bars' words and bands; its own words last, over them.
      const target = options.target;
      if (target) {
        const at = values.getPixelForValue(target.value);
        ctx.strokeStyle = TARGET;
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        if (horizontal) {
          ctx.moveTo(at, chartArea.top);
          ctx.lineTo(at, chartArea.bottom);
        } else {
          ctx.moveTo(chartArea.left, at);
          ctx.lineTo(chartArea.right, at);
        }
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.font = `12px ${FONT}`;
      ctx.fillStyle = INK;
      options.bars.forEach((bar, index) => {
        const { centre, size } = slotOf(categories, index, options.bars.length);
        const { figure } = bar;
        if (figure.plotted !== null) {
          const element = meta.data[index];
          if (!element) return;
          const end = horizontal ? element.x : element.y;
          const width = ctx.measureText(figure.short).width + 6;
          ctx.fillStyle = '#ffffff';
          if (horizontal) ctx.fillRect(end + 1, centre - 8, width, 16);
          else ctx.fillRect(centre - width / 2, end - 18, width, 16);
          ctx.fillStyle = INK;
          ctx.textAlign = horizontal ? 'left' : 'center';
          ctx.textBaseline = horizontal ? 'middle' : 'bottom';
          if (horizontal) ctx.fillText(figure.short, end + 4, centre);
          else ctx.fillText(figure.short, centre, end - 3);
          return;
        }
        if (figure.withheld) {
          // As wide as a bar would be (Chart.js: 0.8 × 0.9 of the slot, at most maxBarThickness).
          const band = Math.max(Math.min(size * 0.72, BAR_THICKNESS), 6);
          ctx.fillStyle = hatch(ctx);
          ctx.strokeStyle = WITHHELD;
          ctx.setLineDash([4, 3]);
          if (horizontal) {
            ctx.fillRect(chartArea.left, centre - band / 2, chartArea.right - chartArea.left, band);
            ctx.strokeRect(chartArea.left, centre - band / 2, chartArea.right - chartArea.left, band);
          } else {
            ctx.fillRect(centre - band / 2, chartArea.top, band, chartArea.bottom - chartArea.top);
            ctx.strokeRect(centre - band / 2, chartArea.top, band, chartArea.bottom - chartArea.top);
          }
          ctx.setLineDash([]);
        }
        // The band's words on a white ground, so they read over the hatch.
        const text = figure.short;
        const width = ctx.measureText(text).width + 8;
        ctx.save();
        if (horizontal) ctx.translate(chartArea.left + 4 + width / 2, centre);
        else {
          ctx.translate(centre, (chartArea.top + chartArea.bottom) / 2);
          if (width > size) ctx.rotate(-Math.PI / 2);
        }
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(-width / 2, -9, width, 18);
        ctx.fillStyle = INK;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(text, 0, 0);
        ctx.restore();
      });
      if (target) {
        const at = values.getPixelForValue(target.value);
        ctx.font = `bold 12px ${FONT}`;
        const width = ctx.measureText(target.label).width + 6;
        ctx.fillStyle = '#ffffff';
        if (horizontal) ctx.fillRect(at + 2, chartArea.top, width + 8, 14);
        else ctx.fillRect(chartArea.right - width - 8, at - 17, width + 8, 14);
        ctx.fillStyle = TARGET;
        ctx.textAlign = horizontal ? 'left' : 'right';
        ctx.textBaseline = 'bottom';
        if (horizontal) ctx.fillText(target.label, at + 4, chartArea.top + 12);
        else ctx.fillText(target.label, chartArea.right, at - 3);
      }
      ctx.restore();
    },
  };
}

/** A bar chart of figures on `canvas`, kept so that it can be resized for print and destroyed on the next answer. */
export function barChart(canvas: HTMLCanvasElement, options: BarChartOptions): ChartJs {
  const horizontal = options.horizontal === true;
  const plotted = options.bars.map((bar) => bar.figure.plotted);
  const highest = Math.max(0, options.target?.value ?? 0, ...plotted.map((value) => value ?? 0));
  const anyPlotted = plotted.some((value) => value !== null);
  const valueAxis = {
    beginAtZero: true,
    // Room beyond the longest bar for its label.
    suggestedMax: highest === 0 ? 1 : highest * (horizontal ? 1.25 : 1.15),
    title: { display: true, text: options.axisTitle, color: INK, font: { family: FONT, size: 12 } },
    ticks: {
      // With nothing plotted (every figure withheld) a scale would say nothing true.
      display: anyPlotted,
      color: INK,
      font: { family: FONT, size: 12 },
      precision: options.whole ? 0 : undefined,
      callback: (value: string | number) => (options.percent ? `${value}%` : value),
    },
    grid: { color: '#d9d9d9' },
  };
  const categoryAxis = { ticks: { color: INK, font: { family: FONT, size: 12 }, autoSkip: false }, grid: { display: false } };
  const config: ChartConfiguration<'bar', (number | null)[], string> = {
    type: 'bar',
    data: {
      labels: options.bars.map((bar) => bar.label),
      datasets: [{ label: options.axisTitle, data: plotted, backgroundColor: BAR, borderWidth: 0, maxBarThickness: BAR_THICKNESS }],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      events: [],
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
    plugins: [figureMarks(options)],
  };
  const chart = new Chart(canvas, config);
  charts.add(chart);
  return chart;
}

/** Destroys every chart drawn so far (a new answer replaces the report). */
export function destroyCharts(): void {
  for (const chart of charts) chart.destroy();
  charts.clear();
}

/** Charts follow their box: before printing, the box is the page's, so each is drawn again at that size. */
export function resizeChartsForPrint(): void {
  const resize = () => {
    for (const chart of charts) chart.resize();
  };
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  window.matchMedia('print').addEventListener('change', resize);
}
