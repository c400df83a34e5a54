/**
 * `npm run journey`: one survivor's case through the graph, as each agency
 * records its part with its own token, printing each step: intake at the
 * crisis cell (exam, evidence, counselling, support adviser) to the charge
 * sheet (FIR, officer, custody, suspect, prosecutor); the charge sheet opens
 * the trial in Peshawar's special court (the events ChargeSheetFiled and
 * TrialOpened, docs/events.md), whose court frames the charges, hears the
 * case and decides it; the verdict decides the case (VerdictRecorded) and
 * puts the convict on the register (ConvictionRecorded), where the registrant
 * makes a first notification and the police verify them. No seeded link in
 * between: each event's effect is waited for (polling, JOURNEY_EFFECT_TIMEOUT_MS,
 * default 30 s). Exits non-zero when a step fails.
 *
 *   npm run journey                          # on a stack of its own (embedded PGlite in memory, seeded)
 *   npm run journey -- --gateway http://localhost:4000/graphql   # on a running `npm start`
 *   NATS_URL=nats://127.0.0.1:4222 npm run journey -- --database-url postgres://postgres@127.0.0.1:5432/journey
 *                                            # on a stack of its own on PostgreSQL (that database is RESEEDED), events on NATS
 *
 * A running stack must be seeded at scale 1 (the default) and verify the
 * development tokens (the default keys), as `npm start` does.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type DevIdentity, mintDevToken, tokenSettingsFromEnv } from '#identity';
import { pakistanDate } from '#reference-data';
import { CRISIS_CELLS_BY_CODE, PROSECUTORS, SPECIAL_COURTS } from '#synthetic-world';
import { createDatabaseIfMissing, startStack } from '#test-kit';

const { values } = parseArgs({ options: { gateway: { type: 'string' }, 'database-url': { type: 'string' }, quiet: { type: 'boolean' } } });

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
/** A prosecutor of Peshawar, the district of the case: the trial opens with them. */
const PROSECUTOR = PROSECUTORS.find(
  (prosecutor) => prosecutor.districtCode === SPECIAL_COURTS.find((court) => court.district === 'Peshawar')!.districtCode,
)!;
const SUSPECT_NAME = 'Synthetic Suspect';
/** The suspect's CNIC, this run's own: the register finds the convict's entry by it. */
const SUSPECT_CNIC = `17301-${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}-${Math.floor(Math.random() * 10)}`;
/** How long a step waits for an event's effect (the relay delivers within a second; a retry after a failure takes longer). */
const EFFECT_TIMEOUT_MS = Number(process.env.JOURNEY_EFFECT_TIMEOUT_MS ?? 30_000);
const today = () => pakistanDate(new Date());

/** What the steps learn and pass on: the case, the court the event gave it, when the verdict was recorded. */
interface Journey {
  caseId: string;
  courtId: string;
  verdictAt: number;
}

interface Step {
  who: string;
  what: string;
  run: () => Promise<string>;
}

/** The survivor's case, from the report at the crisis cell to the charge sheet: every agency on its own token. */
function investigation(gatewayUrl: string, journey: Journey): Step[] {
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
        journey.caseId = opened.id;
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
          name: SUSPECT_NAME,
          cnic: SUSPECT_CNIC,
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
          prosecutorId: PROSECUTOR.id,
        });
        state.version = payload.caseVersion;
        return `${PROSECUTOR.name}, case at version ${state.version}`;
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

