import { beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from './support/graphql-client.ts';
import { sqlStatementsDuring } from './support/metrics.ts';
import { tokenFor } from './support/tokens.ts';
import { seededCases } from './support/world.ts';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

/**
 * Decided cases, oldest first, with everything every subgraph knows about them,
 * as two agencies see it: no single agency may read every nested field (the
 * gateway takes out what the caller may never read), so the crisis-cell side
 * is read by a counsellor of a crisis cell (ARCC) and the investigation and
 * court side by the investigation unit (SSOIU). Together they reach every loader.
 */
const CASE_CORE = 'id reference category offenceSections status province district';
const DECIDED_CASES_NESTED: Record<'crisis cell (ARCC, counsellor)' | 'investigation (SSOIU)', string> = {
  'crisis cell (ARCC, counsellor)': /* GraphQL */ `
    query DecidedCasesAtTheCell($first: Int!) {
      cases(first: $first, filter: { status: [DECIDED] }, orderBy: { field: REPORTED_AT, direction: ASC }) {
        totalCount
        edges {
          node {
            ${CASE_CORE}
            crisisCell { id name hospital staffOnDuty { name role } }
            survivor { pseudonym ageAtIncident }
            medicoLegalExam { examinedAt hoursAfterReport }
            evidence { id kind custody { at toHolder } }
            counsellingSessions { id heldAt }
            fir { number registeredAt }
          }
        }
      }
    }
  `,
  'investigation (SSOIU)': /* GraphQL */ `
    query DecidedCasesInvestigated($first: Int!) {
      cases(first: $first, filter: { status: [DECIDED] }, orderBy: { field: REPORTED_AT, direction: ASC }) {
        totalCount
        edges {
          node {
            ${CASE_CORE}
            crisisCell { id name hospital }
            survivor { pseudonym ageAtIncident }
            medicoLegalExam { examinedAt hoursAfterReport }
            evidence { id kind custody { at toHolder } }
            fir { number registeredAt }
            investigation { unitName status chargeSheetFiledAt }
            suspects { id name registerEntry { id registerNumber notifications { kind } compliance { status } convictions { id } } }
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
  `,
};

function decidedOldestFirst(count: number) {
  return seededCases()
    .filter((c) => c.status === 'DECIDED')
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || (a.id < b.id ? -1 : 1))
    .slice(0, count);
}

describe('SQL statements per request do not grow with the rows returned', () => {
  const tokens: Record<keyof typeof DECIDED_CASES_NESTED, string> = { 'crisis cell (ARCC, counsellor)': '', 'investigation (SSOIU)': '' };
  beforeAll(async () => {
    tokens['crisis cell (ARCC, counsellor)'] = await tokenFor({ agency: 'ARCC', roles: ['counsellor'], sub: 'counsellor-test' });
    tokens['investigation (SSOIU)'] = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-test' });
  });

  it.each(Object.keys(DECIDED_CASES_NESTED) as (keyof typeof DECIDED_CASES_NESTED)[])(
    'costs the same for 10 and for 200 cases with their nested cross-subgraph data, as the %s sees them',
    async (view) => {
      // Both lists must reach every subgraph on every path, or the comparison proves nothing.
      for (const list of [decidedOldestFirst(10), decidedOldestFirst(200)]) {
        expect(list.some((c) => c.crisisCellId)).toBe(true);
        expect(list.some((c) => c.trial?.verdict?.convictions.length)).toBe(true);
      }

      const run = async (first: number) => {
        let edges: unknown[] = [];
        const counts = await sqlStatementsDuring(subgraphUrls, async () => {
          const { data, errors } = await graphql(gatewayUrl, DECIDED_CASES_NESTED[view], { variables: { first }, token: tokens[view] });
          expect(errors).toBeUndefined();
          edges = data.cases.edges;
        });
        expect(edges).toHaveLength(first);
        return counts;
      };

      const ten = await run(10);
      const twoHundred = await run(200);
      console.info(`SQL statements (${view}) for 10 cases: ${JSON.stringify(ten)}; for 200 cases: ${JSON.stringify(twoHundred)}`);
      expect(twoHundred.perSubgraph).toEqual(ten.perSubgraph);
      expect(ten.total).toBeGreaterThan(0);
    },
  );
});
