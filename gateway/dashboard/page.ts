/// <reference lib="dom" />
/**
 * The committee's dashboard page (issue 15, item 4): sign in with a token, choose a period and a place, and
 * read the graph's `committeeDashboard` as a report: the attrition funnel, reports over time, the medico-legal
 * examination against its target, trials and the conviction rate, the register's compliance and the crisis
 * cells' capacity use. Every section downloads as the graph's own CSV. Plain DOM, no framework: the page is
 * a form and a report, and it must run with no network beyond the gateway. The token stays in this page's
 * memory only (a reload signs out).
 */
import { barChart, type BarChartOptions, destroyCharts, resizeChartsForPrint } from './charts.js';
import {
  AGENCY_NAMES,
  type Cell,
  csvFileName,
  type Distribution,
  type Figure,
  type FigureFormat,
  figureText,
  periodOf,
  periodWords,
  placeWords,
  PROVINCE_NAMES,
  type Share,
  shareText,
  words,
  withheldReason,
  withheldText,
  type SuppressionReason,
} from './figures.js';
import { DASHBOARD_PAGE_QUERY } from './query.js';

/** What the gateway writes into the page (part.ts). */
interface PageConfig {
  graphqlPath: string;
  /** Where a development token for the committee is had; null in production. */
  developmentTokenPath: string | null;
  provinces: string[];
  districts: { name: string; province: string }[];
  firstYear: number;
  thisYear: number;
}

interface FunnelStep {
  stage: string;
  count: Figure;
  stoppedBefore: Figure | null;
  shareOfReported: Figure;
  shareOfPrevious: Figure | null;
}

interface Dashboard {
  id: string;
  period: { label: string };
  province: string | null;
  district: string | null;
  granularity: 'MONTH' | 'QUARTER';
  smallCountThreshold: number;
  attritionFunnel: { stages: FunnelStep[]; csv: string } | null;
  cases: {
    reports: Figure;
    byPeriod: Cell[];
    byCategory: Cell[];
    childSurvivors: Share;
    withFir: Share;
    medicoLegalExam: { examined: Share; hoursToExam: Distribution; targetHours: number; withinTarget: Share };
    csv: string;
  } | null;
  courts: {
    trialsFiled: Figure;
    byPeriod: Cell[];
    decided: Share;
    pending: Share;
    convictions: Share;
    daysToVerdict: Distribution;
    targetDays: number;
    decidedWithinTarget: Share;
    csv: string;
  } | null;
  register: {
    registrations: Figure;
    notifications: Figure;
    compliance: { asOf: string; activeRegistrants: Figure; byStatus: Cell[]; overdue: Share; nonCompliant: Share };
    csv: string;
  } | null;
  crisisCells: {
    visits: Figure;
    childSurvivors: Share;
    capacityUse: Figure;
    cells: { cell: { name: string; district: string }; visits: Figure; capacity: number; capacityUse: Figure }[];
    csv: string;
  } | null;
}

