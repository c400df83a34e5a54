/**
 * The workloads of `npm run bench` (issue 5, item 2): each a realistic agency
 * query sent with a real token of an identity the policy lets read all of it,
 * so every configuration, with enforcement or without, has the same `data` to
 * answer and a refusal can only be a bug. Each workload rotates over a few
 * variants (cases, cells, districts, provinces) drawn from the synthetic world
 * at the benchmark's scale, so no single row is the only one ever read.
 *
 * test/query-plans.test.ts checks the plans of the SQL these queries cause.
 */
import { COMMITTEE_DASHBOARD_QUERY } from '../bench/lib/committee-dashboard.ts';
import type { DevIdentity } from '#identity';
import type { SubgraphName } from '../subgraphs/index.ts';
import { CRISIS_CELLS, caseCount, generateCase, registerEntries, type CaseFacts, type Province } from '#synthetic-world';
import { CASE_ACROSS_AGENCIES, crossesEveryAgency, investigatorOf } from './cross-agency-query.ts';
import { tokenFor } from './tokens.ts';

export const WORKLOAD_NAMES = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** One request of a workload, ready to send: the JSON body and the headers (token, stated purpose). */
export interface WorkloadRequest {
  /** What varies between a workload's requests (a case reference, a district). */
  label: string;
  body: string;
  headers: Record<string, string>;
  /**
   * Sent by one connection in order with the other requests of its group, as
   * one person's steps (an intake, then its exam): a connection keeps to one
   * group and starts it again from its first request.
   */
  group?: string;
  /** The body, from what the group's earlier answers kept (the exam of the case the intake opened). */
  bodyFrom?: (kept: Record<string, unknown>) => string;
  /** What a later request of the group needs from this one's answer. */
  keep?: (data: any, kept: Record<string, unknown>) => void;
}

/** The groups the requests come in (one person's steps each), in the order of their first request; none for requests sent alone. */
export const groupsOf = (requests: readonly WorkloadRequest[]): string[] => [
  ...new Set(requests.flatMap((request) => (request.group === undefined ? [] : [request.group]))),
];

/** The body to send: the request's own, or the one its group's earlier answers make. */
export const bodyOf = (request: WorkloadRequest, kept: Record<string, unknown>): string => request.bodyFrom?.(kept) ?? request.body;

export interface Workload {
  name: WorkloadName;
  title: string;
  /** Who sends it, and what it reads. */
  description: string;
  /** The one subgraph that can answer it alone, where there is one: configuration (a) asks it directly. */
  subgraph?: SubgraphName;
  /** Sent in turn by every connection. */
  requests: WorkloadRequest[];
  /** Throws unless `data` is what the request means to measure (the rows it asked for). */
  check(data: any, request: WorkloadRequest): { rows: number };
  /**
   * Writes: every answer is new (fresh ids, references), so each
   * configuration's answers are checked on their own, not against the
   * product's. They write only where the read workloads do not read (other
   * cells), so reads compare alike however many writes a shared database holds.
   */
  writes?: boolean;
}

/** Page sizes of the issue: an ARCC list of 100 cases, an NPB register page of 50. */
export const CELL_CASES_PAGE = 100;
export const REGISTER_PAGE = 50;
/**
 * How many variants each workload has. Every request of W1 to W3 is distinct
 * (its case, or its caller), and bench/lib/load.ts gives each connection
 * requests of its own, as 32 people at work would send them, so a gateway
 * that shares one subgraph answer between identical requests in flight (Hive
 * Gateway's HTTP executor does, by default) gains nothing real traffic would
 * not give it. Only the anonymous directory repeats itself, as it does in life.
 */
const VARIANTS = { cases: 32, cells: 4, staffPerCell: 8, districts: 4, officersPerDistrict: 8 } as const;
/** Enough of the world to rank cells and districts by size, at any scale (cases are drawn independently of each other). */
const SAMPLE_CASES = 20_000;
const SAMPLE_REGISTER_ENTRIES = 2_000;

