import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PURPOSE_HEADER } from '#identity';
import { AGENCIES, type Agency } from '#reference-data';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/index.ts';
import { EXPECTED_ACCESS, EXPECTED_ALL_MUTATIONS } from './fixtures/expected-access.ts';
import {
  UNAUTHORIZED,
  coordinatesAlong,
  fieldsOfType,
  graphShape,
  leavesOf,
  objectsAt,
  selectionOf,
  verdictFor,
  type Target,
} from '#test-kit';
import { anchorWorld, callerFor, outsideRows, type Caller } from '#test-kit';
import { graphql, type GraphQLResponse } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';
import type { CaseFacts, Province } from '#synthetic-world';

/**
 * The access the graph ENFORCES, against the matrix written by hand from
 * DESIGN section 4 (test/fixtures/expected-access.ts), for every field of
 * every subgraph and every agency: through the gateway (which takes out what
 * an agency may never read) and straight at the subgraph that serves the
 * field (whose shield rules check the agency and the row). The declared
 * policy is checked against the same matrix in access-policy.test.ts.
 */

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls') as Record<SubgraphName, string>;
const urlOf = (target: Target) => (target === 'gateway' ? gatewayUrl : subgraphUrls[target]);

const shape = graphShape();
const world = anchorWorld();
const outside = outsideRows();
const literal = (value: string) => JSON.stringify(value);

/**
 * How to reach a value of each type: a root field (its arguments are
 * ROOT_ARGUMENTS') and the fields followed from it, always to a row of the
 * anchor world. A probe takes the first route whose every step the agency may
 * read (by the expected matrix), else the first; straight at a subgraph, only
 * routes that subgraph serves end to end, else `_entities` for an entity.
 * Every type of the schema needs an entry: a new type fails the coverage test
 * until it says how it is reached.
 */
interface Route {
  root: string;
  path?: string[];
}
/** Each subgraph's audit trail (the one a probe straight at that subgraph reads). */
const AUDIT_TRAILS = ['caseAuditTrail', 'registerAuditTrail', 'courtsAuditTrail', 'crisisCellsAuditTrail'];
const REACH: Record<string, Route[]> = {
  CrisisCell: [{ root: 'crisisCell' }],
  StaffMember: [{ root: 'crisisCell', path: ['staffOnDuty'] }],
  CrisisCellConnection: [{ root: 'crisisCells' }],
  CrisisCellEdge: [{ root: 'crisisCells', path: ['edges'] }],

  CommitteeDashboard: [{ root: 'committeeDashboard' }],
  MetricPeriod: [{ root: 'committeeDashboard', path: ['period'] }],
  CaseMetrics: [{ root: 'committeeDashboard', path: ['cases'] }],
  ExamMetrics: [{ root: 'committeeDashboard', path: ['cases', 'medicoLegalExam'] }],
  ChargeSheetMetrics: [{ root: 'committeeDashboard', path: ['cases', 'chargeSheet'] }],
  AttritionFunnel: [{ root: 'committeeDashboard', path: ['attritionFunnel'] }],
  FunnelStep: [{ root: 'committeeDashboard', path: ['attritionFunnel', 'stages'] }],
  CourtMetrics: [{ root: 'committeeDashboard', path: ['courts'] }],
  HearingMetrics: [{ root: 'committeeDashboard', path: ['courts', 'hearings'] }],
  RegisterMetrics: [{ root: 'committeeDashboard', path: ['register'] }],
  RegisterCompliance: [{ root: 'committeeDashboard', path: ['register', 'compliance'] }],
  CrisisCellMetrics: [{ root: 'committeeDashboard', path: ['crisisCells'] }],
  CellServiceGiven: [{ root: 'committeeDashboard', path: ['crisisCells', 'services'] }],
  CrisisCellUse: [{ root: 'committeeDashboard', path: ['crisisCells', 'cells'] }],
  // The shared value types: from each subgraph's section (a subgraph serves them only under its own).
  MetricCell: ['cases', 'courts', 'register', 'crisisCells'].map((section) => ({ root: 'committeeDashboard', path: [section, 'byPlace'] })),
  MetricCount: ['cases', 'courts', 'register', 'crisisCells'].map((section) => ({
    root: 'committeeDashboard',
    path: [section, 'byPlace', 'count'],
  })),
  MetricValue: [
    { root: 'committeeDashboard', path: ['attritionFunnel', 'stages', 'shareOfReported'] },
    { root: 'committeeDashboard', path: ['courts', 'decided', 'share'] },
    { root: 'committeeDashboard', path: ['register', 'compliance', 'overdue', 'share'] },
    { root: 'committeeDashboard', path: ['crisisCells', 'cells', 'capacityUse'] },
  ],
  MetricShare: [
    { root: 'committeeDashboard', path: ['cases', 'childSurvivors'] },
    { root: 'committeeDashboard', path: ['courts', 'decided'] },
    { root: 'committeeDashboard', path: ['register', 'compliance', 'overdue'] },
    { root: 'committeeDashboard', path: ['crisisCells', 'childSurvivors'] },
  ],
  MetricDistribution: [
    { root: 'committeeDashboard', path: ['cases', 'medicoLegalExam', 'hoursToExam'] },
    { root: 'committeeDashboard', path: ['courts', 'daysToVerdict'] },
  ],
  PageInfo: ['crisisCells', 'cases', 'trials', 'searchRegister', ...AUDIT_TRAILS].map((root) => ({ root, path: ['pageInfo'] })),

  Case: [{ root: 'case' }, { root: 'trial', path: ['case'] }],
  CaseConnection: [{ root: 'cases' }],
  CaseEdge: [{ root: 'cases', path: ['edges'] }],
  Survivor: [{ root: 'case', path: ['survivor'] }],
  MedicoLegalExam: [{ root: 'case', path: ['medicoLegalExam'] }],
  EvidenceItem: [{ root: 'case', path: ['evidence'] }],
  CustodyTransfer: [{ root: 'case', path: ['evidence', 'custody'] }],
  CounsellingSession: [{ root: 'case', path: ['counsellingSessions'] }],
  Fir: [{ root: 'case', path: ['fir'] }],
  Investigation: [{ root: 'case', path: ['investigation'] }],
  Suspect: [{ root: 'case', path: ['suspects'] }],

  Trial: [{ root: 'trial' }, { root: 'case', path: ['trial'] }],
  TrialConnection: [{ root: 'trials' }],
  TrialEdge: [{ root: 'trials', path: ['edges'] }],
  SpecialCourt: [{ root: 'specialCourts' }, { root: 'trial', path: ['court'] }],
  Prosecutor: [{ root: 'trial', path: ['prosecutor'] }],
  Charge: [{ root: 'trial', path: ['charges'] }],
  Hearing: [{ root: 'trial', path: ['hearings'] }],
  Verdict: [{ root: 'trial', path: ['verdict'] }],
  Conviction: [{ root: 'conviction' }, { root: 'trial', path: ['verdict', 'convictions'] }],
  Sentence: [{ root: 'conviction', path: ['sentence'] }],
  // The appeal the warm-up in beforeAll records on the anchor conviction (the seeded world has none).
  AppealDecision: [{ root: 'conviction', path: ['appeal'] }],

  Offender: [{ root: 'offenderByCnic' }, { root: 'conviction', path: ['offender'] }],
  Address: [{ root: 'offenderByCnic', path: ['currentAddress'] }],
  RegistrantNotification: [{ root: 'offenderByCnic', path: ['notifications'] }],
  Compliance: [{ root: 'offenderByCnic', path: ['compliance'] }],
  OffenderConnection: [{ root: 'searchRegister' }],
  OffenderEdge: [{ root: 'searchRegister', path: ['edges'] }],
  // The anchor conviction on its entry's history, where the seed puts each seeded conviction.
  RegisterEntryConviction: [{ root: 'registerEntryHistory' }],

  AuditEntry: AUDIT_TRAILS.map((root) => ({ root, path: ['edges', 'node'] })),
  AuditEntryConnection: AUDIT_TRAILS.map((root) => ({ root })),
  AuditEntryEdge: AUDIT_TRAILS.map((root) => ({ root, path: ['edges'] })),
  AuditChainReport: ['verifyCaseAuditChain', 'verifyRegisterAuditChain', 'verifyCourtsAuditChain', 'verifyCrisisCellsAuditChain'].map(
    (root) => ({ root }),
  ),
};

