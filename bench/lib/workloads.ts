import { tokenFor } from '#test-kit';

/** One benchmarked request: a query, its variables, who sends it, and what a correct answer must hold. */
export interface Workload {
  name: 'W-register' | 'W-cases';
  description: string;
  query: string;
  variables: Record<string, unknown>;
  /** Who sends it (the token's claims, without the secret). */
  identity: Record<string, unknown>;
  token: string;
  /** Throws unless `data` is the list the workload means to measure (row count, filter). */
  check: (data: any) => { rows: number };
}

export const REGISTER_ROWS = 1000;
export const DECIDED_CASES = 200;

/**
 * W-register: the National Police Bureau (which may read every field of every
 * entry: docs/access-matrix.md) lists 1,000 register entries with identity
 * fields (audited: one batched audit write per request, in both
 * configurations) and nested lists. NPB's row rules are "every row", so the
 * 'off' stack returns the same rows without a filter; the order is made total
 * by register number.
 */
const REGISTER_QUERY = /* GraphQL */ `
  query BenchRegister($first: Int!) {
    searchRegister(first: $first, orderBy: { field: REGISTER_NUMBER, direction: ASC }) {
      totalCount
      edges {
        node {
          id registerNumber fullName cnic dateOfBirth riskTier province district
          currentAddress { city }
          compliance { status }
          notifications { kind }
        }
      }
    }
  }
`;

/**
 * W-cases: an SSOIU officer of Punjab lists the 200 oldest decided cases of
 * Punjab with their nested cross-subgraph data: the 'investigation (SSOIU)'
 * selection of test/no-n-plus-one.test.ts, with `province: PUNJAB` in the
 * filter so the 'off' stack (no row scope) returns the same rows, and without
 * the register entry's notifications and compliance (refused for registrants
 * living in another province, so 'on' and 'off' would not do the same work;
 * W-register covers those loaders).
 */
const CASES_QUERY = /* GraphQL */ `
  query BenchDecidedCasesInvestigated($first: Int!) {
    cases(first: $first, filter: { status: [DECIDED], province: PUNJAB }, orderBy: { field: REPORTED_AT, direction: ASC }) {
      totalCount
      edges {
        node {
          id reference category offenceSections status province district
          crisisCell { id name hospital }
          survivor { pseudonym ageAtIncident }
          evidence { id kind custody { at toHolder } }
          fir { number registeredAt }
          investigation { unitName status chargeSheetFiledAt }
          suspects { id name registerEntry { id registerNumber convictions { id } } }
          trial {
            id caseNumber status daysElapsed
            court { name } prosecutor { name } charges { offenceSection }
            hearings { scheduledFor outcome }
            verdict { outcome convictions { id sentence { description } offender { id registerNumber riskTier } } }
          }
        }
      }
    }
  }
`;

export async function workloads(): Promise<Workload[]> {
  const npb = { agency: 'NPB', sub: 'bench-npb-officer' } as const;
  const ssoiu = { agency: 'SSOIU', province: 'PUNJAB', sub: 'bench-ssoiu-officer' } as const;
  return [
    {
      name: 'W-register',
      description: `NPB lists ${REGISTER_ROWS} register entries with identity fields (audited), address, compliance and notifications`,
      query: REGISTER_QUERY,
      variables: { first: REGISTER_ROWS },
      identity: npb,
      token: await tokenFor(npb),
      check: (data) => {
        const edges = data?.searchRegister?.edges;
        if (!Array.isArray(edges) || edges.length !== REGISTER_ROWS) {
          throw new Error(`W-register returned ${edges?.length ?? 'no'} entries, not ${REGISTER_ROWS}: seed a larger --scale`);
        }
        if (edges.some((edge: any) => edge.node.fullName === null || edge.node.compliance === null))
          throw new Error('W-register has entries without identity or compliance');
        return { rows: edges.length };
      },
    },
    {
      name: 'W-cases',
      description: `SSOIU (Punjab) lists the ${DECIDED_CASES} oldest decided cases of Punjab with nested cross-subgraph data`,
      query: CASES_QUERY,
      variables: { first: DECIDED_CASES },
      identity: ssoiu,
      token: await tokenFor(ssoiu),
      check: (data) => {
        const edges = data?.cases?.edges;
        if (!Array.isArray(edges) || edges.length !== DECIDED_CASES) {
          throw new Error(`W-cases returned ${edges?.length ?? 'no'} cases, not ${DECIDED_CASES}: seed a larger --scale`);
        }
        for (const { node } of edges) {
          if (node.province !== 'PUNJAB' || node.status !== 'DECIDED')
            throw new Error(`W-cases returned case ${node.id} (${node.province}, ${node.status})`);
        }
        // The list must reach the courts and the register through the trial's verdicts, or it measures less than it claims.
        if (!edges.some((edge: any) => edge.node.trial?.verdict?.convictions?.some((c: any) => c.offender?.registerNumber))) {
          throw new Error('W-cases reaches no convicted offender on the register');
        }
        return { rows: edges.length };
      },
    },
  ];
}
