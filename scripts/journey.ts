/**
 * `npm run journey`: one survivor's case through the graph, as each agency
 * records its part with its own token, printing each step: intake at the
 * crisis cell (exam, evidence, counselling, support adviser) to the charge
 * sheet (FIR, officer, custody, suspect, prosecutor); then a special court
 * frames the charges of a trial of the seeded world, hears it and decides it;
 * then the register takes a registrant's travel notice and the police verify
 * them. Exits non-zero when a step fails. (The charge sheet does not yet open
 * the trial, nor the conviction the register entry: those are the events
 * between agencies of DESIGN section 8.)
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
import { CRISIS_CELLS_BY_CODE, caseCount, generateCase, registerEntries } from '#synthetic-world';
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
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** One mutation as one agency's act: `field(input: $input) { <selection> userErrors }`, its input type named after it. */
const mutate = (gatewayUrl: string, identity: DevIdentity, field: string, selection: string, input: Record<string, unknown>) =>
  call(
    gatewayUrl,
    identity,
    `mutation ($input: ${field[0]!.toUpperCase()}${field.slice(1)}Input!) { ${field}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
  );

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const PROVINCE = 'KHYBER_PAKHTUNKHWA' as const;
const arcc: DevIdentity = { agency: 'ARCC', sub: 'journey-arcc-staff', cellId: CELL.id };
const counsellor: DevIdentity = { agency: 'ARCC', sub: 'journey-arcc-counsellor', cellId: CELL.id, roles: ['counsellor'] };
const unitHead: DevIdentity = { agency: 'SSOIU', sub: 'journey-unit-head', province: PROVINCE, roles: ['unit_head'], unitId: randomUUID() };
const officerId = randomUUID();
const officer: DevIdentity = { agency: 'SSOIU', sub: officerId, province: PROVINCE, roles: ['investigator'] };
const districtProsecutor: DevIdentity = {
  agency: 'PROSECUTION',
  sub: 'journey-district-prosecutor',
  province: PROVINCE,
  roles: ['district_prosecutor'],
};
const npb: DevIdentity = { agency: 'NPB', sub: 'journey-npb-officer' };

interface Step {
  who: string;
  what: string;
  run: () => Promise<string>;
}

/** The survivor's case, from the report at the crisis cell to the charge sheet: every agency on its own token. */
function investigation(gatewayUrl: string): Step[] {
  const state = { caseId: '', version: 0, reference: '', suspectId: '', itemId: '', collector: 'Nurse Synthetic Collector' };
  const act = async (identity: DevIdentity, field: string, selection: string, input: Record<string, unknown>) => {
    const payload = await mutate(gatewayUrl, identity, field, `case { id version } ${selection}`, input);
    state.version = payload.case.version;
    return payload;
  };
  const onCase = () => ({ caseId: state.caseId, expectedVersion: state.version });
  return [
    {
      who: 'ARCC (crisis cell PEW1)',
      what: 'opens the case at intake',
      run: async () => {
        const { case: opened } = await act(arcc, 'openCase', 'case { reference status crisisCell { name } }', {
          reportedAt: hoursAgo(30),
          category: 'RAPE',
          offenceSections: ['PPC 376(1)'],
          district: 'Peshawar',
          survivor: { fullName: 'Synthetic Survivor', cnic: '17301-1234567-8', contactPhone: '0301-1234567', ageAtIncident: 24 },
        });
        Object.assign(state, { caseId: opened.id, reference: opened.reference });
        return `${opened.reference}, ${opened.status} at ${opened.crisisCell.name}`;
      },
    },
    {
      who: 'ARCC (crisis cell PEW1)',
      what: 'records the medico-legal examination',
      run: async () => {
        const payload = await act(arcc, 'recordMedicoLegalExam', 'case { medicoLegalExam { hoursAfterReport } }', {
          ...onCase(),
          examinedAt: hoursAgo(27),
          examinerName: 'Dr. Synthetic Examiner',
          dnaSamplesTaken: true,
          findingsSummary: 'Findings recorded on the standard form.',
        });
        return `examined ${Math.round(payload.case.medicoLegalExam.hoursAfterReport)} h after the report`;
      },
    },
    {
      who: 'ARCC (crisis cell PEW1)',
      what: 'collects an item of evidence, sealed',
      run: async () => {
        const payload = await act(arcc, 'collectEvidence', 'evidenceItem { id sealNumber custody { toHolder } }', {
          ...onCase(),
          kind: 'DNA_SWAB',
          description: 'Swabs taken at the examination.',
          collectedAt: hoursAgo(26.5),
          sealNumber: `SEAL-${state.reference.slice(5)}-1`,
          collectorName: state.collector,
        });
        state.itemId = payload.evidenceItem.id;
        return `seal ${payload.evidenceItem.sealNumber}, held by ${payload.evidenceItem.custody.at(-1).toHolder}`;
      },
    },
    {
      who: 'ARCC counsellor',
      what: 'records a counselling session',
      run: async () => {
        const payload = await act(counsellor, 'recordCounsellingSession', 'case { counsellingSessions { kind durationMinutes } }', {
          ...onCase(),
          heldAt: hoursAgo(26),
          kind: 'TRAUMA_FOCUSED',
          counsellorName: 'Synthetic Counsellor',
          durationMinutes: 45,
        });
        const session = payload.case.counsellingSessions.at(-1);
        return `${session.kind}, ${session.durationMinutes} minutes`;
      },
    },
    {
      who: 'ARCC (crisis cell PEW1)',
      what: "names the survivor's support adviser",
      run: async () => {
        await act(arcc, 'assignSupportAdviser', '', { ...onCase(), adviserId: randomUUID() });
        return `case at version ${state.version}`;
      },
    },
    {
      who: 'SSOIU (Khyber Pakhtunkhwa)',
      what: 'registers the FIR',
      run: async () => {
        const payload = await act(officer, 'registerFir', 'case { status fir { number } }', {
          ...onCase(),
          number: `FIR-${state.reference.slice(5)}`,
          registeredAt: hoursAgo(25),
          policeStation: 'Gulbahar',
        });
        return `FIR ${payload.case.fir.number}, case ${payload.case.status}`;
      },
    },
    {
      who: 'SSOIU unit head',
      what: 'assigns the investigating officer',
      run: async () => {
        await act(unitHead, 'assignInvestigatingOfficer', '', { ...onCase(), officerId, officerName: 'Inspector Synthetic Officer' });
        return `officer ${officerId}`;
      },
    },
    {
      who: 'ARCC (crisis cell PEW1)',
      what: 'hands the evidence to the investigating officer',
      run: async () => {
        const payload = await mutate(
          gatewayUrl,
          arcc,
          'transferEvidenceCustody',
          'case { version } evidenceItem { sealBroken custody { toHolder } }',
          {
            evidenceItemId: state.itemId,
            expectedVersion: state.version,
            fromHolder: state.collector,
            toHolder: 'Inspector Synthetic Officer, SSOIU Peshawar',
            at: hoursAgo(24),
            sealIntact: true,
          },
        );
        state.version = payload.case.version;
        return `now held by ${payload.evidenceItem.custody.at(-1).toHolder}, seal intact`;
      },
    },
    {
      who: 'SSOIU investigating officer',
      what: 'adds a suspect, at large',
      run: async () => {
        const payload = await act(officer, 'addSuspect', 'case { suspects { id name status } }', {
          ...onCase(),
          name: 'Synthetic Suspect',
          cnic: '17301-7654321-9',
          status: 'AT_LARGE',
        });
        const suspect = payload.case.suspects.at(-1);
        state.suspectId = suspect.id;
        return `${suspect.name}, ${suspect.status}`;
      },
    },
    {
      who: 'SSOIU investigating officer',
      what: 'arrests the suspect',
      run: async () => {
        const payload = await act(officer, 'updateSuspectStatus', 'case { suspects { id status } }', {
          ...onCase(),
          suspectId: state.suspectId,
          status: 'ARRESTED',
          arrestedAt: hoursAgo(20),
        });
        return payload.case.suspects.find((s: { id: string }) => s.id === state.suspectId).status;
      },
    },
    {
      who: 'PROSECUTION district prosecutor',
      what: 'assigns the prosecutor',
      run: async () => {
        const payload = await mutate(gatewayUrl, districtProsecutor, 'assignProsecutor', 'caseVersion', {
          ...onCase(),
          prosecutorId: randomUUID(),
        });
        state.version = payload.caseVersion;
        return `case at version ${state.version}`;
      },
    },
    {
      who: 'SSOIU investigating officer',
      what: 'files the charge sheet',
      run: async () => {
        const payload = await act(officer, 'fileChargeSheet', 'case { status investigation { chargeSheetSections } }', {
          ...onCase(),
          filedAt: hoursAgo(2),
          accusedIds: [state.suspectId],
          sections: ['PPC 376(1)'],
        });
        return `${payload.case.status} under ${payload.case.investigation.chargeSheetSections.join(', ')}`;
      },
    },
  ];
}

/** A trial of the seeded world whose charges are not yet framed: its court frames them, hears the case and decides it. */
function seededTrialToFrame() {
  for (let index = 0; index < caseCount(1); index += 1) {
    const facts = generateCase(1, index);
    const { trial } = facts;
    if (trial && trial.status === 'CHARGE_FRAMED' && trial.charges.length === 0 && trial.verdict === null) {
      const accused = facts.suspects.filter((suspect) => suspect.accused);
      if (accused.length > 0) return { trial, accused };
    }
  }
  throw new Error('the seeded world has no trial whose charges are still to be framed');
}

function trial(gatewayUrl: string): Step[] {
  const { trial: seeded, accused } = seededTrialToFrame();
  const court: DevIdentity = { agency: 'COURT', sub: 'journey-judge', courtId: seeded.courtId, province: seeded.province };
  const state = { version: 1, hearingId: '' };
  const act = async (field: string, selection: string, input: Record<string, unknown>) => {
    const payload = await mutate(gatewayUrl, court, field, `trial { version hearings { id scheduledFor outcome } } ${selection}`, {
      trialId: seeded.id,
      expectedVersion: state.version,
      ...input,
    });
    state.version = payload.trial.version;
    return payload;
  };
  const hearingAt = (payload: Record<string, any>, at: string) =>
    payload.trial.hearings.find((h: { scheduledFor: string }) => Date.parse(h.scheduledFor) === Date.parse(at)).id as string;
  const first = hoursAgo(5);
  const next = hoursAgo(4);
  return [
    {
      who: `COURT (special court of trial ${seeded.caseNumber})`,
      what: 'reads the trial it will hear',
      run: async () => {
        const read = await call(gatewayUrl, court, `query ($id: ID!) { trial(id: $id) { caseNumber status version } }`, {
          id: seeded.id,
        });
        state.version = read.version;
        return `${read.caseNumber}, ${read.status}, version ${read.version}`;
      },
    },
    {
      who: 'COURT',
      what: 'frames the charges',
      run: async () => {
        const payload = await act('frameCharges', 'trial { charges { accusedName offenceSection } }', {
          framedAt: hoursAgo(6),
          accused: accused.map((suspect) => ({
            suspectPosition: suspect.position,
            accusedName: suspect.name,
            offenceSections: ['PPC 376(1)'],
          })),
        });
        return `${payload.trial.charges.length} charge(s) under ${payload.trial.charges[0].offenceSection}`;
      },
    },
    {
      who: 'COURT',
      what: 'lists a hearing',
      run: async () => {
        const payload = await act('scheduleHearing', '', { scheduledFor: first, purpose: 'Prosecution evidence', inCamera: true });
        state.hearingId = hearingAt(payload, first);
        return `in camera, ${first}`;
      },
    },
    {
      who: 'COURT',
      what: 'adjourns it, listing the next',
      run: async () => {
        const payload = await act('recordHearing', '', {
          hearingId: state.hearingId,
          outcome: 'ADJOURNED',
          adjournmentReason: 'Defence counsel unavailable',
          nextHearingAt: next,
        });
        state.hearingId = hearingAt(payload, next);
        return `adjourned to ${next}`;
      },
    },
    {
      who: 'COURT',
      what: 'holds the next hearing',
      run: async () => {
        await act('recordHearing', '', { hearingId: state.hearingId, outcome: 'HELD' });
        return 'held';
      },
    },
    {
      who: 'COURT',
      what: 'records the verdict',
      run: async () => {
        const payload = await act('recordVerdict', 'trial { status verdict { outcome convictions { offenceSection } } }', {
          decidedAt: hoursAgo(3),
          findings: accused.map((suspect) => ({
            suspectPosition: suspect.position,
            finding: 'CONVICTED',
            offenceSection: 'PPC 376(1)',
            sentence: {
              imprisonmentYears: 14,
              fineRupees: 500_000,
              lifeImprisonment: false,
              death: false,
              description: 'Rigorous imprisonment for 14 years and a fine of Rs 500,000',
            },
          })),
        });
        return `${payload.trial.status}: ${payload.trial.verdict.outcome}, ${payload.trial.verdict.convictions.length} conviction(s)`;
      },
    },
  ];
}

/** A registrant of the seeded register in the province, active: NPB records their travel, the province's police verify them in person. */
function register(gatewayUrl: string): Step[] {
  const entry = [...registerEntries(1)].find(
    (e) => e.province === PROVINCE && e.abscondedAt === null && e.registrationEndsAt > daysAhead(400),
  );
  if (!entry) throw new Error('the seeded register has no active entry in the province');
  const police: DevIdentity = { agency: 'SSOIU', sub: 'journey-register-police', province: PROVINCE };
  const state = { version: 1 };
  const act = async (identity: DevIdentity, field: string, selection: string, input: Record<string, unknown>) => {
    const payload = await mutate(
      gatewayUrl,
      identity,
      field,
      `offender { version compliance { status nextVerificationDue } } ${selection}`,
      {
        offenderId: entry.id,
        expectedVersion: state.version,
        ...input,
      },
    );
    state.version = payload.offender.version;
    return payload;
  };
  return [
    {
      who: 'NPB',
      what: `records registrant ${entry.registerNumber}'s notice of international travel`,
      run: async () => {
        const offender = await call(gatewayUrl, npb, `query ($id: ID!) { offender(id: $id) { version } }`, { id: entry.id });
        state.version = offender.version;
        const payload = await act(npb, 'recordNotification', 'notification { kind }', {
          kind: 'INTERNATIONAL_TRAVEL',
          submittedAt: hoursAgo(1),
          travel: { destination: 'Saudi Arabia', departsOn: daysAhead(35), returnsOn: daysAhead(49), purpose: 'Umrah' },
        });
        return `${payload.notification.kind}, compliance ${payload.offender.compliance.status}`;
      },
    },
    {
      who: 'SSOIU (Khyber Pakhtunkhwa)',
      what: 'verifies the registrant in person',
      run: async () => {
        const payload = await act(police, 'recordVerification', '', {
          verifiedAt: hoursAgo(0.5),
          place: 'Police Station Gulbahar',
          officerName: 'Sub-Inspector Synthetic Officer',
        });
        return `next verification due ${payload.offender.compliance.nextVerificationDue}`;
      },
    },
  ];
}

async function main(): Promise<number> {
  const stack = values.gateway ? undefined : await startStack({ env: { LOG_LEVEL: 'error' } });
  const gatewayUrl = values.gateway ?? stack!.gatewayUrl;
  console.log(`One survivor's case through the graph at ${gatewayUrl}\n`);
  let failed = false;
  try {
    for (const [n, step] of [...investigation(gatewayUrl), ...trial(gatewayUrl), ...register(gatewayUrl)].entries()) {
      const label = `${String(n + 1).padStart(2)}. ${step.who} ${step.what}`;
      try {
        console.log(`${label}: ${await step.run()}`);
      } catch (error) {
        // A refusal, or an answer without what the step needs: either way the story stops here.
        console.error(`${label}: FAILED: ${error instanceof StepFailed ? error.message : String(error)}`);
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