/** The arguments of every root field, naming rows of the anchor world; every root field needs one (empty for none). */
/** A year the seeded world has reports in. */
const COMMITTEE_PERIOD = '2024';

const ROOT_ARGUMENTS: Record<string, string> = {
  crisisCells: '(first: 2)',
  crisisCell: `(id: ${literal(world.cell.id)})`,
  assignedToCase: `(reference: ${literal(world.case.reference)})`,
  case: `(id: ${literal(world.case.id)})`,
  caseByReference: `(reference: ${literal(world.case.reference)})`,
  caseByFirNumber: `(firNumber: ${literal(world.case.fir!.number)})`,
  cases: '(first: 2)',
  // Each trail filtered to entries the warm-up in beforeAll is sure to have written, with a row and a stated purpose.
  caseAuditTrail: `(first: 5, filter: { subject: ${literal(world.officerId)}, field: "Survivor.fullName", rowId: ${literal(world.case.id)}, outcome: ALLOWED })`,
  verifyCaseAuditChain: '',
  courtsAuditTrail: `(first: 5, filter: { subject: ${literal(world.officerId)}, field: "Trial.caseNumber", rowId: ${literal(outside.otherProvinceCase.trial!.id)}, outcome: DENIED })`,
  verifyCourtsAuditChain: '',
  crisisCellsAuditTrail: `(first: 5, filter: { subject: ${literal(callerFor('ARCC').identity!.sub!)}, field: "CrisisCell.capacity", rowId: ${literal(outside.otherCell.id)}, outcome: DENIED })`,
  verifyCrisisCellsAuditChain: '',
  trial: `(id: ${literal(world.trial.id)})`,
  trialByCaseNumber: `(caseNumber: ${literal(world.trial.caseNumber)})`,
  trials: '(first: 2)',
  conviction: `(id: ${literal(world.conviction.id)})`,
  specialCourts: `(province: ${world.case.province})`,
  offender: `(id: ${literal(world.offender.id)})`,
  offenderByCnic: `(cnic: ${literal(world.offender.cnic)})`,
  offenderByRegisterNumber: `(registerNumber: ${literal(world.offender.registerNumber)})`,
  searchRegister: '(first: 2)',
  registerAuditTrail: `(first: 5, filter: { subject: ${literal(world.officerId)}, field: "Offender.fullName", rowId: ${literal(world.offender.id)}, outcome: ALLOWED })`,
  verifyRegisterAuditChain: '',
  registerEntryHistory: `(offenderId: ${literal(world.offender.id)})`,
  // All Pakistan over a whole year: some figures published, some withheld.
  committeeDashboard: `(period: ${literal(COMMITTEE_PERIOD)})`,
};

/** The anchor row behind each entity, for `_entities` probes. */
const ENTITY_ROWS: Record<string, string> = {
  Case: world.case.id,
  Trial: world.trial.id,
  Conviction: world.conviction.id,
  Offender: world.offender.id,
  CrisisCell: world.cell.id,
  CommitteeDashboard: `${COMMITTEE_PERIOD}/-/-/MONTH/k5`,
};

/** Readable fields the world leaves without a value on the anchor rows, and why. */
const NO_VALUE_IN_THE_WORLD: Record<string, string> = {
  'AuditChainReport.firstBrokenSeq': 'null while the chain is intact',
  'CommitteeDashboard.province': 'null for all Pakistan',
  'CommitteeDashboard.district': 'null for all Pakistan',
  'MetricValue.suppressed': 'null while published: every rate of a year of all Pakistan is',
  'Compliance.missedDeadline': 'null while no notification was made late: the anchor registrant, in prison, is compliant',
  'Compliance.abscondedAt': 'null unless the police found the registrant gone: the anchor registrant is in prison',
  'RegistrantNotification.occursOn': 'null for periodic verifications, the only notifications of the anchor registrant, in prison',
  'RegisterEntryConviction.quashedAt': 'null while the conviction stands: the appeal on the anchor conviction is upheld',
  'RegisterEntryConviction.quashEventId': 'null while the conviction stands: the appeal on the anchor conviction is upheld',
  'Case.closure':
    'null unless the case was closed without trial, and the anchor was tried; CaseClosure is probed on a closed case instead (PROBED_ELSEWHERE)',
};

/**
 * Types no row of the anchor world can ever reach, each with why and the test
 * that probes it instead, on a row made for it: every field of the type, for
 * every agency, through the gateway and straight at the subgraph that serves
 * it, against the expected matrix (readable where the agency may read and the
 * row condition holds, refused with UNAUTHORIZED_FIELD_OR_TYPE otherwise). The
 * coverage tests below excuse the type from REACH and from the probes here
 * ONLY while that test file exists and holds a test of that title.
 */
const PROBED_ELSEWHERE: Record<string, { why: string; test: string; title: string }> = {
  CaseClosure: {
    why: 'a case closed without trial never reaches a trial, and the anchor was tried: its closure is null',
    test: 'test/case-progress-writes.test.ts',
    title: 'Case.closure and every field of CaseClosure, read by every agency through the gateway and straight at the cases subgraph',
  },
};
/** The types of PROBED_ELSEWHERE whose test is there to probe them. */
const probedElsewhere = new Set(
  Object.entries(PROBED_ELSEWHERE)
    .filter(([, { test, title }]) => {
      const file = new URL(`../${test}`, import.meta.url);
      return existsSync(file) && readFileSync(file, 'utf8').includes(title);
    })
    .map(([type]) => type),
);

