import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, isObjectType, Kind, parse, type DocumentNode, type GraphQLObjectType, type SelectionSetNode } from 'graphql';
import { PURPOSE_HEADER } from '#identity';
import { AGENCIES, type Agency, DISTRICTS, SCHEDULED_OFFENCES } from '#reference-data';
import { CRISIS_CELLS, PROSECUTORS, registerEntries, SPECIAL_COURTS } from '#synthetic-world';
import {
  anchorWorld,
  apiSchema,
  callerFor,
  type FuzzRequest,
  garbageArbitrary,
  operationArbitrary,
  type RunningStack,
  seededCases,
  startStack,
  tokenFor,
  type ValuePools,
} from '#test-kit';
import { EXPECTED_ACCESS, EXPECTED_ALL_MUTATIONS } from './fixtures/expected-access.ts';

/**
 * Bad input is the caller's error, never ours (issue 14, item 7): random
 * operations built from the gateway's schema, with random (valid, hostile and
 * junk) variables, and random documents that are not GraphQL, sent through
 * the gateway as every agency and anonymously. No answer may be a 5xx or an
 * INTERNAL_SERVER_ERROR, carry SQL, a stack trace, a file path or a host, or
 * hold a value of a field the expected matrix says the caller may never read.
 *
 * On a stack of its own (a copy of the seeded world), since the operations
 * include mutations. FUZZ_SEED and FUZZ_RUNS reproduce a run or lengthen it;
 * the default seed is fixed, so CI runs the same requests every time.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 14_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

const schema = apiSchema();
const world = anchorWorld();

/** Keys of rows that exist, so that many requests reach a resolver's real work, not just its first check. */
function pools(): ValuePools {
  const cases = seededCases().slice(0, 300);
  const register = [...registerEntries(1)].slice(0, 200);
  const ids = [
    ...cases.flatMap((c) => [
      c.id,
      ...c.evidence.map((e) => e.id),
      ...c.suspects.map((s) => s.id),
      ...(c.trial ? [c.trial.id, c.trial.courtId, c.trial.prosecutorId, ...c.trial.hearings.map((h) => h.id)] : []),
      ...(c.trial?.verdict?.convictions.map((v) => v.id) ?? []),
      ...(c.investigation ? [c.investigation.investigatingOfficerId] : []),
    ]),
    ...register.flatMap((e) => [e.id, ...e.notifications.map((n) => n.id)]),
    ...CRISIS_CELLS.map((cell) => cell.id),
    ...SPECIAL_COURTS.map((court) => court.id),
    ...PROSECUTORS.map((prosecutor) => prosecutor.id),
  ];
  const strings = [
    ...cases.flatMap((c) => [c.reference, c.fir?.number, c.trial?.caseNumber, c.survivor.cnic, c.district]),
    ...register.flatMap((e) => [e.cnic, e.registerNumber, e.fullName]),
    ...DISTRICTS.slice(0, 20).map((district) => district.name),
    ...Object.keys(SCHEDULED_OFFENCES).slice(0, 10),
    '2024',
    '2024-Q2',
    '2024-04',
    'Case.id',
    'Survivor.fullName',
  ].filter((value): value is string => typeof value === 'string');
  return { ids, strings };
}

interface Sent extends FuzzRequest {
  agency: Agency;
  headers: Record<string, string>;
}

const requestArbitrary: fc.Arbitrary<Sent> = fc
  .record({
    request: fc.oneof({ weight: 6, arbitrary: operationArbitrary(schema, pools()) }, { weight: 1, arbitrary: garbageArbitrary }),
    agency: fc.constantFrom(...AGENCIES),
    // What a header can carry at all (HTTP refuses control characters before any server sees them).
    purpose: fc.option(fc.constantFrom(world.case.reference, 'ARCC-XXX1-1999-999999', 'not a reference', "' OR 1=1 --", ' '), { freq: 3 }),
  })
  .map(({ request, agency, purpose }) => {
    const headers = { ...callerFor(agency).headers };
    if (purpose !== null && agency === 'SSOIU') headers[PURPOSE_HEADER] = purpose;
    return { ...request, agency, headers };
  });

// ---------------------------------------------------------------------------------------------
// What no answer may hold

