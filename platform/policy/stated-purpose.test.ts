import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '#identity';
import { createStatedPurposeCheck, STATED_PURPOSE_QUERY } from './stated-purpose.ts';

// A stand-in for the cases subgraph: answers assignedToCase from a set it is given, and counts what it is asked.
let server: Server;
let url: string;
let asked: { reference: string; requestId: string; authorization: string }[] = [];
const assigned = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { query, variables } = JSON.parse(body);
      expect(query).toBe(STATED_PURPOSE_QUERY);
      asked.push({
        reference: variables.reference,
        requestId: String(req.headers['x-request-id']),
        authorization: String(req.headers.authorization),
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { assignedToCase: assigned.has(variables.reference) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  asked = [];
  assigned.clear();
  assigned.add('SSOIU-LHR-2025-000001');
});

const officer = (token: string): Viewer => ({ sub: 'officer-1', agency: 'SSOIU', roles: [], scopes: ['agency:SSOIU'], token });

describe('the stated-purpose check', () => {
  it('asks the cases subgraph as the officer, and answers what it says', async () => {
    const check = createStatedPurposeCheck({ assignmentsUrl: () => url });
    expect(await check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1')).toBe(true);
    expect(await check(officer('t1'), 'SSOIU-LHR-2025-000002', 'r1')).toBe(false);
    expect(asked).toEqual([
      { reference: 'SSOIU-LHR-2025-000001', requestId: 'r1', authorization: 'Bearer t1' },
      { reference: 'SSOIU-LHR-2025-000002', requestId: 'r1', authorization: 'Bearer t1' },
    ]);
  });

  it('asks once for the fetches of one request (same id, token and purpose), at once or one after the other', async () => {
    const check = createStatedPurposeCheck({ assignmentsUrl: () => url });
    const together = await Promise.all([
      check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1'),
      check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1'),
    ]);
    expect(together).toEqual([true, true]);
    expect(await check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1')).toBe(true);
    expect(asked).toHaveLength(1);
  });

  it('asks again for another request id, another token or another purpose', async () => {
    const check = createStatedPurposeCheck({ assignmentsUrl: () => url });
    await check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1');
    await check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r2');
    await check(officer('t2'), 'SSOIU-LHR-2025-000001', 'r1');
    await check(officer('t1'), 'SSOIU-LHR-2025-000003', 'r1');
    expect(asked).toHaveLength(4);
  });

  it('does not honour a withdrawn assignment once the shared answer has expired', async () => {
    const check = createStatedPurposeCheck({ assignmentsUrl: () => url, shareForMs: 50 });
    expect(await check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1')).toBe(true);
    assigned.clear();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1')).toBe(false);
    expect(asked).toHaveLength(2);
  });

  it('says no, without asking, when there is no purpose or no token', async () => {
    const check = createStatedPurposeCheck({ assignmentsUrl: () => url });
    expect(await check(officer('t1'), undefined, 'r1')).toBe(false);
    expect(await check({ ...officer('t1'), token: undefined }, 'SSOIU-LHR-2025-000001', 'r1')).toBe(false);
    expect(asked).toEqual([]);
  });

  it('says no when the cases subgraph cannot be reached', async () => {
    const check = createStatedPurposeCheck({ assignmentsUrl: () => 'http://127.0.0.1:1/graphql' });
    expect(await check(officer('t1'), 'SSOIU-LHR-2025-000001', 'r1')).toBe(false);
  });
});
