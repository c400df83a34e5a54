import type { Ref } from '@mikro-orm/core';
import type { RowSources, StoredRow } from '#policy';
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
  CaseClosure: ofCase,
  CustodyTransfer: (transfer: { evidenceItem: Ref<EvidenceItem> }, context) =>
    transfer.evidenceItem.isInitialized()
      ? ofCase(transfer.evidenceItem.unwrap(), context)
      : transfer.evidenceItem.load().then((item) => (item ? ofCase(item, context) : null)),
};

/** Without waiting when the case is already loaded in this request (the usual way in: through the case). */
function ofCase(record: { case: Ref<Case> }, context: CasesContext): StoredRow | null | Promise<StoredRow | null> {
  if (record.case.isInitialized()) return storedCase(record.case.unwrap(), context);
  return context.loaders.caseById.load(record.case.id).then((row) => (row ? storedCase(row, context) : null));
}

function storedCase(row: Case, { loaders }: CasesContext): StoredRow {
  return {
    id: row.id,
    cellId: row.crisisCellId ?? null,
    province: row.province,
    assigned: () => loaders.assignedToViewer.load(row.id),
  };
}