/** What would tell a caller about our insides: each a pattern over error text, after the caller's own input is taken out. */
const LEAKS: Record<string, RegExp> = {
  SQL: /\b(select|insert\s+into|delete\s+from|relation|column|constraint|violates|duplicate key|sqlstate|syntax error at|invalid input syntax|invalid byte sequence|pg_\w+|DriverException|insufficient data left)\b/i,
  'a stack trace': /(\n\s*at\s|\bat\s+(async\s+)?[\w$.<>]+\s+\(|node:internal|\.(?:[cm]?[jt]s):\d+(?::\d+)?)/,
  'a file path': /(file:\/\/|\/(?:work|home|usr|tmp|var|opt|srv|app|root)\/|node_modules|[A-Za-z]:\\)/,
  'a host or port': /(\blocalhost\b|\b\d{1,3}(?:\.\d{1,3}){3}\b|https?:\/\/|\bECONN\w+|\bEADDR\w+|:\d{2,5}\/graphql)/i,
};

/** The request's own text (its document, and every string in its variables and headers), which an error may echo back. */
function echoesOf(sent: Sent): string[] {
  const strings: string[] = [sent.query, ...Object.values(sent.headers)];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        strings.push(key);
        collect(inner);
      }
    }
  };
  collect(sent.variables);
  return strings.filter((text) => text.length > 0);
}

/** An error's text with every quoted part the request itself sent taken out, and every verbatim echo of a sent string. */
function withoutEcho(text: string, echoes: readonly string[]): string {
  const sent = echoes.join('\n');
  let rest = text.replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, inner: string) => {
    let unescaped = inner;
    try {
      unescaped = JSON.parse(`"${inner}"`) as string;
    } catch {}
    return sent.includes(unescaped) || sent.includes(inner) ? '""' : quoted;
  });
  for (const echo of [...echoes].sort((a, b) => b.length - a.length)) if (echo.length >= 3) rest = rest.split(echo).join('');
  return rest;
}

interface ErrorEntry {
  message?: unknown;
  extensions?: Record<string, unknown>;
}

/** Whether the matrix says the agency may never read the coordinate (a mutation: never call it). */
function never(agency: Agency, type: string, field: string): boolean {
  const access = type === 'Mutation' ? EXPECTED_ALL_MUTATIONS.get(field) : EXPECTED_ACCESS.get(`${type}.${field}`);
  return (access?.[agency] ?? '–') === '–';
}

/** Where the data holds a value of a field the agency may never read, walking the operation as the schema types it. */
function refusedValues(document: DocumentNode, agency: Agency, data: unknown): string[] {
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const found: string[] = [];
  const walk = (set: SelectionSetNode, type: GraphQLObjectType, value: unknown, path: string): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(set, type, item, `${path}[${index}]`);
      return;
    }
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, type, value, path);
      if (selection.kind !== Kind.FIELD || selection.name.value === '__typename') continue;
      const definition = type.getFields()[selection.name.value];
      if (!definition) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const inner = (value as Record<string, unknown>)[key];
      if (inner === null || inner === undefined) continue;
      if (never(agency, type.name, definition.name)) found.push(`${path}${key} (${type.name}.${definition.name})`);
      const returned = getNamedType(definition.type);
      if (selection.selectionSet && isObjectType(returned)) walk(selection.selectionSet, returned, inner, `${path}${key}.`);
    }
  };
  if (root) walk(operation.selectionSet, root, data, '');
  return found;
}

interface Answer {
  status: number;
  text: string;
  body: { data?: unknown; errors?: ErrorEntry[] } | null;
}

