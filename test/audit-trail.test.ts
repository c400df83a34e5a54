import { describe, expect, inject, it } from 'vitest';
import { graphql } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';

// The gateway's half of the audit trail: it reads the stated purpose,
// refuses a malformed one, and forwards it to the subgraph that records the read.

const gatewayUrl = inject('gatewayUrl');
const target = seededCases().find((facts) => facts.crisisCellId)!;

describe('the stated purpose, through the gateway', () => {
  it('is forwarded to the subgraph and recorded with the read, where an auditor finds it', async () => {
    const subject = `arcc-purpose-${Date.now()}`;
    const officer = await tokenFor({ agency: 'ARCC', sub: subject, cellId: target.crisisCellId! });
    const read = await graphql(gatewayUrl, `query($id: ID!) { case(id: $id) { reference survivor { fullName } } }`, {
      token: officer,
      variables: { id: target.id },
      headers: { 'x-case-purpose': target.reference },
    });
    expect(read.errors).toBeUndefined();
    expect(read.data.case.survivor.fullName).toBe(target.survivor.fullName);

    const auditor = await tokenFor({ agency: 'AUDITOR', sub: 'auditor-e2e' });
    const trail = await graphql(
      gatewayUrl,
      `query($subject: String!) {
        caseAuditTrail(filter: { subject: $subject }) { edges { node { subject agency field rowIds purpose outcome } } }
        verifyCaseAuditChain { ok }
      }`,
      { token: auditor, variables: { subject } },
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data.caseAuditTrail.edges.map((edge: any) => edge.node)).toEqual([
      { subject, agency: 'ARCC', field: 'Survivor.fullName', rowIds: [target.id], purpose: target.reference, outcome: 'ALLOWED' },
    ]);
    expect(trail.data.verifyCaseAuditChain.ok).toBe(true);
  });

  it('is refused with BAD_USER_INPUT at the gateway when malformed', async () => {
    const officer = await tokenFor({ agency: 'ARCC', sub: 'arcc-bad-purpose', cellId: target.crisisCellId! });
    const response = await graphql(gatewayUrl, `query($id: ID!) { case(id: $id) { survivor { fullName } } }`, {
      token: officer,
      variables: { id: target.id },
      headers: { 'x-case-purpose': 'because I wanted to' },
    });
    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