interface GraphQLAnswer {
  data?: { committeeDashboard: Dashboard | null } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

interface Choice {
  period: string;
  province: string | null;
  district: string | null;
  granularity: 'MONTH' | 'QUARTER';
}

const config: PageConfig = JSON.parse(document.getElementById('dashboard-config')?.textContent ?? '{}');
let token: string | null = null;
/** The charts of the report being built, drawn once it is in the page. */
const pendingCharts: (() => void)[] = [];
/** Figures and tables are numbered through the report, as in a printed one. */
const numbering = { figures: 0, tables: 0 };

// ---- A little DOM, built by hand: every text goes in as text, never as markup.

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

// ---- Signing in.

/**
 * The one place the page gets a development identity: a POST to the gateway's development endpoint
 * (`developmentTokenPath`: the demo world's committee, as the explorer offers it, `/dev/token?identity=committee`;
 * null in production), which answers `{ token }`.
 */
async function developmentToken(): Promise<string> {
  if (!config.developmentTokenPath) throw new Error('Development sign-in is not offered here.');
  const response = await fetch(config.developmentTokenPath, { method: 'POST', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error('The gateway did not give a development token.');
  const answer: { token?: unknown } = await response.json();
  if (typeof answer.token !== 'string') throw new Error('The gateway did not give a development token.');
  return answer.token;
}

/** The agency a token names, for the refusal message only: the graph, not this, decides what it may read. */
function agencyOf(jwt: string): string | null {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const agency: unknown = JSON.parse(json).agency;
    return typeof agency === 'string' && /^[A-Z_]{2,40}$/.test(agency) ? agency : null;
  } catch {
    return null;
  }
}

function showMessage(text: string, ...more: Child[]): void {
  const message = byId('message');
  message.replaceChildren(h('p', {}, text), ...more.filter((child): child is Node | string => Boolean(child)));
  message.hidden = false;
}

function clearMessage(): void {
  const message = byId('message');
  message.replaceChildren();
  message.hidden = true;
}

function setStatus(text: string): void {
  byId('status').textContent = text;
}

async function signIn(candidate: string): Promise<void> {
  token = candidate.trim().replace(/^Bearer\s+/i, '');
  clearMessage();
  byId('sign-in').hidden = true;
  byId('choose').hidden = false;
  await showFigures();
}

function signOut(message?: () => void): void {
  token = null;
  destroyCharts();
  byId<HTMLInputElement>('token').value = '';
  byId('report').hidden = true;
  byId('report').replaceChildren();
  byId('choose').hidden = true;
  byId('sign-in').hidden = false;
  setStatus('');
  if (message) message();
  else clearMessage();
  byId('token').focus();
}

// ---- The choice of period and place.

function fillChoices(): void {
  const year = byId<HTMLSelectElement>('year');
  for (let y = config.thisYear; y >= config.firstYear; y--) year.append(h('option', { value: String(y) }, String(y)));
  // The last whole year by default: the current one is still being reported.
  year.value = String(Math.max(config.firstYear, config.thisYear - 1));
  const province = byId<HTMLSelectElement>('province');
  for (const code of config.provinces) province.append(h('option', { value: code }, PROVINCE_NAMES[code] ?? words(code)));
  province.addEventListener('change', fillDistricts);
  byId<HTMLSelectElement>('part').addEventListener('change', () => {
    byId<HTMLSelectElement>('granularity').disabled = byId<HTMLSelectElement>('part').value !== '';
  });
  fillDistricts();
}

function fillDistricts(): void {
  const province = byId<HTMLSelectElement>('province').value;
  const district = byId<HTMLSelectElement>('district');
  district.replaceChildren(h('option', { value: '' }, province ? 'The whole province' : 'Choose a province first'));
  for (const { name } of config.districts.filter((d) => d.province === province).sort((a, b) => a.name.localeCompare(b.name)))
    district.append(h('option', { value: name }, name));
  district.disabled = !province;
}

function choice(): Choice {
  const part = byId<HTMLSelectElement>('part').value;
  return {
    period: periodOf(Number(byId<HTMLSelectElement>('year').value), part),
    province: byId<HTMLSelectElement>('province').value || null,
    district: byId<HTMLSelectElement>('district').value || null,
    granularity: part === '' && byId<HTMLSelectElement>('granularity').value === 'QUARTER' ? 'QUARTER' : 'MONTH',
  };
}

// ---- Asking the graph.

async function ask(chosen: Choice): Promise<{ status: number; answer: GraphQLAnswer }> {
  const response = await fetch(config.graphqlPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: DASHBOARD_PAGE_QUERY, operationName: 'CommitteeDashboardPage', variables: chosen }),
  });
  const answer: GraphQLAnswer = await response.json().catch(() => ({}));
  return { status: response.status, answer };
}

