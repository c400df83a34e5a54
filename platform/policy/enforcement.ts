import type { FilterQuery } from '@mikro-orm/core';
import { defaultFieldResolver, isObjectType, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { AuditRecorder } from '#audit';
import type { Viewer } from '#identity';
import type { Agency } from '#reference-data';
import { AppError, ErrorCode } from '#service';
import { isUuid } from '#reference-data';
import { admitsScopes, fieldAccessOf, sameRule, type AccessRule, type FieldAccess, type RowCondition } from './access-rules.ts';
import { type Lookup, lookupsOf } from './lookups.ts';
import { allow, applyMiddleware, deny, rule, shield, type IRules } from './shield.ts';

type ShieldRule = typeof allow | ReturnType<ReturnType<typeof rule>>;
type IRuleFieldMap = Record<string, ShieldRule>;
type IRuleTypeMap = Record<string, ShieldRule | IRuleFieldMap>;

/**
 * Subgraph enforcement of DESIGN section 4 with graphql-shield. The rule tree
 * is generated from the subgraph's own SDL (`@requiresScopes`, `@rowRule`,
 * `@public`): there is no second, hand-written map of who may read what. What
 * a subgraph writes by hand is only how to find the stored row behind a value
 * of each row-ruled type (`RowSources`), since that is code, not policy.
 */

/** The stored row a value belongs to, as the row conditions need it. */
export interface StoredRow {
  /** The row's id (a UUID), recorded with a denial. */
  id: string;
  /** OWN_CELL: the crisis cell the row belongs to. */
  cellId?: string | null;
  /** SAME_PROVINCE: the province the row belongs to. */
  province?: string | null;
  /** ASSIGNED: whether the viewer is assigned to the row (batched by the subgraph's loaders). */
  assigned?: (viewer: Viewer) => boolean | Promise<boolean>;
}

/**
 * How to find the stored row behind a value of a type: read from the value as
 * the subgraph loaded it (or through the request's DataLoaders), never from
 * what a client or a representation supplied. `null` means no stored row
 * stands behind the value (the field it guards then answers nothing anyway).
 *
 * INHERITED is for a type that is not an entity, is returned by no root field,
 * and is reached only through fields whose rule is the type's own rule: the
 * row was already checked on the way in. `createEnforcement` verifies that.
 */
// biome-ignore lint/suspicious/noExplicitAny: each subgraph types the value its own row source receives (a Case, a Trial, ...).
type RowSource<TContext> = ((value: any, context: TContext) => StoredRow | null | Promise<StoredRow | null>) | typeof INHERITED;
export const INHERITED = Symbol('row checked by the field that leads here');
export type RowSources<TContext> = Record<string, RowSource<TContext>>;

/** What the rules need from a request's context. */
export interface EnforcementContext {
  viewer: Viewer;
  audit: AuditRecorder;
  /** STATED_PURPOSE: whether the request states a case the viewer is assigned to (memoised per request). */
  statedPurposeHolds: () => Promise<boolean>;
  /** What enforcement keeps for this request alone: {@link Enforcement.requestState}. */
  enforcement: EnforcementState;
}

/**
 * What enforcement learns in one request and keeps for the rest of it, on
 * the request's context, so it goes with the request. Only allowances are
 * kept; a refusal is decided (and recorded) every time.
 */
export interface EnforcementState {
  /** The viewer's scopes as a set, for the agency (and role) part of every rule. */
  readonly scopes: ReadonlySet<string>;
  /** Rules (by id) that allowed the request itself, with no row involved. */
  readonly allowedForRequest: Set<number>;
  /** Rules (by id) that allowed a particular value, by the value. */
  readonly allowedForValue: WeakMap<object, Set<number>>;
  /** The stored row behind each value, found once however many of its fields are asked for. */
  readonly rows: WeakMap<object, RowEntry>;
}

/** The error every refused field answers with, as Apollo Router and Hive Gateway word it. */
class UnauthorizedFieldError extends AppError {
  constructor() {
    super(ErrorCode.UNAUTHORIZED_FIELD_OR_TYPE, 'Unauthorized field or type');
  }
}

/** Which rows of a type a list may return to a viewer: all, none, or those meeting one row condition. */
export type RowScope = { kind: 'all' } | { kind: 'none' } | { kind: 'rows'; condition: RowCondition };

export interface Enforcement {
  /** The schema with every field guarded. */
  schema: GraphQLSchema;
  /** `Type.field` of every field the policy covers. */
  fields: ReadonlySet<string>;
  /** A request's state, for its context (`enforcement`), made when the request begins. */
  requestState(viewer: Viewer): EnforcementState;
  /** For list queries: the rows of a type the request's viewer may see, from the type's own rule. */
  rowScope(typeName: string, viewer: Viewer, state: EnforcementState): RowScope;
}

const MUTATION = 'Mutation';

/**
 * A mutation field's rule as shield checks it: the agency (and role) part
 * only. Its row part is checked by the mutation itself (#mutation), against
 * the stored row it loads and locks in its own transaction, and a row out of
 * reach answers as a missing one (NOT_FOUND), not as a refused field.
 */
const agencyPartOf = (rule: AccessRule): AccessRule => ({ ...rule, rows: {} });

/** Federation's own entry points: the gateway needs them, and each entity they return is guarded field by field. */
const FEDERATION_FIELDS: Record<string, IRuleFieldMap> = {
  Query: { _service: allow, _entities: allow },
  _Service: { sdl: allow },
};

interface EnforcementOptions<TContext> {
  /** The subgraph's SDL, with its policy directives. */
  typeDefs: DocumentNode;
  rows: RowSources<TContext>;
  /** Whether denials are written to the subgraph's audit trail (those that keep one). */
  auditDenials: boolean;
}

export function createEnforcement<TContext extends EnforcementContext>(
  schema: GraphQLSchema,
  options: EnforcementOptions<TContext>,
): Enforcement {
  const fields = fieldAccessOf(options.typeDefs);
  checkRowSources(fields, options.rows, options.typeDefs);
  const typeRules = new Map(fields.filter((f) => f.ofType).map((f) => [f.type, f.ofType!]));

  // One shield rule per distinct (rule, type): fields sharing them share the function, and its decisions.
  const ruleCache: GuardRule[] = [];
  const shieldRuleFor = (access: AccessRule, typeName: string): GuardRule => {
    const known = ruleCache.find((entry) => entry.typeName === typeName && sameRule(entry.access, access));
    if (known) return known;
    const id = ruleCache.length;
    const shieldRule = rule(`${typeName}#${id}`, { cache: 'no_cache' })(async (parent, _args, context: TContext, info) => {
      const decision = await admits(access, typeName, parent, context, info, options);
      if (decision.allowed) rememberAllowed(context.enforcement, id, decision.perRow ? parent : undefined);
      return decision.allowed;
    });
    const guard = { id, access, typeName, shieldRule };
    ruleCache.push(guard);
    return guard;
  };

  const tree: IRuleTypeMap = {};
  const guards = new Map<string, GuardRule | 'public'>();
  for (const access of fields) {
    const fieldRules = (tree[access.type] ??= {}) as IRuleFieldMap;
    if (!access.rule) fieldRules[access.field] = deny;
    else if (access.rule.public) {
      fieldRules[access.field] = allow;
      guards.set(`${access.type}.${access.field}`, 'public');
    } else {
      const guard = shieldRuleFor(access.type === MUTATION ? agencyPartOf(access.rule) : access.rule, access.type);
      fieldRules[access.field] = guard.shieldRule;
      guards.set(`${access.type}.${access.field}`, guard);
    }
  }
  for (const [typeName, federationRules] of Object.entries(FEDERATION_FIELDS)) {
    if (schema.getType(typeName)) Object.assign((tree[typeName] ??= {}) as IRuleFieldMap, federationRules);
  }
  // Reference stubs (`@key(resolvable: false)`): their key fields only carry the reference; the field returning them is guarded.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || tree[type.name]) continue;
    if (isReferenceStub(options.typeDefs, type.name)) tree[type.name] = allow;
  }

  const middleware = shield(tree as IRules, {
    fallbackRule: deny,
    // A resolver's own error (an audit write that failed, say) is reported as itself, not as a denial.
    allowExternalErrors: true,
    fallbackError: () => new UnauthorizedFieldError(),
  });
  const guarded = withDecidedFastPath(schema, applyMiddleware(schema, middleware), guards, options.rows);
  return {
    schema: withRowsOutOfReachHidden(guarded, lookupsOf(schema, fields), options),
    fields: new Set(fields.map((access) => `${access.type}.${access.field}`)),
    requestState: (viewer) => ({
      scopes: new Set(viewer.scopes),
      allowedForRequest: new Set(),
      allowedForValue: new WeakMap(),
      rows: new WeakMap(),
    }),
    rowScope(typeName, viewer, state) {
      const typeRule = typeRules.get(typeName);
      if (!typeRule) return { kind: 'none' };
      if (typeRule.public) return { kind: 'all' };
      if (!admitsScopes(typeRule, state.scopes)) return { kind: 'none' };
      const condition = typeRule.rows[viewer.agency];
      return condition ? { kind: 'rows', condition } : { kind: 'all' };
    },
  };
}

