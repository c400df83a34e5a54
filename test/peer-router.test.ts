import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CASE_ACROSS_AGENCIES, caseAcrossAgencies, investigatorOf } from '#test-kit';
import { graphql } from '#test-kit';
import { startHiveGateway, type RunningHiveGateway } from '#test-kit';
import { tokenFor } from '#test-kit';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

describe('the supergraph is standard Federation 2', () => {
  let hive: RunningHiveGateway;
  beforeAll(async () => {
    hive = await startHiveGateway(subgraphUrls);
  });
  afterAll(() => hive?.stop());

  it('gives Hive Gateway the same answer to the cross-agency query as the product gateway', async () => {
    const { identity, headers } = investigatorOf(caseAcrossAgencies());
    const token = await tokenFor(identity);
    const variables = { id: caseAcrossAgencies().id };
    const viaApollo = await graphql(gatewayUrl, CASE_ACROSS_AGENCIES, { variables, token, headers });
    const viaHive = await graphql(hive.url, CASE_ACROSS_AGENCIES, { variables, token, headers });
    expect(viaApollo.errors).toBeUndefined();
    expect(viaHive.errors).toBeUndefined();
    expect(viaHive.data).toEqual(viaApollo.data);
    expect(viaHive.data.case.trial.verdict.convictions.length).toBeGreaterThan(0);
  });
});
