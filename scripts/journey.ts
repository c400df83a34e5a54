/**
 * `npm run journey`: one survivor's case through the graph, as each agency
 * records its part with its own token, printing each step: intake at the
 * crisis cell to the charge sheet, then a special court's hearings and
 * verdict on a trial of the seeded world. Exits non-zero when a step fails.
 *
 *   npm run journey                          # on a stack of its own (embedded PGlite in memory, seeded)
 *   npm run journey -- --gateway http://localhost:4000/graphql   # on a running `npm start`
 *
 * A running stack must be seeded at scale 1 (the default) and verify the
 * development tokens (the default keys), as `npm start` does.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type DevIdentity, mintDevToken, tokenSettingsFromEnv } from '#identity';
import { CRISIS_CELLS_BY_CODE, caseCount, generateCase } from '#synthetic-world';
import { startStack } from '#test-kit';

const { values } = parseArgs({ options: { gateway: { type: 'string' }, quiet: { type: 'boolean' } } });

interface GraphQLAnswer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

class StepFailed extends Error {}

/** One agency's act: its mutation or read, with its own token; fails on any error or userError. */
async function call(gatewayUrl: string, identity: DevIdentity, query: string, variables: Record<string, unknown> = {}) {
  const token = await mintDevToken(tokenSettingsFromEnv(), identity);
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphQLAnswer;
  if (answer.errors?.length) throw new StepFailed(answer.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  const [field, payload] = Object.entries(answer.data ?? {})[0] ?? [];
  const userErrors = (payload as { userErrors?: { code: string; message: string; field?: string[] }[] } | null)?.userErrors ?? [];
  if (userErrors.length > 0) {
    throw new StepFailed(userErrors.map((e) => `${e.code} at ${e.field?.join('.') ?? field}: ${e.message}`).join('; '));
  }
  return payload as Record<string, any>;
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const PROVINCE = 'KHYBER_PAKHTUNKHWA' as const;
const arcc: DevIdentity = { agency: 'ARCC', sub: 'journey-arcc-staff', cellId: CELL.id };
const unitHead: DevIdentity = { agency: 'SSOIU', sub: 'journey-unit-head', province: PROVINCE, roles: ['unit_head'], unitId: randomUUID() };
const officerId = randomUUID();
const officer: DevIdentity = { agency: 'SSOIU', sub: officerId, province: PROVINCE, roles: ['investigator'] };

interface Step {
  who: string;
  what: string;
  run: () => Promise<string>;
}

function journey(gatewayUrl: string): Step[] {
  const state = { caseId: '', version: 0, reference: '', suspectId: '' };
  const changed = (payload: Record<string, any>) => {
    state.version = payload.case.version;
    return payload.case;
  };
  return [
    {
      who: 'ARCC (crisis cell PEW1)',
      what: 'opens the case at intake',
      run: async () => {
        const opened = await call(
          gatewayUrl,
          arcc,
          `mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id reference version status crisisCell { name } } userErrors { field code message } } }`,
          {
            input: {
              reportedAt: hoursAgo(30),
              category: 'RAPE',
              offenceSections: ['PPC 376(1)'],
              district: 'Peshawar',
              survivor: { fullName: 'Synthetic Survivor', cnic: '17301-1234567-8', contactPhone: '0301-1234567', ageAtIncident: 24 },
            },
          },
        );
        const row = changed(opened);
        Object.assign(state, { caseId: row.id, reference: row.reference });
        return `${row.reference}, ${row.status} at ${row.crisisCell.name}`;
      },
    },
    {
      who: 'ARCC (crisis cell PEW1)',
      what: 'records the medico-legal examination',
      run: async () => {
        const row = changed(
          await call(
            gatewayUrl,
            arcc,
            `mutation ($input: RecordMedicoLegalExamInput!) { recordMedicoLegalExam(input: $input) { case { version medicoLegalExam { hoursAfterReport } } userErrors { field code message } } }`,
            {
              input: {
                caseId: state.caseId,
                expectedVersion: state.version,
                examinedAt: hoursAgo(27),
                examinerName: 'Dr. Synthetic Examiner',
                dnaSamplesTaken: true,
                findingsSummary: 'Findings recorded on the standard form.',
              },
            },
          ),
        );
        return `examined ${Math.round(row.medicoLegalExam.hoursAfterReport)} h after the report`;
      },
    },
    {
      who: 'SSOIU (Khyber Pakhtunkhwa)',
      what: 'registers the FIR',
      run: async () => {
        const number = `FIR-${state.reference.slice(5)}`;
        const row = changed(
          await call(
            gatewayUrl,
            officer,
            `mutation ($input: RegisterFirInput!) { registerFir(input: $input) { case { version status fir { number } } userErrors { field code message } } }`,
            {
              input: {
                caseId: state.caseId,
                expectedVersion: state.version,
                number,
                registeredAt: hoursAgo(26),
                policeStation: 'Gulbahar',
              },
            },
          ),
        );
        return `FIR ${row.fir.number}, case ${row.status}`;
      },
    },
    {
      who: 'SSOIU unit head',
      what: 'assigns the investigating officer',
      run: async () => {
        changed(
          await call(
            gatewayUrl,
            unitHead,
            `mutation ($input: AssignInvestigatingOfficerInput!) { assignInvestigatingOfficer(input: $input) { case { version } userErrors { field code message } } }`,
            { input: { caseId: state.caseId, expectedVersion: state.version, officerId, officerName: 'Inspector Synthetic Officer' } },
          ),
        );
        return `officer ${officerId}`;
      },
    },
    {
      who: 'SSOIU investigating officer',
      what: 'adds a suspect, arrested',
      run: async () => {
        const row = changed(
          await call(
            gatewayUrl,
            officer,
            `mutation ($input: AddSuspectInput!) { addSuspect(input: $input) { case { version suspects { id name status } } userErrors { field code message } } }`,
            {
              input: {
                caseId: state.caseId,
                expectedVersion: state.version,
                name: 'Synthetic Suspect',
                cnic: '17301-7654321-9',
                status: 'ARRESTED',
                arrestedAt: hoursAgo(20),
              },
            },
          ),
        );
        state.suspectId = row.suspects.at(-1).id;
        return `${row.suspects.at(-1).name}, ${row.suspects.at(-1).status}`;
      },
    },
  ];
}

/** A trial of the seeded world that a court is still hearing: its court's token records the rest. */
export function seededTrialInProgress() {
  for (let index = 0; index < caseCount(1); index += 1) {
    const facts = generateCase(1, index);
    if (facts.trial && facts.trial.verdict === null && facts.trial.charges.length > 0) return facts.trial;
  }
  throw new Error('the seeded world has no trial in progress');
}

async function main(): Promise<number> {
  const stack = values.gateway ? undefined : await startStack({ env: { LOG_LEVEL: 'error' } });
  const gatewayUrl = values.gateway ?? stack!.gatewayUrl;
  console.log(`One survivor's case through the graph at ${gatewayUrl}\n`);
  let failed = false;
  try {
    for (const [n, step] of journey(gatewayUrl).entries()) {
      const label = `${String(n + 1).padStart(2)}. ${step.who} ${step.what}`;
      try {
        console.log(`${label}: ${await step.run()}`);
      } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        console.error(`${label}: FAILED: ${error.message}`);
        failed = true;
        break;
      }
    }
  } finally {
    await stack?.stop();
  }
  console.log(failed ? '\nThe journey stopped at a failed step.' : '\nEvery step recorded.');
  return failed ? 1 : 0;
}

process.exitCode = await main();
