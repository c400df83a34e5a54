import { AuditEntryWithMutationsSchema } from '#audit';
import { InboxEventSchema, OutboxEventSchema } from '#events';
import { IdempotencyKeySchema } from '#mutation';
import { createSubgraphService, type SubgraphDefinition, type SubgraphServiceOptions } from '#subgraph';
import { CaseAssignmentSchema } from './entities/case-assignment.entity.ts';
import { CaseClosureSchema } from './entities/case-closure.entity.ts';
import { CaseReferenceCounterSchema } from './entities/case-reference-counter.entity.ts';
import { CaseSchema } from './entities/case.entity.ts';
import { CrisisCellCodeSchema } from './entities/crisis-cell-code.entity.ts';
import { CounsellingSessionSchema } from './entities/counselling-session.entity.ts';
import { CustodyTransferSchema } from './entities/custody-transfer.entity.ts';
import { EvidenceItemSchema } from './entities/evidence-item.entity.ts';
import { FirSchema } from './entities/fir.entity.ts';
import { InvestigationSchema } from './entities/investigation.entity.ts';
import { MedicoLegalExamSchema } from './entities/medico-legal-exam.entity.ts';
import { SurvivorSchema } from './entities/survivor.entity.ts';
import { SuspectSchema } from './entities/suspect.entity.ts';
import { casesEvents } from './events.ts';
import { createCaseLoaders, type CaseLoaders } from './loaders.ts';
import { migrations } from './migrations/index.ts';
import { prepareCaseMetrics } from './metrics.ts';
import { resolvers } from './resolvers/index.ts';
import { caseRows } from './rows.ts';

export const casesSubgraph: SubgraphDefinition<CaseLoaders> = {
  name: 'cases',
  port: 4001,
  schema: new URL('../schema.graphql', import.meta.url),
  database: {
    subgraph: 'cases',
    entities: [
      CaseSchema,
      SurvivorSchema,
      MedicoLegalExamSchema,
      EvidenceItemSchema,
      CustodyTransferSchema,
      CounsellingSessionSchema,
      FirSchema,
      InvestigationSchema,
      SuspectSchema,
      CaseAssignmentSchema,
      CaseClosureSchema,
      CrisisCellCodeSchema,
      CaseReferenceCounterSchema,
      // Who read a survivor's identity, and every mutation: this subgraph's own audit trail.
      AuditEntryWithMutationsSchema,
      // Safe retries of its mutations (Idempotency-Key): the keys and the outcomes they replay.
      IdempotencyKeySchema,
      // Events between agencies (#events): what it emits (ChargeSheetFiled) and what it has applied (TrialOpened, VerdictRecorded).
      OutboxEventSchema,
      InboxEventSchema,
    ],
    migrations,
    loadSeeder: async () => (await import('./seeders/cases.seeder.ts')).CasesSeeder,
  },
  resolvers,
  createLoaders: createCaseLoaders,
  rows: caseRows,
  prepareMetrics: prepareCaseMetrics,
  parts: [casesEvents()],
};

export const createCasesService = (options?: SubgraphServiceOptions) => createSubgraphService(casesSubgraph, options);