/**
 * A rule's decision for one value: `perRow` when it depended on the value's
 * row, not on the request alone; `rowId`, the row a refusal was decided on.
 */
interface Decision {
  allowed: boolean;
  perRow: boolean;
  rowId: string | null;
}

/** A decision made at once, or one that has to wait (on the database, or another subgraph). */
type Deciding = Decision | (() => Promise<Decision>);

/**
 * The rule's decision for a value, written once for shield (`admits`, which
 * waits when it must and records refusals) and for the fast path (which takes
 * only allowances made at once).
 */
function decide<TContext extends EnforcementContext>(
  access: AccessRule,
  typeName: string,
  parent: unknown,
  context: TContext,
  rows: RowSources<TContext>,
): Deciding {
  const { viewer } = context;
  const forRequest = (allowed: boolean): Decision => ({ allowed, perRow: false, rowId: null });
  // The agency (and role) part, as the gateway checks it.
  if (!admitsScopes(access, context.enforcement.scopes)) return forRequest(false);
  const condition = access.rows[viewer.agency];
  if (!condition) return forRequest(true);
  if (condition === 'STATED_PURPOSE') return async () => forRequest(await context.statedPurposeHolds());
  const source = rows[typeName];
  if (source === INHERITED) return forRequest(true);
  if (!source) return forRequest(false);
  const onRow = (row: StoredRow | null): Deciding => {
    if (row === null) return { allowed: true, perRow: true, rowId: null };
    const met = meetsNow(condition, row, viewer);
    if (met !== undefined) return { allowed: met, perRow: true, rowId: row.id };
    return async () => ({ allowed: row.assigned ? await row.assigned(viewer) : false, perRow: true, rowId: row.id });
  };
  const entry = rowEntryOf(source, parent, context);
  if (entry.settled) return onRow(entry.row);
  return async () => {
    const deciding = onRow(await entry.pending);
    return typeof deciding === 'function' ? deciding() : deciding;
  };
}