async function showFigures(): Promise<void> {
  const chosen = choice();
  const report = byId('report');
  setStatus(`Reading the figures for ${periodWords(chosen.period)}, ${placeWords(chosen.province, chosen.district)}…`);
  byId<HTMLButtonElement>('show').disabled = true;
  try {
    const { status, answer } = await ask(chosen);
    const codes = new Set((answer.errors ?? []).map((error) => error.extensions?.code));
    if (status === 401 || codes.has('UNAUTHENTICATED')) {
      signOut(() => showMessage('The token was not accepted: it is not valid, or it has expired. Sign in again with a new token.'));
      return;
    }
    const dashboard = answer.data?.committeeDashboard ?? null;
    if (!dashboard && codes.has('UNAUTHORIZED_FIELD_OR_TYPE')) {
      const agency = token ? agencyOf(token) : null;
      const holder = agency ? AGENCY_NAMES[agency] : undefined;
      signOut(() =>
        showMessage(
          'This dashboard is for the Special Committee (Act s.15) only.',
          h(
            'p',
            {},
            holder && agency !== 'SPECIAL_COMMITTEE'
              ? `The token you signed in with is ${holder}’s (${agency}); the graph gives the committee’s figures to the committee’s tokens alone.`
              : 'The graph did not give the committee’s figures to the token you signed in with.',
          ),
          h('p', {}, 'Sign in with a Special Committee token.'),
        ),
      );
      return;
    }
    if (!dashboard) {
      const refusal = (answer.errors ?? []).find((error) => error.extensions?.code === 'BAD_USER_INPUT');
      showMessage(refusal ? refusal.message : 'The graph could not answer just now. Try again in a moment.');
      setStatus('');
      return;
    }
    clearMessage();
    destroyCharts();
    pendingCharts.length = 0;
    numbering.figures = 0;
    numbering.tables = 0;
    report.replaceChildren(...renderReport(dashboard, answer.errors ?? []));
    report.hidden = false;
    for (const draw of pendingCharts.splice(0)) draw();
    const url = new URL(window.location.href);
    url.search = new URLSearchParams(Object.entries(chosen).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
    window.history.replaceState(null, '', url);
    setStatus(`Showing the figures for ${periodWords(dashboard.period.label)}, ${placeWords(dashboard.province, dashboard.district)}.`);
    byId('report-title').focus();
  } catch {
    showMessage('The gateway could not be reached. Check the connection and try again.');
    setStatus('');
  } finally {
    byId<HTMLButtonElement>('show').disabled = false;
  }
}

// ---- The report.

function figureCell(figure: Figure | null | undefined, format: FigureFormat, k: number): HTMLTableCellElement {
  return valueCell(figureText(figure, format, k));
}

function valueCell(text: ReturnType<typeof figureText>): HTMLTableCellElement {
  return h('td', { class: text.withheld ? 'withheld' : 'number', 'data-suppressed': text.withheld ?? undefined }, text.text);
}

/** A table of the report, numbered; the first `textColumns` columns hold words, the others figures. */
function table(caption: string, head: string[], rows: (string | HTMLTableCellElement)[][], textColumns = 1): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, `Table ${(numbering.tables += 1)}. ${caption}`),
    h(
      'thead',
      {},
      h('tr', {}, ...head.map((title, i) => h('th', { scope: 'col', class: i >= textColumns ? 'number' : undefined }, title))),
    ),
    h(
      'tbody',
      {},
      ...rows.map(([first, ...rest]) => h('tr', {}, typeof first === 'string' ? h('th', { scope: 'row' }, first) : first, ...rest)),
    ),
  );
}

/** A table of single figures: what it measures, and the figure. */
function figuresTable(caption: string, rows: [string, HTMLTableCellElement][]): HTMLTableElement {
  return table(caption, ['Measure', 'Figure'], rows);
}

