import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  buildClientSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from '#test-kit';
import { seededCases } from '#test-kit';

const gatewayUrl = inject('gatewayUrl');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

/**
 * A query of the README as a reader would run it: the `npm run -s token -- ...` command of the `sh` block
 * before it (none: anonymous), the `x-case-purpose` header that block names, and the variables of the `json`
 * block right after it when the operation declares any (a `json` block after one that declares none is an
 * answer shown, not variables). Mutations are left out: they change the demo data the other examples read.
 */
interface RunnableExample {
  name: string;
  query: string;
  tokenArgs: string[] | null;
  purpose: string | null;
  variables: Record<string, unknown> | undefined;
}

function runnableExamples(markdown: string): RunnableExample[] {
  const blocks = [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((match) => ({ language: match[1]!, text: match[2]! }));
  const found: RunnableExample[] = [];
  blocks.forEach((block, i) => {
    if (block.language !== 'graphql') return;
    const operation = parse(block.text).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    if (operation.operation !== 'query') return;
    let setup: string | undefined;
    for (let j = i - 1; j >= 0 && blocks[j]!.language !== 'graphql'; j--) {
      if (blocks[j]!.language === 'sh' && blocks[j]!.text.includes('npm run -s token --')) {
        setup = blocks[j]!.text;
        break;
      }
    }
    const command = setup ? /npm run -s token -- ([^)\n]+)\)/.exec(setup) : null;
    const next = blocks[i + 1];
    const declares = (operation.variableDefinitions ?? []).length > 0;
    if (declares && next?.language !== 'json')
      throw new Error(`README example ${found.length + 1} declares variables, and no json block follows it`);
    found.push({
      name: `${found.length + 1} (${operation.name?.value ?? (operation.selectionSet.selections[0] as { name: { value: string } }).name.value})`,
      query: block.text,
      tokenArgs: command ? command[1]!.trim().split(/\s+/) : null,
      purpose: setup ? (/x-case-purpose: (\S+)/.exec(setup)?.[1] ?? null) : null,
      variables: declares ? JSON.parse(next!.text) : undefined,
    });
  });
  return found;
}

const execFileAsync = promisify(execFile);

/** The token the README's command prints, from the project's own script (`npm run -s token -- ARGS` is `node scripts/token.ts ARGS`). */
async function tokenOf(args: string[]): Promise<string> {
  const script = new URL('../scripts/token.ts', import.meta.url).pathname;
  const { stdout } = await execFileAsync(process.execPath, [script, ...args]);
  return stdout.trim();
}

/**
 * What each example promises beyond answering without errors and with every top-level field, page and count
 * non-empty: the data its words say it shows, on the demo world.
 */
const PROMISES: Record<string, (data: any) => void> = {
  CellCases: (data) => {
    expect(data.crisisCell.name).toBe('Anti-Rape Crisis Cell, Lady Reading Hospital Peshawar');
    expect(data.crisisCell.staffOnDuty.length).toBeGreaterThan(0);
    expect(data.cases.edges.some((edge: any) => edge.node.medicoLegalExam)).toBe(true);
  },
  CaseAcrossAgencies: (data) => {
    const found = data.caseByReference;
    expect(found.survivor.cnic).toMatch(/^\d{5}-\d{7}-\d$/);
    expect(found.suspects.some((suspect: any) => suspect.registerEntry?.registerNumber)).toBe(true);
    expect(found.trial.hearings.length).toBeGreaterThan(0);
    expect(found.trial.verdict.convictions[0].offender.registerNumber).toMatch(/^NSOR-/);
  },
  trials: (data) => {
    for (const { node } of data.trials.edges) expect(node.daysElapsed).toBeGreaterThan(120);
  },
  Docket: (data) => expect(data.trials.edges.some((edge: any) => edge.node.charges.length > 0)).toBe(true),
  committeeDashboard: (data) => {
    expect(data.committeeDashboard.id).toBe('2024/PUNJAB/-/MONTH/k5');
    expect(data.committeeDashboard.attritionFunnel.stages.map((step: any) => step.stage)).toEqual([
      'REPORTED',
      'FIR',
      'CHARGE_SHEET',
      'TRIAL',
      'VERDICT',
      'CONVICTION',
    ]);
  },
  IdentityCheck: (data) => expect(data.offenderByCnic.fullName).toEqual(expect.any(String)),
  Journey: (data) => {
    expect(data.case.reference).toBe('ARCC-PEW1-2023-000053');
    expect(data.case.trial.hearings.length).toBeGreaterThan(0);
  },
  caseAuditTrail: (data) => {
    expect(data.caseAuditTrail.edges.map((edge: any) => edge.node)).toContainEqual(
      expect.objectContaining({ agency: 'SSOIU', field: 'Survivor.cnic', purpose: 'ARCC-PEW1-2023-000053', outcome: 'ALLOWED' }),
    );
    for (const chain of ['verifyCaseAuditChain', 'verifyRegisterAuditChain', 'verifyCourtsAuditChain', 'verifyCrisisCellsAuditChain'])
      expect(data[chain].ok, chain).toBe(true);
  },
};