async function admits<TContext extends EnforcementContext>(
  access: AccessRule,
  typeName: string,
  parent: unknown,
  context: TContext,
  info: GraphQLResolveInfo,
  options: EnforcementOptions<TContext>,
): Promise<Decision> {
  const deciding = decide(access, typeName, parent, context, options.rows);
  const decision = typeof deciding === 'function' ? await deciding() : deciding;
  if (!decision.allowed) await refuse(context, info, decision.rowId, options);
  return decision;
}

interface GuardRule {
  id: number;
  access: AccessRule;
  typeName: string;
  shieldRule: ShieldRule;
}

/** What a rule has allowed in this request: the request itself (no row involved), or this value. */
function rememberAllowed(state: EnforcementState, ruleId: number, value: unknown) {
  if (value === undefined) state.allowedForRequest.add(ruleId);
  else if (typeof value === 'object' && value !== null) {
    let rules = state.allowedForValue.get(value);
    if (!rules) state.allowedForValue.set(value, (rules = new Set()));
    rules.add(ruleId);
  }
}

function alreadyAllowed(state: EnforcementState, ruleId: number, value: unknown): boolean {
  if (state.allowedForRequest.has(ruleId)) return true;
  return typeof value === 'object' && value !== null && (state.allowedForValue.get(value)?.has(ruleId) ?? false);
}

