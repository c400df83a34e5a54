/**
 * Issue 14, item 3, over HTTP: trusted documents. A front-end's manifest (here
 * in GraphQL Code Generator's client-preset format, through
 * TRUSTED_DOCUMENTS_MANIFESTS) and the repository's own (the README's
 * examples, in Apollo's format) are read at start; `enforce` runs only their
 * operations, by id or as their exact text, and refuses anything else before
 * it is parsed; `allow` runs both, with automatic persisted queries; `off`
 * looks no id up. A manifest that cannot be trusted stops the gateway in one line.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { defaultGatewayParts } from '../gateway/part.ts';
import { DASHBOARD_PAGE_QUERY } from '../gateway/dashboard/query.ts';
import { documentIdOf } from '../gateway/plugins/trusted-documents/manifest.ts';
import { listen, type ListeningService, StartupRefusal } from '#service';
import { postGraphQL, type RunningStack, seededCases, sqlStatementsDuring, startStack, tokenFor } from '#test-kit';

const target = seededCases().find((facts) => facts.crisisCellId)!;

/** The front-end's operations: a read of survivor identity (audited when it runs), and the auditor's look at the trail. */
const SURVIVOR = 'query Survivor($id: ID!) { case(id: $id) { reference survivor { fullName } } }';
const TRAIL = 'query Trail($subject: String!) { caseAuditTrail(filter: { subject: $subject }) { totalCount } }';
/** The README's directory example, registered by the repository's own manifest (trusted-documents/readme-examples.json). */
const readmeManifest = JSON.parse(readFileSync(new URL('../trusted-documents/readme-examples.json', import.meta.url), 'utf8'));
const dashboardManifest = JSON.parse(readFileSync(new URL('../trusted-documents/committee-dashboard.json', import.meta.url), 'utf8'));
const DIRECTORY = readmeManifest.operations.find((operation: { body: string }) => operation.body.includes('CHILD_PROTECTION'));

type Answer = Awaited<ReturnType<typeof postGraphQL>>;

const byHash = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });
const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

