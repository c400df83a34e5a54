import type { EntityManager } from '@mikro-orm/core';
import { lockedById } from '#mutation';
import { type Case, CaseSchema } from '../entities/case.entity.ts';

/** The case, locked for the rest of the transaction; null when there is none by that id (or it is no id at all). */
export const lockedCase = (tx: EntityManager, caseId: string): Promise<Case | null> => lockedById(tx, CaseSchema, caseId);