/**
 * graphql-shield wraps every field in an async function, so every field of
 * every row becomes a promise: the cost its users know from large lists
 * (maticzav/graphql-shield#416, #812, #1522). So each guarded field first
 * asks whether its rule is already known to allow this value: allowed by
 * shield earlier in the request (for the request, or for this very value),
 * or decidable now without waiting (the agency part, OWN_CELL and
 * SAME_PROVINCE against a row already in hand), with the same functions the
 * shield rule uses. If so the field's own resolver is called directly,
 * synchronously. Everything else (every refusal, which shield answers and
 * records; decisions that wait on the database or another subgraph; fields
 * with no rule at all) goes through shield. @public fields call their
 * resolver directly.
 */
function withDecidedFastPath<TContext extends EnforcementContext>(
  unguarded: GraphQLSchema,
  guarded: GraphQLSchema,
  guards: Map<string, GuardRule | 'public'>,
  rows: RowSources<TContext>,
): GraphQLSchema {
  for (const type of Object.values(guarded.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const original = unguarded.getType(type.name);
    if (!isObjectType(original)) continue;
    for (const field of Object.values(type.getFields())) {
      const guard = guards.get(`${type.name}.${field.name}`);
      const shielded = field.resolve;
      if (!guard || !shielded) continue;
      const own = original.getFields()[field.name]?.resolve ?? defaultFieldResolver;
      field.resolve =
        guard === 'public'
          ? own
          : (parent, args, context, info) =>
              alreadyAllowed((context as TContext).enforcement, guard.id, parent) ||
              allowedNow(guard.access, guard.typeName, parent, context as TContext, rows)
                ? own(parent, args, context, info)
                : shielded(parent, args, context, info);
    }
  }
  return guarded;
}

/**
 * Each value's stored row is found once per request, however many of its
 * fields are asked for; a row found without waiting (the value is the row,
 * or its reference is already loaded) is known at once, for the fast path.
 */
export type RowEntry = { settled: true; row: StoredRow | null } | { settled: false; pending: Promise<StoredRow | null> };

function rowEntryOf<TContext extends EnforcementContext>(
  source: Exclude<RowSource<TContext>, typeof INHERITED>,
  parent: unknown,
  context: TContext,
): RowEntry {
  if (typeof parent !== 'object' || parent === null) return { settled: true, row: null };
  const { rows } = context.enforcement;
  const seen = rows.get(parent);
  if (seen) return seen;
  let found: StoredRow | null | Promise<StoredRow | null>;
  try {
    found = source(parent, context);
  } catch (error) {
    found = Promise.reject(error);
  }
  const entry: RowEntry =
    found instanceof Promise
      ? {
          settled: false,
          pending: found.then((row) => {
            rows.set(parent, { settled: true, row });
            return row;
          }),
        }
      : { settled: true, row: found };
  rows.set(parent, entry);
  return entry;
}

/**
 * Whether a stored row meets a row condition for a viewer: the same test a
 * read's row rule makes, for a mutation's check of the row it touches.
 * STATED_PURPOSE is a request's, not a row's: it holds for no row here.
 */
export async function rowConditionHolds(condition: RowCondition, row: StoredRow, viewer: Viewer): Promise<boolean> {
  if (condition === 'STATED_PURPOSE') return false;
  const met = meetsNow(condition, row, viewer);
  if (met !== undefined) return met;
  return row.assigned ? await row.assigned(viewer) : false;
}

/** OWN_CELL and SAME_PROVINCE read the row alone; ASSIGNED may have to ask the database (undefined: not known yet). */
function meetsNow(condition: Exclude<RowCondition, 'STATED_PURPOSE'>, row: StoredRow, viewer: Viewer): boolean | undefined {
  switch (condition) {
    case 'OWN_CELL':
      return viewer.agency === 'ARCC' && Boolean(viewer.cellId) && row.cellId === viewer.cellId;
    case 'SAME_PROVINCE':
      return Boolean(viewer.province) && row.province === viewer.province;
    case 'ASSIGNED':
      return undefined;
  }
}

/** The same decision as shield's, when it is an allowance made at once; anything else is shield's to make. */
function allowedNow<TContext extends EnforcementContext>(
  access: AccessRule,
  typeName: string,
  parent: unknown,
  context: TContext,
  rows: RowSources<TContext>,
): boolean {
  const deciding = decide(access, typeName, parent, context, rows);
  return typeof deciding !== 'function' && deciding.allowed;
}

/**
 * A lookup of a row outside the caller's reach (one its type's own rule
 * refuses the caller) answers exactly as a lookup of a row that does not
 * exist: null, with no error (DESIGN section 4), so no answer tells whether a
 * hidden row exists. The refusal is recorded on the trail, as the lookup's,
 * with the row.
 */
function withRowsOutOfReachHidden<TContext extends EnforcementContext>(
  schema: GraphQLSchema,
  lookups: readonly Lookup[],
  options: EnforcementOptions<TContext>,
): GraphQLSchema {
  const query = schema.getQueryType();
  for (const lookup of lookups) {
    const field = query?.getFields()[lookup.field];
    const resolve = field?.resolve;
    if (!field || !resolve) continue;
    const source = options.rows[lookup.returns];
    field.resolve = async (parent, args, context: TContext, info) => {
      const value: unknown = await resolve(parent, args, context, info);
      if (typeof value !== 'object' || value === null || value instanceof Error) return value;
      const entry = source && source !== INHERITED ? rowEntryOf(source, value, context) : ({ settled: true, row: null } as const);
      const row = entry.settled ? entry.row : await entry.pending;
      if (await admitsRow(lookup.typeRule, row, context)) return value;
      await refuse(context, info, row?.id ?? null, options);
      return null;
    };
  }
  return schema;
}

/** A rule's decision on a stored row, for a lookup: a row condition with no row to judge it on refuses. */
async function admitsRow(access: AccessRule, row: StoredRow | null, context: EnforcementContext): Promise<boolean> {
  if (!admitsScopes(access, context.enforcement.scopes)) return false;
  const condition = access.rows[context.viewer.agency];
  if (!condition) return true;
  if (condition === 'STATED_PURPOSE') return context.statedPurposeHolds();
  return row !== null && rowConditionHolds(condition, row, context.viewer);
}

/** A denial, recorded on the subgraph's trail (with the row when one was checked) before the field answers null. */
async function refuse(
  context: EnforcementContext,
  info: GraphQLResolveInfo,
  rowId: string | null,
  options: { auditDenials: boolean },
): Promise<void> {
  if (!options.auditDenials) return;
  // The denial stands whether or not it could be recorded; AuditLog logs a failed write.
  await context.audit.record({ field: `${info.parentType.name}.${info.fieldName}`, rowId, outcome: 'DENIED' }).catch(() => undefined);
}

/** The id an assignment names for a viewer: the court for a court, the person otherwise. */
export function assigneeIdOf(viewer: Viewer): string | undefined {
  return viewer.agency === 'COURT' ? viewer.courtId : viewer.sub;
}

/**
 * Fails at start-up, not on a request: every row-ruled type needs a row source,
 * and every INHERITED one must be reachable only through fields with its own rule.
 */
function checkRowSources(fields: FieldAccess[], rows: RowSources<never>, typeDefs: DocumentNode): void {
  const problems: string[] = [];
  const ruledTypes = new Set(
    fields
      .filter((f) => f.type !== MUTATION && f.rule && Object.keys(f.rule.rows).some((a) => f.rule!.rows[a as Agency] !== 'STATED_PURPOSE'))
      .map((f) => f.type),
  );
  for (const typeName of ruledTypes) if (!rows[typeName]) problems.push(`${typeName} has row rules but no row source`);
  for (const [typeName, source] of Object.entries(rows)) {
    if (source !== INHERITED) continue;
    const typeRule = fields.find((f) => f.type === typeName)?.ofType;
    if (!typeRule) problems.push(`${typeName} inherits its row but has no rule of its own`);
    if (isEntity(typeDefs, typeName))
      problems.push(`${typeName} is an entity, so _entities reaches it directly: it cannot inherit its row`);
    for (const leading of fields.filter((f) => f.returns === typeName)) {
      if (leading.type === 'Query') problems.push(`${typeName} is returned by Query.${leading.field}: it cannot inherit its row`);
      else if (!typeRule || !leading.rule || !sameRule(leading.rule, typeRule)) {
        problems.push(`${typeName} inherits its row, but ${leading.type}.${leading.field} does not carry ${typeName}'s rule`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`access enforcement cannot be built:\n  ${problems.join('\n  ')}`);
}

function keyDirectives(typeDefs: DocumentNode, typeName: string) {
  return typeDefs.definitions.flatMap((definition) =>
    'name' in definition && definition.name?.value === typeName && 'directives' in definition
      ? (definition.directives ?? []).filter((directive) => directive.name.value === 'key')
      : [],
  );
}

const isEntity = (typeDefs: DocumentNode, typeName: string) => keyDirectives(typeDefs, typeName).length > 0;

const isReferenceStub = (typeDefs: DocumentNode, typeName: string) =>
  keyDirectives(typeDefs, typeName).some((directive) =>
    directive.arguments?.some(
      (argument) => argument.name.value === 'resolvable' && argument.value.kind === 'BooleanValue' && !argument.value.value,
    ),
  );

/** How a list narrows its rows to those a row condition admits, per condition its type uses. */
export interface RowScopeFilters<T> {
  OWN_CELL?: (cellId: string) => FilterQuery<T>;
  SAME_PROVINCE?: (province: string) => FilterQuery<T>;
  ASSIGNED?: (viewer: Viewer) => FilterQuery<T> | Promise<FilterQuery<T>>;
}

const NO_ROWS = { id: { $in: [] } };

/**
 * A list's conditions narrowed to the rows its type's rule lets the viewer
 * see, so a page never carries rows whose every field would be refused. A
 * condition the list cannot express (or a claim the token lacks) admits none.
 */
export async function scopedWhere<T>(
  scope: RowScope,
  viewer: Viewer,
  filters: RowScopeFilters<T>,
  where: FilterQuery<T>,
): Promise<FilterQuery<T>> {
  if (scope.kind === 'all') return where;
  let narrowing: FilterQuery<T> | undefined;
  if (scope.kind === 'rows') {
    if (scope.condition === 'OWN_CELL' && viewer.cellId && isUuid(viewer.cellId)) narrowing = filters.OWN_CELL?.(viewer.cellId);
    if (scope.condition === 'SAME_PROVINCE' && viewer.province) narrowing = filters.SAME_PROVINCE?.(viewer.province);
    if (scope.condition === 'ASSIGNED') narrowing = await filters.ASSIGNED?.(viewer);
  }
  return { $and: [where, narrowing ?? NO_ROWS] } as FilterQuery<T>;
}
