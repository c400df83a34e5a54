import type { Ref } from '@mikro-orm/core';
import type { RowSources, StoredRow } from '../../kit/src/policy/enforcement.ts';
import type { CasesContext } from './context.ts';
import type { Case } from './entities/case.entity.ts';
import type { EvidenceItem } from './entities/evidence-item.entity.ts';

/**
 * The stored row behind each row-ruled type of this subgraph: always the case
 * the value belongs to. A case loaded in this request is already in the
 * EntityManager's identity map, so following a record's `case` reference
 * costs no query; otherwise it goes through the request's case loader.
 */
export const caseRows: RowSources<CasesContext> = {
  Case: (row: Case, context) => storedCase(row, context),
  Survivor: ofCase,
  MedicoLegalExam: ofCase,
  EvidenceItem: ofCase,
  CounsellingSession: ofCase,
  Fir: ofCase,
  Investigation: ofCase,
  Suspect: ofCase,
  CustodyTransfer: async (transfer: { evidenceItem: Ref<EvidenceItem> }, context) => {
    const item = transfer.evidenceItem.isInitialized() ? transfer.evidenceItem.unwrap() : await transfer.evidenceItem.load();
    return item ? ofCase(item, context) : null;
  },
};

async function ofCase(record: { case: Ref<Case> }, context: CasesContext): Promise<StoredRow | null> {
  const row = record.case.isInitialized() ? record.case.unwrap() : await context.loaders.caseById.load(record.case.id);
  return row ? storedCase(row, context) : null;
}

function storedCase(row: Case, { loaders }: CasesContext): StoredRow {
  return {
    id: row.id,
    cellId: row.crisisCellId ?? null,
    province: row.province,
    assigned: () => loaders.assignedToViewer.load(row.id),
  };
}