const nonNullFieldsOf = (type: string) => [...shape.fields.values()].filter((f) => f.type === type && !f.nullable).map((f) => f.field);
const mayRead = (agency: Agency, coordinate: string) => (EXPECTED_ACCESS.get(coordinate)?.[agency] ?? '–') !== '–';
const routeCoordinates = (route: Route) => coordinatesAlong(shape, 'Query', [route.root, ...(route.path ?? [])]).coordinates;
const servedBy = (subgraph: SubgraphName, coordinates: string[]) =>
  coordinates.every((c) => shape.fields.get(c)?.subgraphs.includes(subgraph));

interface Probe {
  name: string;
  target: Target;
  agency: Agency;
  type: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Field names from the root to the objects of the type. */
  dataPath: string[];
  fields: string[];
  via: string;
}

function routeProbe(target: Target, agency: Agency, type: string, fields: string[], route: Route): Probe {
  const steps = [`${route.root}${ROOT_ARGUMENTS[route.root] ?? ''}`, ...(route.path ?? [])];
  const query = `query AccessProbe { ${steps.reduceRight((inner, step) => `${step} { ${inner} }`, selectionOf(shape, type, fields))} }`;
  const via = [route.root, ...(route.path ?? [])].join('.');
  return { name: `${target} ${agency} ${type}`, target, agency, type, query, dataPath: [route.root, ...(route.path ?? [])], fields, via };
}

/** `from`: the entity asked for and the fields followed from it to the type (none when the type is the entity). */
function entitiesProbe(
  subgraph: SubgraphName,
  agency: Agency,
  type: string,
  fields: string[],
  from: { entity: string; path: string[] } = { entity: type, path: [] },
): Probe {
  const key = shape.subgraphs[subgraph].entities.get(from.entity)!;
  const selection = from.path.reduceRight((inner, step) => `${step} { ${inner} }`, selectionOf(shape, type, fields));
  return {
    name: `${subgraph} ${agency} ${type}`,
    target: subgraph,
    agency,
    type,
    query: `query AccessProbe($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${from.entity} { ${selection} } } }`,
    variables: { representations: [{ __typename: from.entity, [key]: ENTITY_ROWS[from.entity] }] },
    dataPath: ['_entities', ...from.path],
    fields,
    via: [`_entities(${from.entity})`, ...from.path].join('.'),
  };
}

/**
 * The ways to ask a subgraph for a type, each with the fields it follows: the
 * routes it serves from the root; or, for a type it serves only below an
 * entity whose root field another subgraph serves (the crisis cells' section
 * of the committee's dashboard, which the cases subgraph serves), the rest of
 * a route from that entity, through `_entities`, as the gateway asks for it.
 */
function subgraphRoutes(
  subgraph: SubgraphName,
  type: string,
): { coordinates: string[]; probe: (agency: Agency, fields: string[]) => Probe }[] {
  const routes = REACH[type] ?? [];
  const fromRoot = routes.filter((route) => servedBy(subgraph, routeCoordinates(route)));
  if (fromRoot.length > 0) {
    return fromRoot.map((route) => ({
      coordinates: routeCoordinates(route),
      probe: (agency, fields) => routeProbe(subgraph, agency, type, fields, route),
    }));
  }
  return routes.flatMap((route) => {
    const steps = [route.root, ...(route.path ?? [])];
    for (let i = 1; i < steps.length; i++) {
      const entity = coordinatesAlong(shape, 'Query', steps.slice(0, i)).reaches;
      const path = steps.slice(i);
      const { coordinates } = coordinatesAlong(shape, entity, path);
      if (shape.subgraphs[subgraph].entities.has(entity) && servedBy(subgraph, coordinates)) {
        return [
          { coordinates, probe: (agency: Agency, fields: string[]) => entitiesProbe(subgraph, agency, type, fields, { entity, path }) },
        ];
      }
    }
    return [];
  });
}

function rootProbe(target: Target, agency: Agency, fields: string[]): Probe {
  const selection = fields
    .map(
      (field) =>
        `${field}${ROOT_ARGUMENTS[field] ?? ''}${shape.objectTypes.has(shape.fields.get(`Query.${field}`)!.returns) ? ' { __typename }' : ''}`,
    )
    .join(' ');
  return {
    name: `${target} ${agency} Query`,
    target,
    agency,
    type: 'Query',
    query: `query AccessProbe { ${selection} }`,
    dataPath: [],
    fields,
    via: 'root fields',
  };
}

const allTypes = [...new Set([...shape.fields.values()].map((f) => f.type))];

/**
 * The write path's types: Mutation and what only its fields reach (their
 * payloads, UserError). A probe here reads and must change nothing, so these
 * are left to test/writes.test.ts, test/investigation-writes.test.ts and test/court-writes.test.ts,
 * which call every mutation as every agency, through the gateway and at the
 * subgraph, against the expected tables (EXPECTED_ALL_MUTATIONS).
 */
const writePath = ((): Set<string> => {
  const fromQuery = new Set(SUBGRAPH_NAMES.flatMap((subgraph) => [...shape.subgraphs[subgraph].reachable]));
  const reached = new Set<string>();
  const queue = ['Mutation'];
  while (queue.length > 0) {
    const type = queue.pop()!;
    if (reached.has(type) || fromQuery.has(type) || !allTypes.includes(type)) continue;
    reached.add(type);
    for (const field of fieldsOfType(shape, type)) queue.push(shape.fields.get(`${type}.${field}`)!.returns);
  }
  return reached;
})();
const types = allTypes.filter((type) => !writePath.has(type));

/** What a probe cannot check at a subgraph, and why (the pair is then checked at another that serves it). */
const notProbed: { target: SubgraphName; agency: Agency; type: string; why: string }[] = [];

