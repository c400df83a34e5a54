import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AUDIT_WRITE_STATEMENTS } from '#audit';
import { graphql } from '#test-kit';
import { sqlStatementsDuring } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';
import type { CaseFacts } from '#synthetic-world';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

/**
 * Cases, oldest first, with everything every subgraph knows about them, as two
 * agencies see them: no single agency may read every nested field (the
 * gateway takes out what the caller may never read, the subgraphs what their
 * row rules refuse), so the crisis-cell side is read by a counsellor of the
 * busiest crisis cell (ARCC, its own cell's cases) and the investigation and
 * court side by the investigation unit of Punjab (SSOIU, its province's
 * decided cases). Together they reach every loader and every row rule.
 */
const CASE_CORE = 'id reference category offenceSections status province district';
const DECIDED_CASES_NESTED: Record<'crisis cell (ARCC, counsellor)' | 'investigation (SSOIU)', string> = {
  'crisis cell (ARCC, counsellor)': /* GraphQL */ `
    query CasesAtTheCell($first: Int!) {
      cases(first: $first, orderBy: { field: REPORTED_AT, direction: ASC }) {
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

const oldestFirst = (cases: CaseFacts[]) =>
  [...cases].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || (a.id < b.id ? -1 : 1));

/** The busiest crisis cell, whose staff see the most cases. */
const busiestCell = [
  ...Map.groupBy(
    seededCases().filter((c) => c.crisisCellId),
    (c) => c.crisisCellId!,
  ),
].sort((a, b) => b[1].length - a[1].length)[0]!;

/** What each view's list holds, oldest first, as the world made it. */
const VISIBLE: Record<keyof typeof DECIDED_CASES_NESTED, () => CaseFacts[]> = {
  'crisis cell (ARCC, counsellor)': () => oldestFirst(busiestCell[1]),
  'investigation (SSOIU)': () => oldestFirst(seededCases().filter((c) => c.status === 'DECIDED' && c.province === 'PUNJAB')),
};

describe('SQL statements per request do not grow with the rows returned', () => {
  const tokens: Record<keyof typeof DECIDED_CASES_NESTED, string> = { 'crisis cell (ARCC, counsellor)': '', 'investigation (SSOIU)': '' };
  beforeAll(async () => {
    tokens['crisis cell (ARCC, counsellor)'] = await tokenFor({
      agency: 'ARCC',
      roles: ['counsellor'],
      sub: 'counsellor-test',
      cellId: busiestCell[0],
    });
    tokens['investigation (SSOIU)'] = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-test' });
  });

  it.each(Object.keys(DECIDED_CASES_NESTED) as (keyof typeof DECIDED_CASES_NESTED)[])(
    'costs the same for 10 cases and for up to 200 with their nested cross-subgraph data, as the %s sees them',
    async (view) => {
      const visible = VISIBLE[view]();
      const large = Math.min(200, visible.length);
      expect(large).toBeGreaterThan(100);
      // Both lists must reach every subgraph on every path, or the comparison proves nothing.
      for (const list of [visible.slice(0, 10), visible.slice(0, large)]) {
        expect(list.some((c) => c.crisisCellId)).toBe(true);
        if (view === 'investigation (SSOIU)') expect(list.some((c) => c.trial?.verdict?.convictions.length)).toBe(true);
        else expect(list.some((c) => c.counsellingSessions.length)).toBe(true);
      }

      const run = async (first: number) => {
        let edges: { node: { id: string } }[] = [];
        let refused = false;
        const counts = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
          const { data, errors } = await graphql(gatewayUrl, DECIDED_CASES_NESTED[view], {
            variables: { first },
            token: tokens[view],
            requestId,
          });
          // The one refusal expected: an SSOIU officer reads a registrant's notifications and compliance only in their own province.
          for (const error of errors ?? []) {
            expect(error.extensions?.code, JSON.stringify(error)).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
            expect(['notifications', 'compliance']).toContain(error.path?.at(-1));
          }
          refused = (errors ?? []).length > 0;
          edges = data.cases.edges;
        });
        expect(edges.map((edge) => edge.node.id)).toEqual(visible.slice(0, first).map((c) => c.id));
        // Refusals are recorded on the register's audit trail: one batch, whatever their number.
        if (refused) counts.perSubgraph.offenders = counts.perSubgraph.offenders! - AUDIT_WRITE_STATEMENTS;
        return counts;
      };

      const ten = await run(10);
      const many = await run(large);
      console.info(`SQL statements (${view}) for 10 cases: ${JSON.stringify(ten)}; for ${large} cases: ${JSON.stringify(many)}`);
      expect(many.perSubgraph).toEqual(ten.perSubgraph);
      expect(ten.total).toBeGreaterThan(0);
    },
  );
});