function chartFigure(title: string, description: string, options: BarChartOptions): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}. ${description} The table below gives every figure.` });
  const plot = h('div', { class: 'plot' }, canvas);
  // A bar per row (a funnel, a list of cells) needs room for each; set through the CSSOM, which the page's CSP allows.
  if (options.horizontal && options.bars.length > 6) plot.style.height = `${options.bars.length * 2.2 + 4}rem`;
  else if (options.horizontal) plot.style.height = `${options.bars.length * 3 + 5}rem`;
  const figure = h(
    'figure',
    { class: 'chart' },
    plot,
    h(
      'figcaption',
      {},
      `Figure ${(numbering.figures += 1)}. ${title}`,
      options.bars.some((bar) => bar.figure.withheld)
        ? h(
            'span',
            { class: 'key' },
            ' ',
            h('span', { class: 'swatch', 'aria-hidden': 'true' }),
            ' Hatched: withheld (reason in the table).',
          )
        : null,
    ),
  );
  // Chart.js measures its box: each chart is drawn once the report is in the page.
  pendingCharts.push(() => barChart(canvas, options));
  return figure;
}

function csvButton(title: string, csv: string, section: string, dashboard: Dashboard): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'csv' }, `Download “${title}” as CSV`);
  button.addEventListener('click', () => {
    const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
    const link = h('a', {
      href: URL.createObjectURL(blob),
      download: csvFileName(section, dashboard.period.label, dashboard.province, dashboard.district),
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  });
  return button;
}

function section(
  id: string,
  number: number,
  title: string,
  intro: string,
  body: Child[],
  csv: { csv: string } | null,
  dashboard: Dashboard,
) {
  return h(
    'section',
    { class: 'report-section', id, 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, `${number}. ${title}`),
    h('p', { class: 'intro' }, intro),
    ...body,
    csv ? h('p', { class: 'download' }, csvButton(title, csv.csv, id, dashboard)) : null,
  );
}

function missing(what: string): HTMLElement {
  return h(
    'p',
    { class: 'missing', role: 'note' },
    `The ${what} could not be read from the graph just now; the other sections are complete.`,
  );
}

function periodLabel(key: string): string {
  return periodWords(key, true);
}

function renderReport(dashboard: Dashboard, errors: NonNullable<GraphQLAnswer['errors']>): HTMLElement[] {
  const k = dashboard.smallCountThreshold;
  const failed = new Set(errors.map((error) => error.path?.[1]).filter((part): part is string => typeof part === 'string'));
  const head = h(
    'header',
    { class: 'report-head' },
    h(
      'h2',
      { id: 'report-title', tabindex: '-1' },
      `Figures for ${periodWords(dashboard.period.label)}: ${placeWords(dashboard.province, dashboard.district)}`,
    ),
    h(
      'p',
      {},
      `Counts only: no figure names a person or a case. Counts of 1 to ${k - 1} are withheld, and so is any figure from which one could be worked out; `,
      'a withheld figure is shown as withheld, with its reason, never as 0. ',
      `Read from the graph on ${new Date().toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Karachi' })} (Pakistan time).`,
    ),
    h(
      'dl',
      { class: 'reasons' },
      ...(['SMALL_COUNT', 'COMPLEMENTARY', 'RATE_OF_SUPPRESSED'] as SuppressionReason[]).flatMap((reason) => [
        h('dt', {}, h('span', { class: 'swatch', 'aria-hidden': 'true' }), ` ${withheldText(reason, k)}`),
        h('dd', {}, `${withheldReason(reason, k)} `, h('code', {}, reason)),
      ]),
    ),
  );
  return [
    head,
    renderFunnel(dashboard, k, failed.has('attritionFunnel')),
    renderCases(dashboard, k, failed.has('cases')),
    renderCourts(dashboard, k, failed.has('courts')),
    renderRegister(dashboard, k, failed.has('register')),
    renderCrisisCells(dashboard, k, failed.has('crisisCells')),
  ];
}