function buildProbes(): Probe[] {
  const probes: Probe[] = [];
  for (const agency of AGENCIES) {
    for (const type of types) {
      // Not `@inaccessible` fields: the gateway refuses to validate a query for them (its own test below).
      const fields = fieldsOfType(shape, type, { api: true });
      if (type === 'Query') {
        probes.push(rootProbe('gateway', agency, fields));
        continue;
      }
      const routes = REACH[type] ?? [];
      if (routes.length === 0) continue; // the coverage test fails for it
      const allowed = routes.find((route) => routeCoordinates(route).every((c) => mayRead(agency, c)));
      probes.push(routeProbe('gateway', agency, type, fields, allowed ?? routes[0]!));
    }
    for (const subgraph of SUBGRAPH_NAMES) {
      const served = shape.subgraphs[subgraph];
      probes.push(rootProbe(subgraph, agency, served.fields.get('Query') ?? []));
      for (const type of served.reachable) {
        if (probedElsewhere.has(type)) continue; // by the test PROBED_ELSEWHERE names
        const fields = served.fields.get(type)!;
        const routes = subgraphRoutes(subgraph, type);
        const allowed = routes.find((route) => route.coordinates.every((c) => mayRead(agency, c)));
        if (allowed) {
          probes.push(allowed.probe(agency, fields));
          continue;
        }
        const allRefused = fields.every((field) => !mayRead(agency, `${type}.${field}`));
        // Fields only this subgraph serves: the gateway asks it for them (with the key) through `_entities`.
        const ownFields = fields.filter((field) => shape.fields.get(`${type}.${field}`)!.subgraphs.length === 1);
        if (served.entities.has(type) && (allRefused || ownFields.some((field) => mayRead(agency, `${type}.${field}`)))) {
          probes.push(entitiesProbe(subgraph, agency, type, fields));
        } else if (served.entities.has(type) && ownFields.length > 0) {
          // The agency reads the type's key elsewhere and none of the fields only this subgraph serves, so the gateway never
          // asks it for the type on the agency's behalf: those fields alone, each refused here.
          probes.push(entitiesProbe(subgraph, agency, type, ownFields));
          notProbed.push({
            target: subgraph,
            agency,
            type,
            why: `only ${ownFields.join(', ')}: the gateway never asks ${subgraph} for the rest on ${agency}'s behalf`,
          });
        } else if (allRefused && routes[0]) {
          probes.push(routes[0].probe(agency, fields));
        } else {
          notProbed.push({
            target: subgraph,
            agency,
            type,
            why: allRefused
              ? 'no route'
              : `${agency} reads ${type} only through other subgraphs; the gateway never asks ${subgraph} for it`,
          });
        }
      }
    }
  }
  return probes;
}

const probes = buildProbes();

/** A value long and particular enough that finding it in a response means the field leaked (not an enum, a number or a flag). */
const telltale = (value: unknown): value is string => typeof value === 'string' && value.length >= 6 && !/^[A-Z0-9_]+$/.test(value);

interface Checked {
  probe: Probe;
  response: GraphQLResponse;
  /** Problems per field, empty when the field is enforced as expected. */
  problems: Map<string, string[]>;
}

const checked = new Map<string, Checked>();

async function runAll<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

beforeAll(async () => {
  const tokens = new Map<Agency, string | undefined>();
  for (const agency of AGENCIES) {
    const { identity } = callerFor(agency);
    tokens.set(agency, identity ? await tokenFor(identity) : undefined);
  }
  // Entries for the auditor's probes, each with a row and a stated purpose: the investigating officer reads the survivor's
  // and the convict's identity, and is refused a trial of another province; the anchor cell's staff are refused another cell's capacity.
  const investigator = { token: tokens.get('SSOIU'), headers: callerFor('SSOIU').headers };
  const reads = await graphql(
    gatewayUrl,
    `query { case${ROOT_ARGUMENTS.case} { survivor { fullName } } offenderByCnic${ROOT_ARGUMENTS.offenderByCnic} { fullName } }`,
    investigator,
  );
  expect(reads.errors).toBeUndefined();
  const refusedTrial = await graphql(
    gatewayUrl,
    `query { trial(id: ${literal(outside.otherProvinceCase.trial!.id)}) { caseNumber } }`,
    investigator,
  );
  expect(refusedTrial.errors?.map((e) => e.extensions?.code)).toEqual([UNAUTHORIZED]);
  const refusedCapacity = await graphql(gatewayUrl, `query { crisisCell(id: ${literal(outside.otherCell.id)}) { capacity } }`, {
    token: tokens.get('ARCC'),
    headers: { [PURPOSE_HEADER]: world.case.reference },
  });
  expect(refusedCapacity.errors?.map((e) => e.extensions?.code)).toEqual([UNAUTHORIZED]);
  // An appeal decided on the anchor conviction, by the appellate court of its province, so that Conviction.appeal has a value
  // to read and to refuse (the seeded world records none). A stack that has it already answers INVALID_TRANSITION.
  const decidedAt = Math.min(world.conviction.convictedAt.getTime() + 90 * 86_400_000, Date.now() - 3_600_000);
  const appeal = await graphql(
    gatewayUrl,
    `mutation { recordAppealOutcome(input: { convictionId: ${literal(world.conviction.id)}, outcome: UPHELD, decidedAt: ${literal(new Date(decidedAt).toISOString())}, appellateReference: "Crl. Appeal No. 1/2024" }) { userErrors { code } } }`,
    { token: await tokenFor({ agency: 'COURT', sub: 'access-probe-appellate', province: world.trial.province, roles: ['appellate'] }) },
  );
  expect(appeal.errors).toBeUndefined();
  expect(appeal.data.recordAppealOutcome.userErrors.filter((e: { code: string }) => e.code !== 'INVALID_TRANSITION')).toEqual([]);

  const responses = new Map<string, GraphQLResponse>();
  await runAll(probes, 16, async (probe) => {
    const response = await graphql(urlOf(probe.target), probe.query, {
      token: tokens.get(probe.agency),
      headers: callerFor(probe.agency).headers,
      variables: probe.variables,
    });
    responses.set(probe.name, response);
  });

  // Readable fields first: the values they answer are what a refused probe must never show.
  const seen = new Map<string, Set<string>>();
  for (const probe of probes) {
    const response = responses.get(probe.name)!;
    const problems = new Map<string, string[]>();
    for (const field of probe.fields) {
      const coordinate = `${probe.type}.${field}`;
      if (!mayRead(probe.agency, coordinate)) continue;
      const verdict = verdictFor(response, probe.dataPath, field, 'readable', { mayBeEmpty: coordinate in NO_VALUE_IN_THE_WORLD });
      problems.set(field, verdict.problems);
      for (const value of verdict.values.filter(telltale)) seen.set(coordinate, (seen.get(coordinate) ?? new Set()).add(value));
    }
    checked.set(probe.name, { probe, response, problems });
  }
  for (const { probe, response, problems } of checked.values()) {
    const text = JSON.stringify(response.data ?? null);
    for (const field of probe.fields) {
      const coordinate = `${probe.type}.${field}`;
      if (mayRead(probe.agency, coordinate)) continue;
      const verdict = verdictFor(response, probe.dataPath, field, 'refused', { nonNullSiblings: nonNullFieldsOf(probe.type) });
      const leaked = [...(seen.get(coordinate) ?? [])].filter((value) => text.includes(JSON.stringify(value)));
      if (leaked.length > 0) verdict.problems.push(`a value of ${coordinate} appears in the response: ${leaked.slice(0, 3).join(', ')}`);
      problems.set(field, verdict.problems);
    }
    const otherErrors = (response.errors ?? []).filter((error) => error.extensions?.code !== UNAUTHORIZED);
    if (otherErrors.length > 0) problems.set('(response)', [`errors other than ${UNAUTHORIZED}: ${JSON.stringify(otherErrors)}`]);
  }
});

