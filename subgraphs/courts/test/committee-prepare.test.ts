import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { tokenFor } from '#test-kit';
import { createCourtsService } from '../src/server.ts';

/** The committee's figures of the recent years are counted and protected when a subgraph starts, not on the first request. */

let subgraph: SubgraphUnderTest;
const thisYear = Number(new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 4));

const metricsText = async () => (await fetch(new URL('/metrics', subgraph.url))).text();
const computedCourtsYears = async () =>
  Number(/^committee_figures_computed_total\{subgraph="courts",section="courts"\} (\d+)$/m.exec(await metricsText())?.[1] ?? 0);
/** The gauge `npm run bench` waits on before it measures anything. */
const preparing = async () => /^committee_figures_preparing\{subgraph="courts"\} ([01])$/m.exec(await metricsText())?.[1];

beforeAll(async () => {
  subgraph = await startSubgraphForTest(createCourtsService, { env: { ...process.env, METRICS_PREPARE_YEARS: '1' } });
});

afterAll(async () => {
  await subgraph?.stop();
});

describe('preparing the committee figures at start', () => {
  it('counts and protects this year’s figures before anyone asks, and serves the dashboard from them', async () => {
    await expect.poll(preparing, { timeout: 30_000, interval: 100 }).toBe('0');
    expect(await computedCourtsYears()).toBe(1);
    const token = await tokenFor({ agency: 'SPECIAL_COMMITTEE', sub: 'committee-prepare' });
    const response = await graphql(
      subgraph.url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on CommitteeDashboard { courts { trialsFiled { value suppressed } } } } }',
      {
        token,
        variables: { r: [{ __typename: 'CommitteeDashboard', id: `${thisYear}/-/-/MONTH/k5` }] },
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data._entities[0].courts.trialsFiled).toMatchObject({
      suppressed: expect.toBeOneOf([null, 'SMALL_COUNT', 'COMPLEMENTARY']),
    });
    // Served from the prepared year: nothing counted again.
    expect(await computedCourtsYears()).toBe(1);
  });
});
