export { accessMatrix, accessMatrixMarkdown } from './access-matrix.ts';
export { type AccessRule, admitsScopes, type FieldAccess, fieldAccessOf, policyProblems } from './access-rules.ts';
export {
  assigneeIdOf,
  createEnforcement,
  INHERITED,
  type RowScope,
  type RowScopeFilters,
  type RowSources,
  scopedWhere,
  type StoredRow,
} from './enforcement.ts';
export { createStatedPurposeCheck } from './stated-purpose.ts';
