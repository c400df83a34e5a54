import {
  Kind,
  type ConstDirectiveNode,
  type DocumentNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';
import { AGENCIES, type Agency } from '#reference-data';

/** The row conditions of DESIGN section 4, checked by the subgraph that owns the row. */
export const ROW_CONDITIONS = ['OWN_CELL', 'SAME_PROVINCE', 'ASSIGNED', 'STATED_PURPOSE'] as const;
export type RowCondition = (typeof ROW_CONDITIONS)[number];

/** Who may read a field or type, as its directives declare it. */
export interface AccessRule {
  public: boolean;
  /** `@requiresScopes`: any one alternative, all of whose scopes the caller holds. */
  scopes: string[][];
  /** `@rowRule`: the row condition an agency must also meet; none listed means the agency part suffices. */
  rows: Partial<Record<Agency, RowCondition>>;
  /** Problems in the directives themselves (unknown agency, malformed scope, ...). */
  problems: string[];
}

export interface FieldAccess {
  type: string;
  field: string;
  /** The named type the field returns (lists and non-null unwrapped). */
  returns: string;
  nullable: boolean;
  /** `@inaccessible`: served to the gateway (an entity key, say), never part of the graph's API. */
  inaccessible: boolean;
  own: AccessRule | null;
  ofType: AccessRule | null;
  /** The rule in force: the field's own, else its type's; null means nobody may read it. */
  rule: AccessRule | null;
}

const AGENCY_SCOPE = /^agency:([A-Z_]+)$/;
const ROLE_SCOPE = /^role:[a-z][a-z_]*$/;

/**
 * Every field of every object type in an SDL document, with the rule its
 * directives give it. Stub types a subgraph only references
 * (`@key(resolvable: false)`) are left out: they serve nothing.
 */
export function fieldAccessOf(document: DocumentNode): FieldAccess[] {
  const fields: FieldAccess[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (isReferenceStub(definition)) continue;
    const ofType = ruleOf(definition.directives ?? []);
    for (const field of definition.fields ?? []) {
      const own = ruleOf(field.directives ?? []);
      fields.push({
        type: definition.name.value,
        field: field.name.value,
        returns: namedType(field.type),
        nullable: field.type.kind !== Kind.NON_NULL_TYPE,
        inaccessible: (field.directives ?? []).some((directive) => directive.name.value === 'inaccessible'),
        own,
        ofType,
        rule: own ?? ofType,
      });
    }
  }
  return fields;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isReferenceStub(definition: ObjectTypeDefinitionNode | ObjectTypeExtensionNode): boolean {
  return (definition.directives ?? []).some(
    (directive) =>
      directive.name.value === 'key' &&
      directive.arguments?.some(
        (argument) => argument.name.value === 'resolvable' && argument.value.kind === Kind.BOOLEAN && !argument.value.value,
      ),
  );
}

/** A type's or field's rule; `@rowRule`'s enum arguments are read as given, composition having checked them against schema/policy.graphql. */
export function ruleOf(directives: readonly ConstDirectiveNode[]): AccessRule | null {
  const byName = new Map(directives.map((directive) => [directive.name.value, directive]));
  const publicDirective = byName.get('public');
  const scopesDirective = byName.get('requiresScopes');
  const rowDirectives = directives.filter((directive) => directive.name.value === 'rowRule');
  if (!publicDirective && !scopesDirective && rowDirectives.length === 0) return null;
  const problems: string[] = [];
  if (publicDirective && (scopesDirective || rowDirectives.length > 0))
    problems.push('@public cannot be combined with @requiresScopes or @rowRule');
  if (rowDirectives.length > 0 && !scopesDirective) problems.push('@rowRule needs @requiresScopes naming the agencies it narrows');

  const scopes = scopesDirective ? nestedStrings(scopesDirective, 'scopes') : [];
  for (const alternative of scopes) {
    const agencies = alternative.filter((scope) => AGENCY_SCOPE.test(scope));
    if (agencies.length !== 1) problems.push(`scope alternative [${alternative.join(', ')}] must name exactly one agency`);
    for (const scope of alternative) {
      const agency = AGENCY_SCOPE.exec(scope)?.[1];
      if (agency ? !isAgency(agency) || agency === 'PUBLIC' : !ROLE_SCOPE.test(scope)) problems.push(`unknown scope "${scope}"`);
    }
  }

  const rows: Partial<Record<Agency, RowCondition>> = {};
  const scopedAgencies = new Set(scopes.flat().map((scope) => AGENCY_SCOPE.exec(scope)?.[1]));
  for (const rowDirective of rowDirectives) {
    const agency = enumArgument(rowDirective, 'agency') as Agency;
    const condition = enumArgument(rowDirective, 'condition') as RowCondition;
    if (!scopedAgencies.has(agency)) {
      problems.push(`@rowRule(agency: ${agency}) names an agency its @requiresScopes does not admit`);
    } else if (rows[agency]) {
      problems.push(`@rowRule(agency: ${agency}) given twice`);
    } else {
      rows[agency] = condition;
    }
  }
  return { public: Boolean(publicDirective), scopes, rows, problems };
}

const isAgency = (value: string): value is Agency => (AGENCIES as readonly string[]).includes(value);

function nestedStrings(directive: ConstDirectiveNode, argumentName: string): string[][] {
  const value = directive.arguments?.find((argument) => argument.name.value === argumentName)?.value;
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((inner) =>
    inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [],
  );
}

/** An enum argument's value; composition also accepts the value quoted, so a string is read the same way. */
function enumArgument(directive: ConstDirectiveNode, argumentName: string): string | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === argumentName)?.value;
  return value?.kind === Kind.ENUM || value?.kind === Kind.STRING ? value.value : undefined;
}