/** Everything wrong with one answer; empty when it is the caller's error, or an answer, told properly. */
function problemsOf(sent: Sent, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  const errors = answer.body?.errors ?? [];
  for (const error of errors) {
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${String(error.message)}`);
    for (const key of ['stacktrace', 'exception', 'originalError'])
      if (error.extensions && key in error.extensions) problems.push(`extensions.${key}`);
  }
  const echoes = echoesOf(sent);
  const told = answer.body
    ? errors.map((error) => `${String(error.message)} ${JSON.stringify(error.extensions ?? {})}`)
    : [answer.text.slice(0, 10_000)];
  for (const text of told) {
    const own = withoutEcho(text, echoes);
    for (const [what, pattern] of Object.entries(LEAKS)) {
      const match = pattern.exec(own);
      if (match) problems.push(`${what} in "${own.slice(Math.max(0, match.index - 60), match.index + 60)}"`);
    }
  }
  if (answer.body?.data) {
    let document: DocumentNode | undefined;
    try {
      document = parse(sent.query);
    } catch {}
    if (document)
      for (const leak of refusedValues(document, sent.agency, answer.body.data)) problems.push(`refused field answered: ${leak}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

let stack: RunningStack;
const tokens = new Map<Agency, string | undefined>();

async function send(sent: Sent): Promise<Answer> {
  const token = tokens.get(sent.agency);
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...sent.headers },
    body: JSON.stringify({ query: sent.query, variables: sent.variables }),
  });
  const text = await response.text();
  let body: Answer['body'] = null;
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {}
  return { status: response.status, text, body };
}

beforeAll(async () => {
  stack = await startStack({ world: 'seeded' });
  for (const agency of AGENCIES) {
    const { identity } = callerFor(agency);
    tokens.set(agency, identity ? await tokenFor(identity) : undefined);
  }
});

afterAll(async () => {
  await stack?.stop();
});

