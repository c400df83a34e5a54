export { accessMatrix, accessMatrixMarkdown } from './access-matrix.ts';
export { policySentence, withPolicyInDescriptions } from './policy-descriptions.ts';
export { type AccessRule, admitsScopes, type RowCondition, type FieldAccess, fieldAccessOf, policyProblems } from './access-rules.ts';
export {
  assigneeIdOf,
  createEnforcement,
  rowConditionHolds,
  type Enforcement,
  type EnforcementContext,
  type EnforcementState,
  INHERITED,
  type RowScope,
  type RowScopeFilters,
  type RowSources,
  scopedWhere,
  type StoredRow,
} from './enforcement.ts';
export { createStatedPurposeCheck } from './stated-purpose.ts';
