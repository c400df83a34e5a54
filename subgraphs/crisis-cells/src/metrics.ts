/**
 * The crisis cells' part of the committee's dashboard: survivors served
 * (visits), children among them, services given, and capacity use per cell.
 * Counted in SQL from the cells' own visit records, a year at a time, by month
 * and cell (under the cell's district); protected as one system
 * (kit/metrics/cube.ts), in which a cell is a place below its district.
 */
import type { EntityManager } from '@mikro-orm/core';
import { CELL_SERVICES, type CellService } from '#reference-data';
import { sectionCsv } from '#committee-metrics';
import type { CubeRow, CubeSpec } from '#committee-metrics';
import {
  byPeriodOf,
  byPlaceOf,
  protectedFigures,
  ratio,
  shareOf,
  type DashboardQuery,
  type MetricCell,
  type MetricShare,
  type MetricsRuntime,
} from '#committee-metrics';
import { daysBegun, yearPeriod } from '#committee-metrics';
import { countsByMonthAndPlace, countsByPlace } from '#committee-metrics';
import { safeRate, type SafeCount, type SafeRate } from '#committee-metrics';
import { CrisisCellSchema, type CrisisCell } from './entities/crisis-cell.entity.ts';

const serviceMeasure = (service: CellService) => `service:${service}`;
const noServiceMeasure = (service: CellService) => `noService:${service}`;

/**
 * One visit is given several services, so services are not a breakdown of
 * visits: each service splits the visits in two (given it, not given it), and
 * each split is its own relation, protected with all the others.
 */
export const CRISIS_CELLS_CUBE: CubeSpec = {
  kind: 'flow',
  measures: ['visits', 'child', 'adult', ...CELL_SERVICES.flatMap((service) => [serviceMeasure(service), noServiceMeasure(service)])],
  relations: [
    { total: 'visits', members: ['child', 'adult'] },
    ...CELL_SERVICES.map((service) => ({ total: 'visits', members: [serviceMeasure(service), noServiceMeasure(service)] })),
  ],
};

const tables = (em: EntityManager) => {
  const schema = em.config.get('schema') as string;
  return { cells: `"${schema}"."crisis_cell"`, visits: `"${schema}"."cell_visit"` };
};

const CELL_PLACE = { province: 'c.province', district: 'c.district', unit: 'c.id' };

/** One year of visits counted by month and cell, in one statement over the arrived_at index; and every cell of the directory. */
async function visitsOfYear(em: EntityManager, year: number): Promise<CubeRow[]> {
  const t = tables(em);
  const given = (service: CellService) => `'${service}' = any(v.services)`;
  const [visits, cells] = await Promise.all([
    countsByMonthAndPlace(em, {
      from: `${t.visits} v join ${t.cells} c on c.id = v.cell_id`,
      at: 'v.arrived_at',
      place: CELL_PLACE,
      period: yearPeriod(year),
      counts: {
        visits: 'true',
        child: 'v.child_survivor',
        adult: 'not v.child_survivor',
        ...Object.fromEntries(
          CELL_SERVICES.flatMap((service) => [
            [serviceMeasure(service), given(service)],
            [noServiceMeasure(service), `not ${given(service)}`],
          ]),
        ),
      },
    }),
    countsByPlace(em, { from: `${t.cells} c`, where: 'true', place: CELL_PLACE, counts: {} }),
  ]);
  // Every cell is a place of the tree, visited or not: a cell nobody came to has figures too (0, and its capacity unused).
  return [...cells.map((cell) => ({ ...cell, month: `${year}-01` })), ...visits];
}

const visitsCube = (em: EntityManager, runtime: MetricsRuntime, year: number) =>
  protectedFigures(runtime, { name: 'crisis-cells', spec: CRISIS_CELLS_CUBE, year, rows: () => visitsOfYear(em, year) });

/** Everything the crisis cells' section needs for a year, computed and kept (at start, for the recent years). */
export const prepareCrisisCellMetrics = visitsCube;

export interface CellServiceGivenAnswer {
  service: CellService;
  visits: MetricShare;
}

export interface CrisisCellUseAnswer {
  cell: CrisisCell;
  visits: SafeCount;
  capacity: number;
  capacityUse: SafeRate;
}

export interface CrisisCellMetricsAnswer {
  visits: SafeCount;
  byPeriod: MetricCell[];
  byPlace: MetricCell[];
  childSurvivors: MetricShare;
  services: CellServiceGivenAnswer[];
  capacityUse: SafeRate;
  cells: CrisisCellUseAnswer[];
  csv: string;
}

/** `now` ends a period that is not over yet: its capacity is what its days so far allowed. */
export async function crisisCellMetrics(
  em: EntityManager,
  runtime: MetricsRuntime,
  query: DashboardQuery,
  now = new Date(),
): Promise<CrisisCellMetricsAnswer> {
  const { year } = query.period;
  const cube = await visitsCube(em, runtime, year);
  const count = (measure: string, place = query.place) => cube.count(query.period, place, measure);
  const days = daysBegun(query.period, now);
  // Capacity is a published figure of the directory, so the rate gives nothing away that its visits do not.
  const capacityUse = (visits: SafeCount, capacity: number) => safeRate(visits, { value: capacity * days, suppressed: null }, ratio);

  // The cells of the tree (so of the protected figures) under the place, as the directory has them now.
  const units = cube.places.unitsUnder(query.place);
  const directory = units.length === 0 ? [] : await em.find(CrisisCellSchema, { id: { $in: units.map((place) => place.unit!) } });
  const cellById = new Map(directory.map((cell) => [cell.id, cell]));
  const cells = units
    .flatMap((place) => {
      const cell = cellById.get(place.unit!);
      if (!cell) return []; // removed from the directory since the year was counted, with no visits (a visit keeps its cell)
      const visits = count('visits', place);
      return [{ cell, visits, capacity: cell.capacity, capacityUse: capacityUse(visits, cell.capacity) }];
    })
    .sort(
      (a, b) => compare(a.cell.province, b.cell.province) || compare(a.cell.district, b.cell.district) || compare(a.cell.name, b.cell.name),
    );

  const visits = count('visits');
  const answer = {
    visits,
    byPeriod: byPeriodOf(cube, query, 'visits'),
    byPlace: byPlaceOf(cube, query, 'visits'),
    childSurvivors: shareOf(count('child'), visits),
    services: CELL_SERVICES.map((service) => ({ service, visits: shareOf(count(serviceMeasure(service)), visits) })),
    capacityUse: capacityUse(
      visits,
      cells.reduce((sum, cell) => sum + cell.capacity, 0),
    ),
    cells,
  };
  // The CSV keys a service's share by the service, and a cell's figures by its name.
  const rows = {
    ...answer,
    services: answer.services.map(({ service, visits: given }) => ({ key: service, visits: given })),
    cells: answer.cells.map(({ cell, ...figures }) => ({ key: cell.name, ...figures })),
  };
  return { ...answer, csv: sectionCsv(query, 'crisisCells', rows) };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