/** W1: the cross-agency query of the tests (cross-agency-query.ts), by the case's investigating officer. */
const W1_QUERY = CASE_ACROSS_AGENCIES;

/**
 * W2: a crisis cell's newest 100 cases, with the cell from the crisis-cells
 * subgraph and what the cell itself records. DESIGN section 4 lets ARCC read
 * no trial field ("–"), so the trial status the issue mentions is not asked:
 * it would be refused at the gateway for every row.
 */
const W2_QUERY = /* GraphQL */ `
  query CellCases($cell: ID!, $first: Int!) {
    cases(filter: { crisisCellId: $cell }, first: $first) {
      totalCount
      edges {
        cursor
        node {
          id reference reportedAt category status province district
          crisisCell { id name hospital city }
          survivor { pseudonym ageAtIncident }
          medicoLegalExam { examinedAt hoursAfterReport dnaSamplesTaken }
          fir { number registeredAt policeStation }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** W3: the register by district, 50 per page, as the README's NPB example (without convictions, so the register alone answers it). */
const W3_QUERY = /* GraphQL */ `
  query RegisterByDistrict($district: String!, $first: Int!) {
    searchRegister(filter: { district: $district }, first: $first) {
      totalCount
      edges {
        cursor
        node {
          id registerNumber fullName cnic riskTier district registrationEndsAt
          currentAddress { line1 city }
          compliance { status lastVerifiedAt nextVerificationDue missedNotifications }
          notifications { kind submittedAt verifiedAt }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** W4: the public directory, as a survivor looking for help sees it (no token). */
const W4_QUERY = /* GraphQL */ `
  query FindHelp($province: Province) {
    crisisCells(province: $province, first: 50) {
      totalCount
      edges { node { id name hospital address city district province open24Hours services helpline } }
    }
  }
`;

/**
 * W5: the committee's whole dashboard (every section of the four subgraphs)
 * for a year and a province, served from the year's kept figures (each
 * subgraph prepares this year and last when it starts: docs/metrics.md).
 */
const W5_ROOT_FIELD = 'committeeDashboard';
const W5_QUERY = COMMITTEE_DASHBOARD_QUERY;
const W5_VARIABLES: Record<string, unknown> = { period: '2025', province: 'PUNJAB' };

const request = (
  label: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): WorkloadRequest => ({
  label,
  body: JSON.stringify({ query, variables }),
  headers: { 'content-type': 'application/json', ...headers },
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The first cases of the world at `scale` that `keep` accepts, at most `count` of them. */
function firstCases(scale: number, count: number, keep: (facts: CaseFacts) => boolean): CaseFacts[] {
  const found: CaseFacts[] = [];
  for (let index = 0; index < caseCount(scale) && found.length < count; index++) {
    const facts = generateCase(scale, index);
    if (keep(facts)) found.push(facts);
  }
  return found;
}

/** The `count` largest keys of a tally, largest first, ties by name. */
function largest(tally: Map<string, number>, count: number): string[] {
  return [...tally]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, count)
    .map(([key]) => key);
}

/**
 * Whether every suspect with a CNIC is on the register (convicted in this case,
 * or a repeat offender). For a suspect who is not, the register answers its
 * `registerEntry` reference with null: the product's gateway then answers
 * `registerEntry: null`, Hive Gateway an INTERNAL_SERVER_ERROR at
 * `registerEntry.id`, so no two gateways could be compared on that case.
 */
const everySuspectRegistered = (facts: CaseFacts) =>
  facts.suspects.every(
    (suspect) =>
      !suspect.cnic ||
      suspect.repeatOffenderIndex !== null ||
      facts.trial?.verdict?.convictions.some((c) => c.suspectPosition === suspect.position),
  );

async function w1(scale: number): Promise<Workload> {
  const cases = firstCases(scale, VARIANTS.cases, (facts) => crossesEveryAgency(facts) && everySuspectRegistered(facts));
  if (cases.length === 0) throw new Error(`the world at scale ${scale} has no case crossing every agency`);
  const requests = await Promise.all(
    cases.map(async (facts) => {
      const { identity, headers } = investigatorOf(facts);
      return request(facts.reference, W1_QUERY, { id: facts.id }, { ...bearer(await tokenFor(identity)), ...headers });
    }),
  );
  const byReference = new Map(cases.map((facts) => [facts.reference, facts]));
  return {
    name: 'W1',
    title: 'SSOIU opens one case across all four subgraphs',
    description:
      "the investigating officer (SSOIU, the case's province, the case stated as purpose) opens one case with its crisis cell, suspects and their register entries, trial, court, hearings, verdict, convictions and the convicted offenders' register entries (cases, crisis-cells, courts, offenders)",
    requests,
    check(data, { label }) {
      const facts = byReference.get(label)!;
      const found = data?.case;
      if (found?.id !== facts.id) throw new Error(`W1 ${label}: answered case ${found?.id ?? 'none'}`);
      if (
        !found.crisisCell?.name ||
        !found.trial?.hearings ||
        !found.trial.verdict?.convictions?.some((c: any) => c.offender?.registerNumber)
      ) {
        throw new Error(`W1 ${label}: the answer does not reach the crisis cell, the hearings and a convicted offender on the register`);
      }
      return { rows: 1 };
    },
  };
}

async function w2(scale: number): Promise<Workload> {
  const tally = new Map<string, number>();
  for (const facts of firstCases(scale, Math.min(caseCount(scale), SAMPLE_CASES), () => true)) {
    if (facts.crisisCellId) tally.set(facts.crisisCellId, (tally.get(facts.crisisCellId) ?? 0) + 1);
  }
  const cells = largest(tally, VARIANTS.cells);
  const names = new Map(CRISIS_CELLS.map((cell) => [cell.id, cell.name]));
  const cellOf = new Map<string, string>();
  const requests = await Promise.all(
    cells.flatMap((cellId) =>
      Array.from({ length: VARIANTS.staffPerCell }, async (_, n) => {
        const identity: DevIdentity = { agency: 'ARCC', cellId, sub: `bench-arcc-${cellId.slice(0, 8)}-${n}` };
        const label = `${names.get(cellId) ?? cellId}, staff ${n}`;
        cellOf.set(label, cellId);
        return request(label, W2_QUERY, { cell: cellId, first: CELL_CASES_PAGE }, bearer(await tokenFor(identity)));
      }),
    ),
  );
  return {
    name: 'W2',
    title: `ARCC lists ${CELL_CASES_PAGE} of its cases`,
    description: `crisis-cell staff (ARCC, own cell) list the cell's ${CELL_CASES_PAGE} newest cases with the cell (crisis-cells subgraph), survivor pseudonym, medico-legal exam and FIR (cases subgraph); no trial status, which DESIGN section 4 refuses ARCC`,
    requests,
    check(data, { label }) {
      const connection = data?.cases;
      const edges = connection?.edges;
      if (!Array.isArray(edges) || edges.length !== Math.min(CELL_CASES_PAGE, connection.totalCount) || edges.length === 0) {
        throw new Error(`W2 ${label}: ${edges?.length ?? 'no'} cases of ${connection?.totalCount ?? '?'}`);
      }
      if (edges.some((edge: any) => edge.node.crisisCell?.id !== cellOf.get(label)))
        throw new Error(`W2 ${label}: a case of another cell, or without its cell`);
      return { rows: edges.length };
    },
  };
}

async function w3(scale: number): Promise<Workload> {
  const tally = new Map<string, number>();
  let seen = 0;
  for (const entry of registerEntries(scale)) {
    tally.set(entry.district, (tally.get(entry.district) ?? 0) + 1);
    if (++seen >= SAMPLE_REGISTER_ENTRIES) break;
  }
  const districtOf = new Map<string, string>();
  const requests = await Promise.all(
    largest(tally, VARIANTS.districts).flatMap((district) =>
      Array.from({ length: VARIANTS.officersPerDistrict }, async (_, n) => {
        const label = `${district}, officer ${n}`;
        districtOf.set(label, district);
        return request(
          label,
          W3_QUERY,
          { district, first: REGISTER_PAGE },
          bearer(await tokenFor({ agency: 'NPB', sub: `bench-npb-officer-${n}` })),
        );
      }),
    ),
  );
  return {
    name: 'W3',
    title: `NPB searches the register by district, ${REGISTER_PAGE} per page`,
    description: `the National Police Bureau (NPB) reads the first page (${REGISTER_PAGE}) of a district's register entries with identity (audited), address, compliance and notifications (offenders subgraph)`,
    subgraph: 'offenders',
    requests,
    check(data, { label }) {
      const connection = data?.searchRegister;
      const edges = connection?.edges;
      if (!Array.isArray(edges) || edges.length === 0 || edges.length !== Math.min(REGISTER_PAGE, connection.totalCount)) {
        throw new Error(`W3 ${label}: ${edges?.length ?? 'no'} entries of ${connection?.totalCount ?? '?'}`);
      }
      if (
        edges.some(
          (edge: any) => edge.node.district !== districtOf.get(label) || edge.node.fullName === null || edge.node.compliance === null,
        )
      ) {
        throw new Error(`W3 ${label}: an entry of another district, or without identity or compliance`);
      }
      return { rows: edges.length };
    },
  };
}

function w4(): Workload {
  const provinces = [...new Set(CRISIS_CELLS.map((cell) => cell.province))].sort() as Province[];
  const requests = [request('all provinces', W4_QUERY, {}), ...provinces.map((province) => request(province, W4_QUERY, { province }))];
  return {
    name: 'W4',
    title: 'anonymous crisis-cell directory',
    description: "a caller without a token (PUBLIC) reads the crisis-cell directory, all of it or one province's (crisis-cells subgraph)",
    subgraph: 'crisis-cells',
    requests,
    check(data, { label }) {
      const edges = data?.crisisCells?.edges;
      if (!Array.isArray(edges) || edges.length === 0 || edges.some((edge: any) => !edge.node.helpline))
        throw new Error(`W4 ${label}: an empty directory, or a cell without its helpline`);
      return { rows: edges.length };
    },
  };
}

async function w5(): Promise<Workload> {
  const token = await tokenFor({ agency: 'SPECIAL_COMMITTEE', sub: 'bench-committee-member' });
  return {
    name: 'W5',
    title: 'committee dashboard',
    description: 'the Special Committee (SPECIAL_COMMITTEE) reads its dashboard of cross-agency metrics',
    requests: [request('dashboard', W5_QUERY, W5_VARIABLES, bearer(token))],
    check(data) {
      const dashboard = data?.[W5_ROOT_FIELD];
      const sections = ['cases', 'attritionFunnel', 'courts', 'register', 'crisisCells'];
      if (!dashboard || sections.some((section) => !dashboard[section]))
        throw new Error(`W5: a dashboard without all its sections (${sections.join(', ')})`);
      return { rows: 1 };
    },
  };
}

const W6_OPEN_CASE = /* GraphQL */ `
  mutation Intake($input: OpenCaseInput!) {
    openCase(input: $input) {
      case { id reference version status crisisCell { id } }
      userErrors { field code message }
    }
  }
`;

const W6_RECORD_EXAM = /* GraphQL */ `
  mutation Exam($input: RecordMedicoLegalExamInput!) {
    recordMedicoLegalExam(input: $input) {
      case { id version medicoLegalExam { examinedAt hoursAfterReport } }
      userErrors { field code message }
    }
  }
`;

/** Intake desks of W6: crisis-cell staff, two to a cell at most. */
const W6_DESKS = 32;

/**
 * W6: a crisis cell's intake and its exam, written as the cell's staff would:
 * each desk opens a case (`openCase`, a reference numbered under the cell's
 * counter) and records its medico-legal examination on it (the case's id and
 * version from the first answer). At the cells W2 does not read, so W2's
 * answers stay alike however many cases the runs add.
 */
async function w6(scale: number): Promise<Workload> {
  const read = new Set((await w2(scale)).requests.map((r) => JSON.parse(r.body).variables.cell as string));
  const cells = CRISIS_CELLS.filter((cell) => !read.has(cell.id));
  const reportedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const examinedAt = new Date(Date.now() - 3_600_000).toISOString();
  const requests = (
    await Promise.all(
      Array.from({ length: W6_DESKS }, async (_, n) => {
        const cell = cells[n % cells.length]!;
        const desk = `${cell.code} desk ${Math.floor(n / cells.length)}`;
        const headers = bearer(await tokenFor({ agency: 'ARCC', cellId: cell.id, sub: `bench-arcc-intake-${cell.code}-${n}` }));
        const intake = request(
          `${desk}: openCase`,
          W6_OPEN_CASE,
          {
            input: {
              reportedAt,
              category: 'RAPE',
              offenceSections: ['PPC 376(1)'],
              district: cell.district,
              survivor: { fullName: 'Synthetic Survivor', cnic: '17301-1234567-8', contactPhone: '0301-1234567', ageAtIncident: 24 },
            },
          },
          headers,
        );
        const exam = request(`${desk}: recordMedicoLegalExam`, W6_RECORD_EXAM, {}, headers);
        return [
          {
            ...intake,
            group: desk,
            keep: (data: any, kept: Record<string, unknown>) => {
              kept.caseId = data?.openCase?.case?.id;
              kept.version = data?.openCase?.case?.version;
            },
          },
          {
            ...exam,
            group: desk,
            bodyFrom: (kept: Record<string, unknown>) =>
              JSON.stringify({
                query: W6_RECORD_EXAM,
                variables: {
                  input: {
                    caseId: kept.caseId,
                    expectedVersion: kept.version,
                    examinedAt,
                    examinerName: 'Dr. Synthetic Examiner',
                    dnaSamplesTaken: true,
                    findingsSummary: 'Findings recorded on the standard form.',
                  },
                },
              }),
          },
        ];
      }),
    )
  ).flat();
  return {
    name: 'W6',
    title: 'ARCC intake with its medico-legal exam (writes)',
    description: `crisis-cell staff at ${W6_DESKS} intake desks (ARCC, own cell) each open a case (openCase: its reference from the cell's counter, the survivor's identity) and record its medico-legal examination (recordMedicoLegalExam, the case's version as read): two writes of the cases subgraph, audited with the change`,
    subgraph: 'cases',
    writes: true,
    requests,
    check(data, { label }) {
      const payload = data?.openCase ?? data?.recordMedicoLegalExam;
      if (!payload?.case?.id || payload.userErrors?.length !== 0)
        throw new Error(`W6 ${label}: not written (${JSON.stringify(payload?.userErrors ?? data)})`);
      return { rows: 1 };
    },
  };
}

const W7_READ_ENTRY = /* GraphQL */ `
  query Entry($id: ID!) {
    offender(id: $id) { id version }
  }
`;

const W7_RECORD_NOTIFICATION = /* GraphQL */ `
  mutation Notify($input: RecordNotificationInput!) {
    recordNotification(input: $input) {
      offender { id version compliance { status nextVerificationDue } }
      notification { id kind }
      userErrors { field code message }
    }
  }
`;

/** Registrants each NPB officer of W7 keeps, and the notices recorded in a row on each after reading it. */
const W7_ENTRIES_PER_OFFICER = 5;
const W7_NOTICES_PER_READ = 3;

/**
 * W7: the register's notifications, written as NPB keeps them: each of 32
 * officers, in turn for each of five registrants of their own, reads the
 * entry (its version) and records three notices of travel one after the
 * other (`recordNotification`, with the version each answer gives; compliance
 * refreshed with the write). Five registrants to an officer keep the notices
 * per registrant within what a registrant makes (a few dozen a run), since a
 * notice's compliance is derived from all of the registrant's notifications.
 * Registrants outside W3's districts and not convicted in the seeded trials
 * W1 reads, so the reads compare alike however many notices the runs add.
 */
async function w7(scale: number): Promise<Workload> {
  const readDistricts = new Set((await w3(scale)).requests.map((r) => JSON.parse(r.body).variables.district as string));
  const today = Date.now();
  const day = (days: number) => new Date(today + days * 86_400_000).toISOString().slice(0, 10);
  const entries: { id: string; registerNumber: string }[] = [];
  for (const entry of registerEntries(scale)) {
    if (entries.length === W6_DESKS * W7_ENTRIES_PER_OFFICER) break;
    if (entry.source.kind !== 'historical' || readDistricts.has(entry.district) || entry.abscondedAt !== null) continue;
    if (entry.registrationEndsAt <= day(400)) continue;
    entries.push(entry);
  }
  const officers = Math.floor(entries.length / W7_ENTRIES_PER_OFFICER);
  if (officers === 0) throw new Error(`W7: the register at scale ${scale} has too few active registrants outside W3's districts`);
  const requests = (
    await Promise.all(
      Array.from({ length: officers }, async (_, n) => {
        const headers = bearer(await tokenFor({ agency: 'NPB', sub: `bench-npb-notifications-${n}` }));
        const group = `officer ${n}`;
        return entries.slice(n * W7_ENTRIES_PER_OFFICER, (n + 1) * W7_ENTRIES_PER_OFFICER).flatMap((entry): WorkloadRequest[] => {
          const version = `version of ${entry.id}`;
          const read: WorkloadRequest = {
            ...request(`${group}, ${entry.registerNumber}: read`, W7_READ_ENTRY, { id: entry.id }, headers),
            group,
            keep: (data, kept) => {
              kept[version] = data?.offender?.version;
            },
          };
          const notices = Array.from(
            { length: W7_NOTICES_PER_READ },
            (_, k): WorkloadRequest => ({
              ...request(`${group}, ${entry.registerNumber}: notice ${k + 1}`, W7_RECORD_NOTIFICATION, {}, headers),
              group,
              bodyFrom: (kept) =>
                JSON.stringify({
                  query: W7_RECORD_NOTIFICATION,
                  variables: {
                    input: {
                      offenderId: entry.id,
                      expectedVersion: kept[version],
                      kind: 'DOMESTIC_TRAVEL',
                      submittedAt: new Date(Date.now() - 60_000).toISOString(),
                      travel: { destination: 'Lahore', departsOn: day(30), returnsOn: day(37), purpose: 'Family visit' },
                    },
                  },
                }),
              keep: (data, kept) => {
                kept[version] = data?.recordNotification?.offender?.version;
              },
            }),
          );
          return [read, ...notices];
        });
      }),
    )
  ).flat();
  return {
    name: 'W7',
    title: 'NPB records registrants’ notifications (writes)',
    description: `${officers} NPB officers, each in turn for ${W7_ENTRIES_PER_OFFICER} registrants of their own, read the entry and record ${W7_NOTICES_PER_READ} notices of domestic travel in a row (recordNotification with the version each answer gives, compliance refreshed in the same transaction): ${W7_NOTICES_PER_READ} writes to a read, offenders subgraph`,
    subgraph: 'offenders',
    writes: true,
    requests,
    check(data, { label }) {
      if (data?.offender) return { rows: 1 };
      const payload = data?.recordNotification;
      if (!payload?.offender?.id || payload.userErrors?.length !== 0)
        throw new Error(`W7 ${label}: not written (${JSON.stringify(payload?.userErrors ?? data)})`);
      return { rows: 1 };
    },
  };
}

/** Every workload, for the world seeded at `scale`. */
export async function agencyWorkloads(scale: number): Promise<Workload[]> {
  return [await w1(scale), await w2(scale), await w3(scale), w4(), await w5(), await w6(scale), await w7(scale)];
}