/** Every top-level field answers; a page has rows and a count counts some. */
function expectNonEmpty(data: Record<string, any>): void {
  for (const [field, value] of Object.entries(data)) {
    expect(value, field).not.toBeNull();
    if (value && typeof value === 'object' && 'totalCount' in value) expect(value.totalCount, `${field}.totalCount`).toBeGreaterThan(0);
    if (value && typeof value === 'object' && 'edges' in value) expect(value.edges.length, `${field}.edges`).toBeGreaterThan(0);
  }
}

describe('the README', () => {
  let schema: ReturnType<typeof buildClientSchema>;
  beforeAll(async () => {
    const { data } = await graphql<IntrospectionQuery>(gatewayUrl, getIntrospectionQuery());
    schema = buildClientSchema(data!);
  });

  it('has example queries', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it("names the demo case's people as the seeded world has them", () => {
    const facts = seededCases().find((c) => c.reference === 'ARCC-PEW1-2023-000053')!;
    expect(facts).toBeDefined();
    for (const id of [
      facts.crisisCellId,
      facts.investigation?.investigatingOfficerId,
      facts.trial?.prosecutorId,
      facts.trial?.courtId,
      facts.supportAdviserId,
      facts.id,
    ]) {
      expect(id).toEqual(expect.any(String));
      expect(readme).toContain(id!);
    }
    expect(readme).toContain(`--province ${facts.province} --sub ${facts.investigation!.investigatingOfficerId}`);
  });

  it.each(examples.map((example, n) => [n + 1, example]))('example %i is valid against the gateway schema', (_n, example) => {
    expect(validate(schema, parse(example as string)).map((error) => error.message)).toEqual([]);
  });

  describe('every example query, run as written on the demo world with its token and variables', () => {
    const runnable = runnableExamples(readme);
    // An auditor's example reads the trail the others leave (their reads of identities), so it runs after them.
    const ordered = [
      ...runnable.filter((example) => example.tokenArgs?.[1] !== 'AUDITOR'),
      ...runnable.filter((example) => example.tokenArgs?.[1] === 'AUDITOR'),
    ];

    it('finds the token of every example that needs one, and the variables of every one that declares them', () => {
      expect(runnable.length).toBeGreaterThanOrEqual(11);
      expect(runnable.filter((example) => example.tokenArgs === null).map((example) => example.name)).toEqual(['2 (crisisCells)']);
      for (const example of runnable) if (example.tokenArgs) expect(example.tokenArgs[0]).toBe('--agency');
    });

    it.each(ordered.map((example) => [example.name, example] as const))('example %s answers what it promises', async (_name, example) => {
      const answer = await graphql(gatewayUrl, example.query, {
        token: example.tokenArgs ? await tokenOf(example.tokenArgs) : undefined,
        headers: example.purpose ? { 'x-case-purpose': example.purpose } : {},
        variables: example.variables,
      });
      expect(answer.errors).toBeUndefined();
      expectNonEmpty(answer.data);
      const operation = parse(example.query).definitions[0] as OperationDefinitionNode;
      const promise = PROMISES[operation.name?.value ?? (operation.selectionSet.selections[0] as { name: { value: string } }).name.value];
      promise?.(answer.data);
    });
  });
});