/** Polls `read` until it answers something (an event's effect is seen a moment after the act that caused it); fails after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  read: () => Promise<T | null | undefined>,
  timeoutMs = EFFECT_TIMEOUT_MS,
): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new StepFailed(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The trial the charge sheet opened (ChargeSheetFiled → TrialOpened): its court frames the charges, hears the case and decides it. */
function trial(gatewayUrl: string, journey: Journey): Step[] {
  const state = { version: 1, hearingId: '', trialId: '', caseNumber: '' };
  const court = (): DevIdentity => ({ agency: 'COURT', sub: 'journey-judge', courtId: journey.courtId, province: PROVINCE });
  const act = async (field: string, selection: string, input: Record<string, unknown>) => {
    const payload = await mutate(gatewayUrl, court(), field, `trial { version hearings { id scheduledFor outcome } } ${selection}`, {
      trialId: state.trialId,
      expectedVersion: state.version,
      ...input,
    });
    state.version = payload.trial.version;
    return payload;
  };
  const hearingAt = (payload: Record<string, any>, at: string) =>
    payload.trial.hearings.find((h: { scheduledFor: string }) => Date.parse(h.scheduledFor) === Date.parse(at)).id as string;
  const caseAs = (identity: DevIdentity, fields: string) =>
    call(gatewayUrl, identity, `query ($id: ID!) { case(id: $id) { ${fields} } }`, { id: journey.caseId });
  const first = hoursAgo(1.5);
  const next = hoursAgo(1.25);
  return [
    {
      who: 'courts (ChargeSheetFiled → TrialOpened)',
      what: "opens the trial in the district's special court; the case goes ON_TRIAL",
      run: async () => {
        const { value, ms } = await waitFor('trial opened by the charge sheet', async () => {
          const read = await caseAs(officer, 'status trial { id caseNumber court { id name } }');
          return read.status === 'ON_TRIAL' && read.trial ? read.trial : null;
        });
        Object.assign(state, { trialId: value.id, caseNumber: value.caseNumber });
        journey.courtId = value.court.id;
        return `${value.caseNumber} at ${value.court.name}, ${ms} ms after the charge sheet`;
      },
    },
    {
      who: 'COURT (the special court of the trial)',
      what: 'reads the case it now tries',
      run: async () => {
        const read = await caseAs(court(), 'reference status');
        return `${read.reference}, ${read.status}`;
      },
    },
    {
      who: 'COURT',
      what: 'frames the charges',
      run: async () => {
        const payload = await act('frameCharges', 'trial { charges { accusedName offenceSection } }', {
          framedAt: hoursAgo(1.75),
          // The accused as the charge sheet named them: the case's first suspect.
          accused: [{ suspectPosition: 1, accusedName: SUSPECT_NAME, offenceSections: ['PPC 376(1)'] }],
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
        const payload = await act('recordVerdict', 'trial { status verdict { outcome convictions { id offenceSection } } }', {
          decidedAt: hoursAgo(1),
          findings: [
            {
              suspectPosition: 1,
              finding: 'CONVICTED',
              offenceSection: 'PPC 376(1)',
              sentence: {
                imprisonmentYears: 14,
                fineRupees: 500_000,
                lifeImprisonment: false,
                death: false,
                description: 'Rigorous imprisonment for 14 years and a fine of Rs 500,000',
              },
            },
          ],
        });
        journey.verdictAt = Date.now();
        return `${payload.trial.status}: ${payload.trial.verdict.outcome}, ${payload.trial.verdict.convictions.length} conviction(s)`;
      },
    },
    {
      who: 'cases (VerdictRecorded)',
      what: 'records the outcome; the case is DECIDED',
      run: async () => {
        const { ms } = await waitFor('case decided by the verdict', async () =>
          (await caseAs(officer, 'status')).status === 'DECIDED' ? true : null,
        );
        return `DECIDED, ${ms} ms later`;
      },
    },
  ];
}

/** The register takes the convict (ConvictionRecorded): the entry, the registrant's first notification, the police's first verification. */
function register(gatewayUrl: string, journey: Journey): Step[] {
  const police: DevIdentity = { agency: 'SSOIU', sub: 'journey-register-police', province: PROVINCE };
  const state = { version: 1, offenderId: '' };
  const act = async (identity: DevIdentity, field: string, selection: string, input: Record<string, unknown>) => {
    const payload = await mutate(
      gatewayUrl,
      identity,
      field,
      `offender { version compliance { status nextVerificationDue } } ${selection}`,
      {
        offenderId: state.offenderId,
        expectedVersion: state.version,
        ...input,
      },
    );
    state.version = payload.offender.version;
    return payload;
  };
  return [
    {
      who: 'register (ConvictionRecorded)',
      what: 'makes the entry: register number, risk tier, registration period, first verification due',
      run: async () => {
        const { value } = await waitFor('register entry made from the conviction', async () => {
          const read = await call(
            gatewayUrl,
            npb,
            `query ($cnic: String!) { offenderByCnic(cnic: $cnic) { id version registerNumber riskTier registrationEndsAt compliance { nextVerificationDue } } }`,
            { cnic: SUSPECT_CNIC },
          );
          return read ?? null;
        });
        Object.assign(state, { offenderId: value.id, version: value.version });
        const ms = Date.now() - journey.verdictAt;
        return `${value.registerNumber}, ${value.riskTier} risk, registered until ${value.registrationEndsAt}, first verification due ${value.compliance.nextVerificationDue} (${ms} ms after the verdict)`;
      },
    },
    {
      who: 'NPB',
      what: "records the registrant's first notification: the address they live at",
      run: async () => {
        const payload = await act(npb, 'recordNotification', 'notification { kind }', {
          kind: 'CHANGE_OF_ADDRESS',
          submittedAt: new Date().toISOString(),
          changeOfAddress: { line1: 'House 1, Street 2, Synthetic Colony', city: 'Peshawar', district: 'Peshawar', movedOn: today() },
        });
        return `${payload.notification.kind}, compliance ${payload.offender.compliance.status}`;
      },
    },
    {
      who: 'SSOIU (Khyber Pakhtunkhwa)',
      what: 'verifies the registrant in person',
      run: async () => {
        const payload = await act(police, 'recordVerification', '', {
          verifiedAt: new Date().toISOString(),
          place: 'Police Station Gulbahar',
          officerName: 'Sub-Inspector Synthetic Officer',
        });
        return `next verification due ${payload.offender.compliance.nextVerificationDue}`;
      },
    },
  ];
}

async function main(): Promise<number> {
  const databaseUrl = values['database-url'];
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  try {
    if (databaseUrl && !values.gateway) await createDatabaseIfMissing(databaseUrl);
    stack = values.gateway ? undefined : await startStack({ env: { LOG_LEVEL: 'error' }, ...(databaseUrl ? { databaseUrl } : {}) });
  } catch (error) {
    // A database that is not there, a port taken: one line, not a stack trace.
    console.error(`journey: the stack did not start: ${(error as Error).message.split('\n')[0]}`);
    // What started before the failure may still hold connections open: do not wait for them.
    process.exit(1);
  }
  const gatewayUrl = values.gateway ?? stack!.gatewayUrl;
  const storage = values.gateway ? 'a running stack' : databaseUrl ? 'PostgreSQL' : 'embedded PGlite';
  const transport = values.gateway ? '' : process.env.NATS_URL ? ', events on NATS JetStream' : ', events on the embedded relay';
  console.log(`One survivor's case through the graph at ${gatewayUrl} (${storage}${transport})\n`);
  let failed = false;
  try {
    const journey: Journey = { caseId: '', courtId: '', verdictAt: 0 };
    const steps = [...investigation(gatewayUrl, journey), ...trial(gatewayUrl, journey), ...register(gatewayUrl, journey)];
    for (const [n, step] of steps.entries()) {
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