describe('trusted documents', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'trusted-documents-test-'));
  /** The front-end's manifest, as the client preset writes persisted-documents.json. */
  const frontEnd = path.join(folder, 'persisted-documents.json');
  writeFileSync(frontEnd, JSON.stringify({ [documentIdOf(SURVIVOR)]: SURVIVOR, [documentIdOf(TRAIL)]: TRAIL }));
  let stack: RunningStack;
  let allow: ListeningService;
  let off: ListeningService;
  let staff: string;
  let auditor: string;
  let subject: string;

  beforeAll(async () => {
    const env = { TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_MANIFESTS: frontEnd, LOG_LEVEL: 'silent' };
    stack = await startStack({ world: 'seeded', env });
    // The other modes are the same graph behind a gateway of their own.
    const gateway = async (mode: string) =>
      listen(
        await createGatewayService({
          env: { ...process.env, ...env, TRUSTED_DOCUMENTS: mode },
          subgraphUrls: stack.subgraphUrls,
        }),
        0,
        '127.0.0.1',
        '/graphql',
      );
    [allow, off] = await Promise.all([gateway('allow'), gateway('off')]);
    subject = `trusted-documents-${randomUUID()}`;
    staff = await tokenFor({ agency: 'ARCC', sub: subject, cellId: target.crisisCellId! });
    auditor = await tokenFor({ agency: 'AUDITOR', sub: 'trusted-documents-auditor' });
  });
  afterAll(async () => {
    await Promise.all([allow?.stop(), off?.stop()]);
    await stack?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Entries of the cases subgraph's trail for this test's staff member, read through the enforcing gateway by id. */
  const trailEntries = async () => {
    const answer = await postGraphQL(stack.gatewayUrl, { ...byHash(documentIdOf(TRAIL)), variables: { subject } }, { token: auditor });
    expect(answer.errors).toBeUndefined();
    return answer.data.caseAuditTrail.totalCount as number;
  };

  describe('enforce', () => {
    it('refuses an ad-hoc operation with QUERY_NOT_IN_SAFELIST before anything runs: no SQL, no audit entry', async () => {
      const adHoc = 'query Survivor($id: ID!) { case(id: $id) { survivor { fullName cnic } } }';
      const statements = await sqlStatementsDuring(stack.subgraphUrls, async (requestId) => {
        const answer = await postGraphQL(stack.gatewayUrl, { query: adHoc, variables: { id: target.id } }, { token: staff, requestId });
        expect(answer).toMatchObject({ status: 403, errors: [{ extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }] });
        expect(answer.data).toBeUndefined();
        expect(answer.errors).toHaveLength(1);
      });
      expect(statements.total).toBe(0);
      expect(await trailEntries()).toBe(0);
    });

    it('runs a registered operation sent by id, which the audit trail records (the control)', async () => {
      const answer = await postGraphQL(
        stack.gatewayUrl,
        { ...byHash(documentIdOf(SURVIVOR)), variables: { id: target.id } },
        { token: staff },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data.case).toEqual({ reference: target.reference, survivor: { fullName: target.survivor.fullName } });
      expect(await trailEntries()).toBe(1);
    });

    it("runs a registered operation by GraphQL over HTTP's documentId, in a POST body or a GET's URL, bare or sha256:", async () => {
      const posted = await postGraphQL(stack.gatewayUrl, { documentId: `sha256:${DIRECTORY.id}` });
      expect(posted.errors).toBeUndefined();
      expect(posted.data.crisisCells.totalCount).toBeGreaterThan(0);
      const url = new URL(stack.gatewayUrl);
      url.searchParams.set('documentId', DIRECTORY.id);
      const got = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(got.status).toBe(200);
      expect(await got.json()).toEqual({ data: posted.data });
    });

    it('runs a registered operation sent as its exact text, and refuses the same operation written otherwise', async () => {
      const exact = await postGraphQL(stack.gatewayUrl, { query: DIRECTORY.body });
      expect(exact.errors).toBeUndefined();
      expect(exact.data.crisisCells.totalCount).toBeGreaterThan(0);
      const reformatted = await postGraphQL(stack.gatewayUrl, { query: DIRECTORY.body.replace(/\n\s*/g, ' ') });
      expect(codeOf(reformatted)).toBe('QUERY_NOT_IN_SAFELIST');
    });

    it("runs the committee's dashboard page's own operation, sent as the page sends it (the repository registers it)", async () => {
      const committee = await tokenFor({ agency: 'SPECIAL_COMMITTEE', sub: 'trusted-documents-committee' });
      const answer = await postGraphQL(
        stack.gatewayUrl,
        { query: DASHBOARD_PAGE_QUERY, operationName: 'CommitteeDashboardPage', variables: { period: '2025' } },
        { token: committee },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toMatchObject({ committeeDashboard: { attritionFunnel: { stages: expect.any(Array) } } });
    });

    it('refuses a text that does not even parse as untrusted, not as a syntax error: it is never parsed', async () => {
      expect(await postGraphQL(stack.gatewayUrl, { query: '{ case(' })).toMatchObject({
        status: 403,
        errors: [{ extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }],
      });
    });

    it('refuses an id no manifest holds with PERSISTED_QUERY_NOT_IN_LIST (404), and never learns one from a client', async () => {
      const query = `{ crisisCells(province: SINDH) { totalCount } } # ${randomUUID()}`;
      const id = documentIdOf(query);
      const unknown = await postGraphQL(stack.gatewayUrl, byHash(id));
      expect(unknown).toMatchObject({
        status: 404,
        errors: [{ message: `Persisted query '${id}' not found in the persisted query list` }],
      });
      expect(codeOf(unknown)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(unknown.headers.get('cache-control')).toMatch(/no-cache/);
      expect(codeOf(await postGraphQL(stack.gatewayUrl, { documentId: `sha256:${id}` }))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      // Automatic persisted queries would register it now: refused, and still unknown after.
      expect(codeOf(await postGraphQL(stack.gatewayUrl, { query, ...byHash(id) }))).toBe('QUERY_NOT_IN_SAFELIST');
      expect(codeOf(await postGraphQL(stack.gatewayUrl, byHash(id)))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    });

    it('refuses a malformed id, and a documentId sent with another text, with BAD_REQUEST', async () => {
      for (const body of [byHash('abc'), { documentId: 'md5:abc' }, { documentId: DIRECTORY.id, query: '{ __typename }' }]) {
        const answer = await postGraphQL(stack.gatewayUrl, body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(codeOf(answer)).toBe('BAD_REQUEST');
      }
    });

    it('counts what it refused on /metrics, and how many documents it holds', async () => {
      const metrics = await (await fetch(new URL('/metrics', stack.gatewayUrl))).text();
      const value = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1]);
      expect(value(/^trusted_documents_refused_total\{reason="ad_hoc"\} (\d+)$/m)).toBeGreaterThanOrEqual(3);
      expect(value(/^trusted_documents_refused_total\{reason="unknown_id"\} (\d+)$/m)).toBeGreaterThanOrEqual(2);
      expect(value(/^trusted_documents_registered (\d+)$/m)).toBe(
        readmeManifest.operations.length + dashboardManifest.operations.length + 2,
      );
    });
  });

  describe('allow', () => {
    it('runs registered operations by id, and ad-hoc ones', async () => {
      const byId = await postGraphQL(allow.url, byHash(DIRECTORY.id));
      expect(byId.errors).toBeUndefined();
      expect(byId.data.crisisCells.totalCount).toBeGreaterThan(0);
      const adHoc = await postGraphQL(allow.url, { query: '{ crisisCells(province: SINDH) { totalCount } }' });
      expect(adHoc.errors).toBeUndefined();
      expect(adHoc.data.crisisCells.totalCount).toBeGreaterThan(0);
    });

    it('keeps automatic persisted queries: an unseen hash is not found, then registered with its text, then run by it alone', async () => {
      const query = `{ crisisCells(province: PUNJAB) { totalCount } } # ${randomUUID()}`;
      const id = documentIdOf(query);
      expect(await postGraphQL(allow.url, byHash(id))).toMatchObject({
        status: 200,
        errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
      });
      const registered = await postGraphQL(allow.url, { query, ...byHash(id) });
      expect(registered.errors).toBeUndefined();
      const again = await postGraphQL(allow.url, byHash(id));
      expect(again.errors).toBeUndefined();
      expect(again.data).toEqual(registered.data);
      // documentId names registered documents only (APQ speaks its own extension).
      expect(codeOf(await postGraphQL(allow.url, { documentId: `sha256:${id}` }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    });
  });

  describe('off', () => {
    it('looks no id up: a persisted query is not supported, a documentId alone is no operation, a text runs', async () => {
      expect(codeOf(await postGraphQL(off.url, byHash(DIRECTORY.id)))).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
      const alone = await postGraphQL(off.url, { documentId: DIRECTORY.id });
      expect(alone.status).toBe(400);
      expect(codeOf(alone)).toBe('BAD_REQUEST');
      const adHoc = await postGraphQL(off.url, { query: '{ crisisCells(province: SINDH) { totalCount } }', documentId: 'ignored' });
      expect(adHoc.errors).toBeUndefined();
      expect(adHoc.data.crisisCells.totalCount).toBeGreaterThan(0);
    });
  });

  describe('at start', () => {
    const badManifest = path.join(folder, 'bad.json');
    writeFileSync(badManifest, JSON.stringify({ [documentIdOf(TRAIL)]: `${TRAIL} ` }));
    const env = (extra: NodeJS.ProcessEnv) => ({ ...process.env, LOG_LEVEL: 'silent', ...extra });

    it('refuses a manifest whose id is not its body’s hash, an unreadable one, and a mode that is not one', async () => {
      await expect(createGatewayService({ env: env({ TRUSTED_DOCUMENTS_MANIFESTS: badManifest }) })).rejects.toThrow(
        new RegExp(`^trusted documents: ${badManifest}: document [0-9a-f]{64}: the id is not the SHA-256 of its body`),
      );
      await expect(createGatewayService({ env: env({ TRUSTED_DOCUMENTS_MANIFESTS: path.join(folder, 'gone.json') }) })).rejects.toThrow(
        /gone\.json: cannot be read \(ENOENT\)$/,
      );
      await expect(createGatewayService({ env: env({ TRUSTED_DOCUMENTS: 'strict' }) })).rejects.toThrow(StartupRefusal);
    });

    it('says so in one line from the gateway process, and exits 1 without listening', async () => {
      const run = promisify(execFile)(process.execPath, ['gateway/index.ts'], {
        cwd: new URL('..', import.meta.url),
        env: env({ TRUSTED_DOCUMENTS_MANIFESTS: badManifest, PORT: '0' }),
      });
      const failed = await run.then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(
        new RegExp(`^gateway: trusted documents: ${badManifest}: document [0-9a-f]{64}: the id is not the SHA-256 of its body .*\\n$`),
      );
    });

    it('enforces by default in production, which refuses a gateway without the part', async () => {
      const production = env({
        NODE_ENV: 'production',
        JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
        SUBGRAPH_HMAC_SECRET: 'trusted-documents-test-secret-of-32-bytes',
        CORS_ORIGIN: 'https://front-end.invalid',
        TRUSTED_DOCUMENTS: undefined,
      });
      await expect(
        createGatewayService({ env: production, parts: defaultGatewayParts({ leaveOut: ['trusted-documents'] }) }),
      ).rejects.toThrow(/trusted documents \(the trusted-documents part\)/);
      const gateway = await listen(
        await createGatewayService({ env: production, subgraphUrls: stack.subgraphUrls }),
        0,
        '127.0.0.1',
        '/graphql',
      );
      try {
        expect(codeOf(await postGraphQL(gateway.url, { query: '{ __typename }' }))).toBe('QUERY_NOT_IN_SAFELIST');
      } finally {
        await gateway.stop();
      }
    });
  });
});