function renderFunnel(dashboard: Dashboard, k: number, failed: boolean): HTMLElement {
  const title = 'Where cases fall out, from report to conviction';
  const intro =
    'The cases reported in the period, by the furthest stage each has reached so far: each stage counts the cases that reached it or a later one. A recent period has more cases still on their way.';
  const funnel = dashboard.attritionFunnel;
  if (!funnel || failed) return section('funnel', 1, title, intro, [missing('attrition funnel')], null, dashboard);
  const bars = funnel.stages.map((step) => ({ label: words(step.stage), figure: figureText(step.count, 'count', k) }));
  return section(
    'funnel',
    1,
    title,
    intro,
    [
      chartFigure('Cases reaching each stage', 'Horizontal bars, one per stage, from reported to conviction.', {
        bars,
        horizontal: true,
        axisTitle: 'Cases',
        whole: true,
      }),
      table(
        'The attrition funnel',
        ['Stage', 'Cases reaching it', 'Stopped before it', 'Share of reported', 'Share of the stage before'],
        funnel.stages.map((step) => [
          words(step.stage),
          figureCell(step.count, 'count', k),
          step.stoppedBefore ? figureCell(step.stoppedBefore, 'count', k) : h('td', { class: 'number' }, '–'),
          figureCell(step.shareOfReported, 'percent', k),
          step.shareOfPrevious ? figureCell(step.shareOfPrevious, 'percent', k) : h('td', { class: 'number' }, '–'),
        ]),
      ),
    ],
    funnel,
    dashboard,
  );
}

/** A duration's figures against its target: its observations, median, 90th percentile, and the target. */
function durationRows(
  what: string,
  distribution: Distribution,
  format: 'hours' | 'days',
  target: { words: string; value: number },
  k: number,
): [string, HTMLTableCellElement][] {
  return [
    [`${what}: observations`, figureCell(distribution.observations, 'count', k)],
    [`${what}: median`, figureCell(distribution.median, format, k)],
    [`${what}: 90th percentile`, figureCell(distribution.p90, format, k)],
    [target.words, h('td', { class: 'number' }, String(target.value))],
  ];
}

/** A duration against its target: its median and 90th percentile as bars, the target as a line across them. */
function durationChart(title: string, distribution: Distribution, format: 'hours' | 'days', target: number, k: number): HTMLElement {
  const bars = [
    { label: 'Median', figure: figureText(distribution.median, format, k) },
    { label: '90th percentile', figure: figureText(distribution.p90, format, k) },
  ];
  return chartFigure(title, 'Horizontal bars for the median and the 90th percentile, and a line at the target.', {
    bars,
    horizontal: true,
    axisTitle: format === 'hours' ? 'Hours' : 'Days',
    target: { value: target, label: `Target: ${target} ${format}` },
  });
}

/** A breakdown as a table: each cell's key in words, and its count. */
function cellsTable(
  caption: string,
  head: [string, string],
  cells: Cell[],
  keyWords: (key: string) => string,
  k: number,
): HTMLTableElement {
  return table(
    caption,
    head,
    cells.map((cell) => [keyWords(cell.key), figureCell(cell.count, 'count', k)]),
  );
}

function renderCases(dashboard: Dashboard, k: number, failed: boolean): HTMLElement {
  const title = 'Reports over time, and the medico-legal examination against its target';
  const intro =
    'Cases reported in the period at the place (by the date of the report and the district of the case), and how soon the crisis cells examined the survivors.';
  const cases = dashboard.cases;
  if (!cases || failed) return section('cases', 2, title, intro, [missing('reports')], null, dashboard);
  const exam = cases.medicoLegalExam;
  const step = dashboard.granularity === 'QUARTER' ? 'quarter' : 'month';
  const overTime = cases.byPeriod.map((cell) => ({ label: periodLabel(cell.key), figure: figureText(cell.count, 'count', k) }));
  return section(
    'cases',
    2,
    title,
    intro,
    [
      chartFigure(`Reports in each ${step}`, `Vertical bars, one per ${step} of the period.`, {
        bars: overTime,
        axisTitle: 'Reports',
        whole: true,
      }),
      cellsTable(`Reports in each ${step}`, [step === 'month' ? 'Month' : 'Quarter', 'Reports'], cases.byPeriod, periodLabel, k),
      durationChart(
        `Hours from the report to the medico-legal examination, against the ${exam.targetHours}-hour target`,
        exam.hoursToExam,
        'hours',
        exam.targetHours,
        k,
      ),
      figuresTable('Reports and the medico-legal examination', [
        ['Reports', figureCell(cases.reports, 'count', k)],
        ['Survivors under 18', valueCell(shareText(cases.childSurvivors, k))],
        ['Reports with an FIR', valueCell(shareText(cases.withFir, k))],
        ['Reports with a medico-legal examination', valueCell(shareText(exam.examined, k))],
        ...durationRows(
          'Hours to the examination',
          exam.hoursToExam,
          'hours',
          { words: 'Target, hours after the report', value: exam.targetHours },
          k,
        ),
        ['Examinations within the target', valueCell(shareText(exam.withinTarget, k))],
      ]),
      cellsTable('Reports by offence category', ['Offence category', 'Reports'], cases.byCategory, words, k),
    ],
    cases,
    dashboard,
  );
}