describe('fuzzing the gateway with operations built from its schema', () => {
  it(`answers ${RUNS} random requests (seed ${SEED}) without a 5xx, an internal error, a leak of our insides or a refused field`, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (sent) => {
        const answer = await send(sent);
        for (const error of answer.body?.errors ?? []) {
          const code = String(error.extensions?.code ?? 'none');
          seen.set(code, (seen.get(code) ?? 0) + 1);
        }
        seen.set(`HTTP ${answer.status}`, (seen.get(`HTTP ${answer.status}`) ?? 0) + 1);
        const problems = problemsOf(sent, answer);
        if (problems.length > 0) {
          throw new Error(
            `${problems.join('; ')}\nas ${sent.agency}: ${sent.query.slice(0, 2_000)}\nvariables: ${JSON.stringify(sent.variables).slice(0, 2_000)}\nanswer: ${answer.text.slice(0, 2_000)}`,
          );
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.info(`fuzz (seed ${SEED}, ${RUNS} runs): ${[...seen].map(([what, count]) => `${what} ${count}`).join(', ')}`);
    // Not only refusals: some requests got past validation to the resolvers.
    expect(seen.get('HTTP 200') ?? 0).toBeGreaterThan(RUNS / 4);
  }, 300_000);
});

/**
 * What the fuzzer found, each answered INTERNAL_SERVER_ERROR before its fix:
 * - a NUL in a text key (PostgreSQL's "invalid byte sequence" / PGlite's "insufficient data left in message");
 * - a DateTime or Date the gateway passes through unchecked and the subgraph refuses whole (HTTP 400), which the gateway masked;
 * - the year 0000, which RFC 3339 allows and PostgreSQL has not ("date/time field value out of range").
 */
describe('regressions the fuzzer found, through the gateway', () => {
  const ask = async (agency: Agency, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await send({ query, variables, agency, headers: callerFor(agency).headers });
    expect(answer.status, answer.text).toBeLessThan(500);
    return answer.body!;
  };
  const codes = (body: Answer['body']) => (body?.errors ?? []).map((error) => error.extensions?.code);

  it('a NUL in any text a root field takes is BAD_USER_INPUT, for a lookup and for a mutation', async () => {
    const nul = 'SC-LHR-2026-0042\u0000';
    const lookups = await ask(
      'COURT',
      `query($k: String!) { caseByReference(reference: $k) { id } caseByFirNumber(firNumber: $k) { id } trialByCaseNumber(caseNumber: $k) { id } offenderByRegisterNumber(registerNumber: $k) { id } }`,
      { k: nul },
    );
    expect(lookups.data).toEqual({ caseByReference: null, caseByFirNumber: null, trialByCaseNumber: null, offenderByRegisterNumber: null });
    expect(codes(lookups)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const mutation = await ask('NPB', 'mutation($i: RecordVerificationInput!) { recordVerification(input: $i) { userErrors { code } } }', {
      i: {
        offenderId: world.offender.id,
        expectedVersion: 1,
        verifiedAt: new Date().toISOString(),
        place: 'PS\u0000Saddar',
        officerName: 'O',
      },
    });
    expect(mutation.data).toEqual({ recordVerification: null });
    expect((mutation.errors ?? []).map((error) => [error.extensions?.code, error.message])).toEqual([
      ['BAD_USER_INPUT', '"input.place" holds a NUL character, which no text here may.'],
    ]);
  });

  it('a malformed DateTime is the caller’s error, as a variable and written inline, though the gateway passes it to the subgraph', async () => {
    for (const instant of ['banana', '', '2024-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '0000-12-31T23:59:59.999Z']) {
      const asVariable = await ask('NPB', 'query($d: DateTime) { searchRegister(filter: { registeredFrom: $d }) { totalCount } }', {
        d: instant,
      });
      expect(asVariable.data, instant).toEqual({ searchRegister: null });
      expect(codes(asVariable), instant).toEqual(['BAD_USER_INPUT']);
      const inline = await ask('SSOIU', `{ trials(filter: { filedFrom: ${JSON.stringify(instant)} }) { totalCount } }`);
      expect(inline.data, instant).toEqual({ trials: null });
      expect(codes(inline), instant).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
    const mutation = await ask('NPB', 'mutation($i: MarkAbscondedInput!) { markAbsconded(input: $i) { userErrors { code } } }', {
      i: { offenderId: world.offender.id, expectedVersion: 1, abscondedAt: '0000-06-01T00:00:00Z' },
    });
    expect(codes(mutation)).toEqual(['BAD_USER_INPUT']);
    expect(mutation.errors![0]!.message).toContain('DateTime cannot represent a year before 0001');
  });

  it('the first instant PostgreSQL has is still an instant', async () => {
    const first = await ask('NPB', 'query($d: DateTime) { searchRegister(filter: { registeredBefore: $d }) { totalCount } }', {
      d: '0001-01-01T00:00:00Z',
    });
    expect(first).toEqual({ data: { searchRegister: { totalCount: 0 } } });
  });
});

describe('the checks can tell', () => {
  const sent: Sent = { query: '{ case(id: "x") { id } }', variables: {}, agency: 'NPB', headers: {} };
  const answerWith = (body: Answer['body'], status = 200): Answer => ({ status, text: JSON.stringify(body), body });

  it('an internal error, a 5xx, SQL, a stack, a path and a host', () => {
    expect(
      problemsOf(sent, answerWith({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })),
    ).toHaveLength(1);
    expect(problemsOf(sent, answerWith({ data: null }, 502))).toEqual(['HTTP 502']);
    for (const message of [
      'relation "cases.case" does not exist',
      'invalid input syntax for type uuid: "zz"',
      'TypeError: x is undefined\n    at resolve (/work/main/subgraphs/cases/src/resolvers/Query.ts:14:3)',
      'ENOENT: no such file /work/main/.data/cases',
      'connect ECONNREFUSED 127.0.0.1:4001',
    ]) {
      expect(
        problemsOf(sent, answerWith({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] })).length,
        message,
      ).toBeGreaterThan(0);
    }
  });

  it('but not the caller’s own words echoed back', () => {
    const echoing: Sent = { ...sent, variables: { v0: "'; select * from pg_user; --" } };
    const answer = answerWith({
      errors: [
        {
          message: `Variable "$v0" got invalid value "'; select * from pg_user; --"; ID cannot represent it.`,
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(problemsOf(echoing, answer)).toEqual([]);
  });

  it('a value of a field the matrix refuses the caller', () => {
    const read: Sent = { ...sent, query: '{ offenderByCnic(cnic: "1") { id currentAddress { city } } }', agency: 'NADRA' };
    expect(problemsOf(read, answerWith({ data: { offenderByCnic: { id: 'x', currentAddress: { city: 'Lahore' } } } }))).toEqual([
      'refused field answered: offenderByCnic.currentAddress (Offender.currentAddress)',
      'refused field answered: offenderByCnic.currentAddress.city (Address.city)',
    ]);
    expect(problemsOf(read, answerWith({ data: { offenderByCnic: { id: 'x', currentAddress: null } } }))).toEqual([]);
  });
});