/** Whether a rule admits a caller holding these scopes: `@public`, or every scope of one `@requiresScopes` alternative. */
export function admitsScopes(rule: AccessRule | null, scopes: ReadonlySet<string>): boolean {
  if (!rule) return false;
  if (rule.public) return true;
  return rule.scopes.some((alternative) => alternative.length > 0 && alternative.every((scope) => scopes.has(scope)));
}

/** Whether every caller the inner rule's agency part admits is admitted by the outer one. */
function scopesCover(outer: AccessRule, inner: AccessRule): boolean {
  return inner.scopes.every((alternative) => outer.scopes.some((candidate) => candidate.every((scope) => alternative.includes(scope))));
}

/** Whether two rules admit exactly the same callers under the same row conditions. */
export function sameRule(a: AccessRule, b: AccessRule): boolean {
  const scopeKey = (rule: AccessRule) =>
    rule.scopes
      .map((alternative) => [...alternative].sort().join('+'))
      .sort()
      .join('|');
  const rowKey = (rule: AccessRule) => JSON.stringify(Object.entries(rule.rows).sort());
  return a.public === b.public && scopeKey(a) === scopeKey(b) && rowKey(a) === rowKey(b);
}

/** Deny by default, and forbidden fields must be able to answer null: the problems, one line each. */
export function policyProblems(document: DocumentNode): string[] {
  const problems: string[] = [];
  const fields = fieldAccessOf(document);
  const typeRules = new Map(fields.filter((f) => f.ofType).map((f) => [f.type, f.ofType!]));
  for (const access of fields) {
    const where = `${access.type}.${access.field}`;
    for (const problem of [...(access.own?.problems ?? []), ...(access.ofType?.problems ?? [])]) problems.push(`${where}: ${problem}`);
    if (!access.rule) {
      problems.push(`${where} has no access rule (@public, or @requiresScopes on it or its type): nobody could read it`);
      continue;
    }
    // A type without a rule of its own (Query, say) is reachable by anyone.
    const narrower = access.own !== null && !access.own.public && (access.ofType === null ? true : !sameRule(access.own, access.ofType));
    if (narrower && !access.nullable) {
      problems.push(`${where} can be forbidden while its type is readable, so it must be nullable`);
    }
    // A caller who may read the field but nothing of the type it returns gets null there too.
    const returned = typeRules.get(access.returns);
    if (!access.nullable && returned && !access.rule.public && !returned.public && !scopesCover(returned, access.rule)) {
      problems.push(`${where} returns ${access.returns}, which some callers of ${where} may not read, so it must be nullable`);
    }
  }
  return problems;
}