function renderCourts(dashboard: Dashboard, k: number, failed: boolean): HTMLElement {
  const title = 'Trials and the conviction rate';
  const intro =
    'The trials filed in the special courts in the period at the place (the trial’s district), followed to where each stands now.';
  const courts = dashboard.courts;
  if (!courts || failed) return section('courts', 3, title, intro, [missing('trials')], null, dashboard);
  const outcomes = [
    { label: 'Trials filed', figure: figureText(courts.trialsFiled, 'count', k) },
    { label: 'Decided', figure: figureText(courts.decided.part, 'count', k) },
    { label: 'With a conviction', figure: figureText(courts.convictions.part, 'count', k) },
    { label: 'Pending', figure: figureText(courts.pending.part, 'count', k) },
  ];
  return section(
    'courts',
    3,
    title,
    intro,
    [
      chartFigure('What became of the trials filed', 'Vertical bars: trials filed, decided, decided with a conviction, pending.', {
        bars: outcomes,
        axisTitle: 'Trials',
        whole: true,
      }),
      durationChart(
        `Days from filing to verdict, against the ${courts.targetDays}-day target`,
        courts.daysToVerdict,
        'days',
        courts.targetDays,
        k,
      ),
      figuresTable('Trials', [
        ['Trials filed', figureCell(courts.trialsFiled, 'count', k)],
        ['Decided so far, of those filed', valueCell(shareText(courts.decided, k))],
        ['Pending, of those filed', valueCell(shareText(courts.pending, k))],
        ['Conviction rate: decided with a conviction, of those decided', valueCell(shareText(courts.convictions, k))],
        ...durationRows(
          'Days to verdict',
          courts.daysToVerdict,
          'days',
          { words: 'Target, days after filing', value: courts.targetDays },
          k,
        ),
        ['Decided within the target, of those filed', valueCell(shareText(courts.decidedWithinTarget, k))],
      ]),
      cellsTable('Trials filed in each period', ['Period', 'Trials filed'], courts.byPeriod, periodLabel, k),
    ],
    courts,
    dashboard,
  );
}

function renderRegister(dashboard: Dashboard, k: number, failed: boolean): HTMLElement {
  const title = 'The register’s compliance';
  const intro =
    'The registrants whose registration runs today, whatever the period, by their compliance as the register’s rules judge it, at the place whose police keep each entry; and the registrations and notifications of the period.';
  const register = dashboard.register;
  if (!register || failed) return section('register', 4, title, intro, [missing('register')], null, dashboard);
  const compliance = register.compliance;
  const statuses = compliance.byStatus.map((cell) => ({ label: words(cell.key), figure: figureText(cell.count, 'count', k) }));
  const asOf = new Date(compliance.asOf).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Karachi' });
  return section(
    'register',
    4,
    title,
    intro,
    [
      chartFigure(`Registrants by compliance, as of ${asOf}`, 'Vertical bars, one per compliance status.', {
        bars: statuses,
        axisTitle: 'Registrants',
        whole: true,
      }),
      cellsTable(`Registrants by compliance, as of ${asOf}`, ['Compliance', 'Registrants'], compliance.byStatus, words, k),
      figuresTable('The register', [
        ['Registrants whose registration runs', figureCell(compliance.activeRegistrants, 'count', k)],
        ['Verification overdue, of those', valueCell(shareText(compliance.overdue, k))],
        ['Non-compliant or absconded, of those', valueCell(shareText(compliance.nonCompliant, k))],
        ['Registrations in the period', figureCell(register.registrations, 'count', k)],
        ['Notifications made in the period', figureCell(register.notifications, 'count', k)],
      ]),
    ],
    register,
    dashboard,
  );
}