describe('the enforced access matches the expected matrix, field by field', () => {
  it('has a way to reach every type, with arguments for every root field and a row for every entity', () => {
    const missing: string[] = [];
    for (const type of types)
      if (type !== 'Query' && !REACH[type] && !probedElsewhere.has(type)) missing.push(`REACH has no route to ${type}`);
    for (const [type, { test, title }] of Object.entries(PROBED_ELSEWHERE)) {
      if (!types.includes(type)) missing.push(`PROBED_ELSEWHERE names ${type}, which the schema no longer has`);
      if (REACH[type]) missing.push(`${type} is both in REACH and PROBED_ELSEWHERE: probe it here`);
      if (!probedElsewhere.has(type)) missing.push(`${type} is to be probed by "${title}" in ${test}, which is not there`);
    }
    for (const [type, routes] of Object.entries(REACH)) {
      if (!types.includes(type)) missing.push(`REACH names ${type}, which the schema no longer has`);
      for (const route of routes) {
        const { reaches } = coordinatesAlong(shape, 'Query', [route.root, ...(route.path ?? [])]);
        if (reaches !== type) missing.push(`the route ${[route.root, ...(route.path ?? [])].join('.')} reaches ${reaches}, not ${type}`);
      }
    }
    for (const field of fieldsOfType(shape, 'Query'))
      if (!(field in ROOT_ARGUMENTS)) missing.push(`ROOT_ARGUMENTS has nothing for Query.${field}`);
    for (const subgraph of SUBGRAPH_NAMES) {
      const served = shape.subgraphs[subgraph];
      for (const type of served.entities.keys())
        if (!ENTITY_ROWS[type]) missing.push(`ENTITY_ROWS has no ${type} row for ${subgraph}'s _entities`);
      for (const type of served.reachable) {
        if (type === 'Query' || served.entities.has(type) || probedElsewhere.has(type)) continue;
        if (subgraphRoutes(subgraph, type).length === 0) missing.push(`no route reaches ${type} in ${subgraph}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('checks every (agency, field) pair of the schema through the gateway and at a subgraph that serves it', () => {
    const problems: string[] = [];
    for (const coordinate of shape.fields.keys()) {
      const [type, field] = coordinate.split('.') as [string, string];
      if (type === 'Mutation' ? !EXPECTED_ALL_MUTATIONS.has(field) : !EXPECTED_ACCESS.has(coordinate))
        problems.push(`${coordinate} is not in the expected matrix`);
    }
    const byTarget = new Map<string, Set<Target>>();
    for (const { target, agency, type, fields } of probes) {
      for (const field of fields) {
        const key = `${agency} ${type}.${field}`;
        byTarget.set(key, (byTarget.get(key) ?? new Set()).add(target));
      }
    }
    let pairs = 0;
    let direct = 0;
    let elsewhere = 0;
    for (const agency of AGENCIES) {
      for (const { type, field, subgraphs, inaccessible } of shape.fields.values()) {
        if (writePath.has(type)) continue;
        pairs++;
        // Probed by the test PROBED_ELSEWHERE names, on a row the anchor world cannot have (its existence checked above).
        if (probedElsewhere.has(type)) {
          elsewhere++;
          continue;
        }
        const targets = byTarget.get(`${agency} ${type}.${field}`) ?? new Set();
        if (!targets.has('gateway') && !inaccessible) problems.push(`${agency} ${type}.${field} is not probed through the gateway`);
        const at = subgraphs.filter((subgraph) => targets.has(subgraph));
        if (at.length === 0)
          problems.push(`${agency} ${type}.${field} is not probed at any subgraph that serves it (${subgraphs.join(', ')})`);
        direct += at.length;
      }
    }
    console.info(
      `access-enforced: ${pairs} (agency, field) pairs, each through the gateway but ${elsewhere} probed by the tests PROBED_ELSEWHERE names (${[...probedElsewhere].join(', ')}); ${direct} (agency, field, subgraph) checks straight at the subgraphs; ${probes.length} probe requests; not probed at a subgraph (checked at another): ${notProbed.map((n) => `${n.target} ${n.agency} ${n.type}`).join('; ') || 'none'}`,
    );
    expect(problems).toEqual([]);
  });

  describe.each(['gateway', ...SUBGRAPH_NAMES] as Target[])('%s', (target) => {
    const here = probes.filter((probe) => probe.target === target);
    it.each(here.map((probe) => [probe.agency, probe.type, probe.via, probe.name] as const))(
      '%s reads %s (via %s)',
      (_agency, _type, _via, name) => {
        const { probe, problems } = checked.get(name)!;
        const failures = Object.fromEntries(
          [...problems]
            .filter(([, found]) => found.length > 0)
            .map(([field, found]) => [
              `${probe.type}.${field} (${EXPECTED_ACCESS.get(`${probe.type}.${field}`)?.[probe.agency] ?? '?'})`,
              found,
            ]),
        );
        expect(failures, probe.query).toEqual({});
      },
    );
  });

  const inaccessible = [...shape.fields.values()].filter((f) => f.inaccessible);
  it.each(inaccessible.map((f) => [`${f.type}.${f.field}`, f] as const))(
    '%s is not in the API: the gateway refuses it to every agency, naming nothing but the field',
    async (_coordinate, { type, field }) => {
      expect(REACH[type]?.[0], `a route to ${type}`).toBeDefined();
      for (const agency of AGENCIES) {
        const probe = routeProbe('gateway', agency, type, [field], REACH[type]![0]!);
        const response = await ask('gateway', callerFor(agency), probe.query, {});
        expect(response.data ?? null, `${agency}: ${probe.query}`).toBeNull();
        expect(
          response.errors?.map((error) => [error.extensions?.code, error.message]),
          agency,
        ).toEqual([['GRAPHQL_VALIDATION_FAILED', `Cannot query field "${field}" on type "${type}".`]]);
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Row rules: the same query for a row inside and a row just outside the caller's cell, province
// or assignment, through the gateway and straight at the subgraph that owns the row.

const tokenCache = new Map<string, Promise<string | undefined>>();
const tokenOf = (caller: Caller) => {
  const key = JSON.stringify(caller.identity);
  if (!tokenCache.has(key)) tokenCache.set(key, caller.identity ? tokenFor(caller.identity) : Promise.resolve(undefined));
  return tokenCache.get(key)!;
};
async function ask(target: Target, caller: Caller, query: string, variables: Record<string, unknown>) {
  return graphql(urlOf(target), query, { token: await tokenOf(caller), headers: caller.headers, variables });
}

/** `case.survivor.fullName` → the objects' path and the field, with the non-null fields of the objects' type. */
function split(path: string) {
  const steps = path.split('.');
  const dataPath = steps.slice(0, -1);
  const type = coordinatesAlong(shape, 'Query', dataPath).reaches;
  return { dataPath, field: steps.at(-1)!, nonNullSiblings: nonNullFieldsOf(type) };
}
function readable(response: GraphQLResponse, paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const { dataPath, field } = split(path);
    return verdictFor(response, dataPath, field, 'readable').problems.map((problem) => `${path}: ${problem}`);
  });
}
function refused(response: GraphQLResponse, paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const { dataPath, field, nonNullSiblings } = split(path);
    return verdictFor(response, dataPath, field, 'refused', { nonNullSiblings }).problems.map((problem) => `${path}: ${problem}`);
  });
}
/** The telltale values an insider read at the guarded paths, which the outsider's response must not contain. */
function secretsIn(response: GraphQLResponse, paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const { dataPath, field } = split(path);
    return objectsAt(response.data, dataPath)
      .flatMap((object) => leavesOf(object[field]))
      .filter(telltale);
  });
}

interface RowRule {
  name: string;
  /** The subgraph that owns the rows. */
  subgraph: SubgraphName;
  query: string;
  caller: Caller;
  /** A row the caller may read. */
  inside: Record<string, unknown>;
  /** Rows just outside, each with someone who may read it (so the refusal is not just a missing row or value). */
  outside: { row: string; variables: Record<string, unknown>; insider: Caller }[];
  /** Readable inside, refused outside. */
  guarded: string[];
  /** Readable on both sides (the field's rule has no row condition for the caller, or a different one that holds). */
  open?: string[];
}

const arcc = (cellId: string): Caller => ({ identity: { agency: 'ARCC', sub: 'access-rows-arcc', cellId }, headers: {} });
const ssoiu = (province: Province, sub = 'access-rows-ssoiu'): Caller => ({ identity: { agency: 'SSOIU', sub, province }, headers: {} });
const officerOf = (facts: CaseFacts): Caller => ssoiu(facts.province, facts.investigation!.investigatingOfficerId);
const prosecutor = (sub: string): Caller => ({ identity: { agency: 'PROSECUTION', sub }, headers: {} });
const court = (courtId: string): Caller => ({ identity: { agency: 'COURT', sub: 'access-rows-court', courtId }, headers: {} });
const adviser = (sub: string): Caller => ({ identity: { agency: 'SUPPORT_ADVISER', sub }, headers: {} });

const CASE_CORE = [
  'case.id',
  'case.reference',
  'case.status',
  'case.province',
  'case.district',
  'case.survivor.pseudonym',
  'case.survivor.ageAtIncident',
];
const TRIAL_QUERY =
  'query TrialFields($id: ID!) { trial(id: $id) { id caseNumber status filedAt daysElapsed court { name } prosecutor { name } hearings { id scheduledFor purpose } } }';
const TRIAL_FIELDS = [
  'trial.id',
  'trial.caseNumber',
  'trial.status',
  'trial.filedAt',
  'trial.daysElapsed',
  'trial.court.name',
  'trial.prosecutor.name',
  'trial.hearings.id',
  'trial.hearings.scheduledFor',
  'trial.hearings.purpose',
];
const {
  otherCellCase,
  otherCell,
  stationCase,
  otherProvinceCase,
  otherOfficerCase,
  otherProsecutorCase,
  otherCourtCase,
  otherAdviserCase,
  otherProvinceOffender,
} = outside;
const caseRow = (facts: CaseFacts) => ({ id: facts.id });
const trialRow = (facts: CaseFacts) => ({ id: facts.trial!.id });

const ROW_RULES: RowRule[] = [
  {
    name: 'ARCC reads the cases and survivors of its own cell only',
    subgraph: 'cases',
    query: 'query CellCase($id: ID!) { case(id: $id) { id reference status province survivor { pseudonym fullName cnic } } }',
    caller: arcc(world.cell.id),
    inside: caseRow(world.case),
    outside: [
      { row: `another cell's case ${otherCellCase.reference}`, variables: caseRow(otherCellCase), insider: arcc(otherCell.id) },
      { row: `a police station's case ${stationCase.reference}`, variables: caseRow(stationCase), insider: officerOf(stationCase) },
    ],
    guarded: ['case.id', 'case.reference', 'case.status', 'case.province', 'case.survivor.pseudonym', 'case.survivor.fullName'],
  },
  {
    name: "ARCC reads its own cell's capacity and staff on duty only",
    subgraph: 'crisis-cells',
    query: 'query Cell($id: ID!) { crisisCell(id: $id) { id name city capacity staffOnDuty { name role phone } } }',
    caller: arcc(world.cell.id),
    inside: { id: world.cell.id },
    outside: [{ row: `another cell ${otherCell.name}`, variables: { id: otherCell.id }, insider: arcc(otherCell.id) }],
    guarded: ['crisisCell.capacity', 'crisisCell.staffOnDuty', 'crisisCell.staffOnDuty.name', 'crisisCell.staffOnDuty.phone'],
    open: ['crisisCell.id', 'crisisCell.name', 'crisisCell.city'],
  },
  {
    name: 'SSOIU reads the cases of its own province only',
    subgraph: 'cases',
    query:
      'query ProvinceCase($id: ID!) { case(id: $id) { id reference status province district survivor { pseudonym } fir { number policeStation } evidence { id description } } }',
    caller: ssoiu(world.case.province),
    inside: caseRow(world.case),
    outside: [
      { row: `a case of ${otherProvinceCase.province}`, variables: caseRow(otherProvinceCase), insider: ssoiu(otherProvinceCase.province) },
    ],
    guarded: [
      'case.id',
      'case.reference',
      'case.status',
      'case.province',
      'case.district',
      'case.survivor.pseudonym',
      'case.fir.number',
      'case.evidence.description',
    ],
  },
  {
    name: "SSOIU reads a register entry's address, notifications and compliance in its own province only",
    subgraph: 'offenders',
    query:
      'query Entry($cnic: String!) { offenderByCnic(cnic: $cnic) { id registerNumber province riskTier currentAddress { line1 city } notifications { kind details } compliance { status nextVerificationDue } } }',
    caller: ssoiu(world.offender.province),
    inside: { cnic: world.offender.cnic },
    outside: [
      {
        row: `an entry of ${otherProvinceOffender.province}`,
        variables: { cnic: otherProvinceOffender.cnic },
        insider: ssoiu(otherProvinceOffender.province),
      },
    ],
    guarded: [
      'offenderByCnic.currentAddress',
      'offenderByCnic.currentAddress.line1',
      'offenderByCnic.notifications',
      'offenderByCnic.notifications.details',
      'offenderByCnic.compliance',
      'offenderByCnic.compliance.status',
    ],
    open: ['offenderByCnic.id', 'offenderByCnic.registerNumber', 'offenderByCnic.province', 'offenderByCnic.riskTier'],
  },
  {
    name: "SSOIU reads a survivor's identity and the medico-legal exam of the cases it investigates only",
    subgraph: 'cases',
    query:
      'query Investigated($id: ID!) { case(id: $id) { id reference survivor { pseudonym fullName } medicoLegalExam { examinerName findingsSummary } } }',
    caller: officerOf(world.case),
    inside: caseRow(world.case),
    outside: [
      {
        row: `a case of the same province investigated by another officer`,
        variables: caseRow(otherOfficerCase),
        insider: officerOf(otherOfficerCase),
      },
    ],
    guarded: [
      'case.survivor.fullName',
      'case.medicoLegalExam',
      'case.medicoLegalExam.examinerName',
      'case.medicoLegalExam.findingsSummary',
    ],
    open: ['case.id', 'case.reference', 'case.survivor.pseudonym'],
  },
  {
    name: 'PROSECUTION reads the cases it prosecutes only',
    subgraph: 'cases',
    query:
      'query Prosecuted($id: ID!) { case(id: $id) { id reference status province survivor { pseudonym fullName } medicoLegalExam { examinerName } investigation { unitName } } }',
    caller: prosecutor(world.trial.prosecutorId),
    inside: caseRow(world.case),
    outside: [
      {
        row: 'a case prosecuted by someone else',
        variables: caseRow(otherProsecutorCase),
        insider: prosecutor(otherProsecutorCase.trial!.prosecutorId),
      },
    ],
    guarded: [
      'case.id',
      'case.reference',
      'case.status',
      'case.province',
      'case.survivor.pseudonym',
      'case.survivor.fullName',
      'case.medicoLegalExam.examinerName',
      'case.investigation.unitName',
    ],
  },
  {
    name: 'PROSECUTION reads the trials it prosecutes only',
    subgraph: 'courts',
    query: TRIAL_QUERY,
    caller: prosecutor(world.trial.prosecutorId),
    inside: trialRow(world.case),
    outside: [
      {
        row: 'a trial prosecuted by someone else',
        variables: trialRow(otherProsecutorCase),
        insider: prosecutor(otherProsecutorCase.trial!.prosecutorId),
      },
    ],
    guarded: TRIAL_FIELDS,
  },
  {
    name: 'COURT reads the trials before it only',
    subgraph: 'courts',
    query: TRIAL_QUERY,
    caller: court(world.trial.courtId),
    inside: trialRow(world.case),
    outside: [{ row: 'a trial before another court', variables: trialRow(otherCourtCase), insider: court(otherCourtCase.trial!.courtId) }],
    guarded: TRIAL_FIELDS,
  },
  {
    name: 'SUPPORT_ADVISER reads the status and dates of the trials of its survivors only',
    subgraph: 'courts',
    query: 'query Supported($id: ID!) { trial(id: $id) { id status filedAt daysElapsed hearings { id scheduledFor outcome inCamera } } }',
    caller: adviser(world.supportAdviserId),
    inside: trialRow(world.case),
    outside: [
      {
        row: "another adviser's survivor's trial",
        variables: trialRow(otherAdviserCase),
        insider: adviser(otherAdviserCase.supportAdviserId!),
      },
    ],
    guarded: [
      'trial.id',
      'trial.status',
      'trial.filedAt',
      'trial.daysElapsed',
      'trial.hearings.id',
      'trial.hearings.scheduledFor',
      'trial.hearings.outcome',
    ],
  },
  {
    name: 'SUPPORT_ADVISER reads the cases of its survivors only',
    subgraph: 'cases',
    query:
      'query Supported($id: ID!) { case(id: $id) { id reference status province district survivor { pseudonym fullName contactPhone } } }',
    caller: adviser(world.supportAdviserId),
    inside: caseRow(world.case),
    outside: [
      {
        row: "another adviser's survivor's case",
        variables: caseRow(otherAdviserCase),
        insider: adviser(otherAdviserCase.supportAdviserId!),
      },
    ],
    guarded: [...CASE_CORE.filter((path) => path !== 'case.survivor.ageAtIncident'), 'case.survivor.fullName'],
  },
];

describe("row rules: inside and just outside the caller's cell, province and assignment", () => {
  it('are tested on rows that differ from the anchor where the rule looks', () => {
    expect(otherCellCase.crisisCellId).not.toBe(world.cell.id);
    expect(stationCase.crisisCellId).toBeNull();
    expect(otherProvinceCase.province).not.toBe(world.case.province);
    expect(otherProvinceOffender.province).not.toBe(world.offender.province);
    expect(otherOfficerCase.investigation!.investigatingOfficerId).not.toBe(world.officerId);
    expect(otherOfficerCase.province).toBe(world.case.province);
    expect(otherProsecutorCase.trial!.prosecutorId).not.toBe(world.trial.prosecutorId);
    expect(otherCourtCase.trial!.courtId).not.toBe(world.trial.courtId);
    expect(otherAdviserCase.supportAdviserId).not.toBe(world.supportAdviserId);
  });

  describe.each(ROW_RULES.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    it.each(['gateway', rule.subgraph] as Target[])('at %s', async (target) => {
      const inside = await ask(target, rule.caller, rule.query, rule.inside);
      expect(inside.errors, 'inside').toBeUndefined();
      expect(readable(inside, [...rule.guarded, ...(rule.open ?? [])]), 'inside').toEqual([]);
      for (const row of rule.outside) {
        const [outsider, insider] = await Promise.all([
          ask(target, rule.caller, rule.query, row.variables),
          ask(target, row.insider, rule.query, row.variables),
        ]);
        expect(insider.errors, `${row.row}, read by its own`).toBeUndefined();
        expect(readable(insider, [...rule.guarded, ...(rule.open ?? [])]), `${row.row}, read by its own`).toEqual([]);
        expect(refused(outsider, rule.guarded), row.row).toEqual([]);
        expect(readable(outsider, rule.open ?? []), row.row).toEqual([]);
        expect(
          (outsider.errors ?? []).filter((error) => error.extensions?.code !== UNAUTHORIZED),
          row.row,
        ).toEqual([]);
        const text = JSON.stringify(outsider.data ?? null);
        const secrets = secretsIn(insider, rule.guarded);
        expect(secrets.length, `${row.row}: values to look for`).toBeGreaterThan(0);
        expect(
          secrets.filter((secret) => text.includes(JSON.stringify(secret))),
          `${row.row}: leaked`,
        ).toEqual([]);
      }
    });
  });

  describe.each(['gateway', 'cases'] as Target[])('counselling sessions at %s', (target) => {
    const query = 'query Sessions($id: ID!) { case(id: $id) { reference counsellingSessions { id counsellorName } } }';
    const withRole = (cellId: string): Caller => ({
      identity: { agency: 'ARCC', sub: 'access-rows-counsellor', cellId, roles: ['counsellor'] },
      headers: {},
    });

    it("need the counsellor role and the case's own cell", async () => {
      expect(world.case.counsellingSessions.length).toBeGreaterThan(0);
      const counsellor = await ask(target, withRole(world.cell.id), query, caseRow(world.case));
      expect(counsellor.errors).toBeUndefined();
      expect(counsellor.data.case.counsellingSessions.map((s: { id: string }) => s.id).sort()).toEqual(
        world.case.counsellingSessions.map((s) => s.id).sort(),
      );

      const withoutRole = await ask(target, arcc(world.cell.id), query, caseRow(world.case));
      expect(readable(withoutRole, ['case.reference'])).toEqual([]);
      expect(refused(withoutRole, ['case.counsellingSessions'])).toEqual([]);

      const otherCellsCase = seededCases().find(
        (c) => c.crisisCellId && c.crisisCellId !== world.cell.id && c.counsellingSessions.length > 0,
      )!;
      const elsewhere = await ask(target, withRole(world.cell.id), query, caseRow(otherCellsCase));
      expect(refused(elsewhere, ['case.reference', 'case.counsellingSessions'])).toEqual([]);
      expect(JSON.stringify(elsewhere.data)).not.toContain(otherCellsCase.counsellingSessions[0]!.counsellorName);
      const ownCounsellor = await ask(target, withRole(otherCellsCase.crisisCellId!), query, caseRow(otherCellsCase));
      expect(readable(ownCounsellor, ['case.reference', 'case.counsellingSessions.counsellorName'])).toEqual([]);
    });
  });

  describe.each(['gateway', 'offenders'] as Target[])('offender identity for SSOIU at %s', (target) => {
    const query = 'query Identity($cnic: String!) { offenderByCnic(cnic: $cnic) { id registerNumber fullName aliases cnic dateOfBirth } }';
    const IDENTITY = ['offenderByCnic.fullName', 'offenderByCnic.aliases', 'offenderByCnic.cnic', 'offenderByCnic.dateOfBirth'];
    const officer = officerOf(world.case);

    it('needs a stated purpose naming a case the officer is assigned to', async () => {
      const variables = { cnic: world.offender.cnic };
      const stated = await ask(target, { ...officer, headers: { [PURPOSE_HEADER]: world.case.reference } }, query, variables);
      expect(stated.errors).toBeUndefined();
      expect(stated.data.offenderByCnic).toMatchObject({
        id: world.offender.id,
        fullName: world.offender.fullName,
        cnic: world.offender.cnic,
        dateOfBirth: world.offender.dateOfBirth,
      });

      for (const [what, headers] of [
        ['no purpose', {}],
        ['a case the officer does not investigate', { [PURPOSE_HEADER]: otherOfficerCase.reference }],
        ['a case that does not exist', { [PURPOSE_HEADER]: 'ARCC-XXX1-2020-999999' }],
      ] as const) {
        const response = await ask(target, { ...officer, headers }, query, variables);
        expect(readable(response, ['offenderByCnic.id', 'offenderByCnic.registerNumber']), what).toEqual([]);
        expect(refused(response, IDENTITY), what).toEqual([]);
        expect(JSON.stringify(response.data), what).not.toContain(world.offender.fullName);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Lists return only the rows the caller may see.

async function everyNode(target: Target, caller: Caller, root: 'cases' | 'trials', node: string) {
  const nodes: Record<string, any>[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const response: GraphQLResponse = await ask(
      target,
      caller,
      `query Every($after: String) { ${root}(first: 500, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${node} } } } }`,
      { after },
    );
    expect(response.errors).toBeUndefined();
    const connection = response.data[root];
    totals.add(connection.totalCount);
    nodes.push(...connection.edges.map((edge: { node: Record<string, any> }) => edge.node));
    if (!connection.pageInfo.hasNextPage) return { nodes, totals: [...totals] };
    after = connection.pageInfo.endCursor;
  }
  throw new Error(`${root} did not end within 20 pages`);
}

describe('lists carry only the rows the caller may see', () => {
  const cases = seededCases();
  const sorted = (ids: string[]) => [...ids].sort();

  describe.each(['gateway', 'cases'] as Target[])('cases at %s', (target) => {
    it("an ARCC cell: exactly that cell's cases", async () => {
      const expected = cases.filter((c) => c.crisisCellId === world.cell.id).map((c) => c.id);
      expect(expected.length).toBeGreaterThan(1);
      const { nodes, totals } = await everyNode(target, arcc(world.cell.id), 'cases', 'id reference');
      expect(sorted(nodes.map((n) => n.id))).toEqual(sorted(expected));
      expect(totals).toEqual([expected.length]);
    });

    it('SSOIU of Punjab: exactly the cases of Punjab', async () => {
      const expected = cases.filter((c) => c.province === 'PUNJAB').map((c) => c.id);
      expect(expected.length).toBeGreaterThan(500); // more than a page
      expect(expected.length).toBeLessThan(cases.length);
      const { nodes, totals } = await everyNode(target, ssoiu('PUNJAB'), 'cases', 'id province');
      expect(new Set(nodes.map((n) => n.province))).toEqual(new Set(['PUNJAB']));
      expect(sorted(nodes.map((n) => n.id))).toEqual(sorted(expected));
      expect(totals).toEqual([expected.length]);
    });

    it('PROSECUTION: exactly the cases whose trial it prosecutes', async () => {
      const expected = cases.filter((c) => c.trial?.prosecutorId === world.trial.prosecutorId).map((c) => c.id);
      expect(expected).toContain(world.case.id);
      const { nodes, totals } = await everyNode(target, prosecutor(world.trial.prosecutorId), 'cases', 'id reference');
      expect(sorted(nodes.map((n) => n.id))).toEqual(sorted(expected));
      expect(totals).toEqual([expected.length]);
    });
  });

  describe.each(['gateway', 'courts'] as Target[])('trials at %s', (target) => {
    it('a COURT: exactly the trials before it', async () => {
      const expected = cases.filter((c) => c.trial?.courtId === world.trial.courtId).map((c) => c.trial!.id);
      expect(expected.length).toBeGreaterThan(1);
      const { nodes, totals } = await everyNode(target, court(world.trial.courtId), 'trials', 'id court { id }');
      expect(new Set(nodes.map((n) => n.court.id))).toEqual(new Set([world.trial.courtId]));
      expect(sorted(nodes.map((n) => n.id))).toEqual(sorted(expected));
      expect(totals).toEqual([expected.length]);
    });
  });
});