function renderCrisisCells(dashboard: Dashboard, k: number, failed: boolean): HTMLElement {
  const title = 'The crisis cells’ capacity use';
  const intro =
    'Survivors’ visits to the crisis cells in the period, against what each cell is staffed to receive: visits ÷ (capacity per day × days of the period). A survivor who comes back is counted again.';
  const cells = dashboard.crisisCells;
  if (!cells || failed) return section('crisis-cells', 5, title, intro, [missing('crisis cells’ figures')], null, dashboard);
  const use = cells.cells.map((row) => ({ label: cellName(row.cell.name), figure: figureText(row.capacityUse, 'percent', k) }));
  return section(
    'crisis-cells',
    5,
    title,
    intro,
    [
      figuresTable('The crisis cells', [
        ['Visits', figureCell(cells.visits, 'count', k)],
        ['Visits of survivors under 18', valueCell(shareText(cells.childSurvivors, k))],
        ['Capacity use of all the cells', figureCell(cells.capacityUse, 'percent', k)],
      ]),
      use.length > 0
        ? chartFigure('Capacity use of each cell', 'Horizontal bars, one per cell, across the cells of the place.', {
            bars: use,
            horizontal: true,
            axisTitle: 'Capacity use',
            percent: true,
          })
        : h('p', {}, 'There is no crisis cell at this place.'),
      use.length > 0
        ? table(
            'Each cell’s visits and capacity use',
            ['Crisis cell (hospital)', 'District', 'Visits', 'Capacity per day', 'Capacity use'],
            cells.cells.map((row) => [
              cellName(row.cell.name),
              h('td', {}, row.cell.district),
              figureCell(row.visits, 'count', k),
              h('td', { class: 'number' }, String(row.capacity)),
              figureCell(row.capacityUse, 'percent', k),
            ]),
            2,
          )
        : null,
    ],
    cells,
    dashboard,
  );
}

/** Every cell is an "Anti-Rape Crisis Cell, <hospital>": the hospital names it. */
function cellName(name: string): string {
  return name.replace(/^Anti-Rape Crisis Cell, /, '');
}

// ---- Wiring.

function restoreChoice(): void {
  const params = new URLSearchParams(window.location.search);
  const period = /^(\d{4})(?:-(Q[1-4]|\d{2}))?$/.exec(params.get('period') ?? '');
  if (period && Number(period[1]) >= config.firstYear && Number(period[1]) <= config.thisYear) {
    byId<HTMLSelectElement>('year').value = period[1]!;
    byId<HTMLSelectElement>('part').value = period[2] ?? '';
  }
  const province = params.get('province');
  if (province && config.provinces.includes(province)) {
    byId<HTMLSelectElement>('province').value = province;
    fillDistricts();
    const district = params.get('district');
    if (district && config.districts.some((d) => d.name === district && d.province === province))
      byId<HTMLSelectElement>('district').value = district;
  }
  if (params.get('granularity') === 'QUARTER') byId<HTMLSelectElement>('granularity').value = 'QUARTER';
  byId<HTMLSelectElement>('granularity').disabled = byId<HTMLSelectElement>('part').value !== '';
}

function start(): void {
  fillChoices();
  restoreChoice();
  resizeChartsForPrint();
  byId<HTMLFormElement>('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = byId<HTMLInputElement>('token').value;
    if (!value.trim()) {
      showMessage('Paste a token first.');
      byId('token').focus();
      return;
    }
    void signIn(value);
  });
  if (config.developmentTokenPath) {
    byId('development-sign-in').hidden = false;
    byId('development-button').addEventListener('click', () => {
      developmentToken().then(signIn, (error: Error) => showMessage(error.message));
    });
  }
  byId<HTMLFormElement>('choice-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void showFigures();
  });
  byId('sign-out').addEventListener('click', () => signOut());
  byId('print').addEventListener('click', () => window.print());
}

start();
