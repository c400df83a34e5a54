import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type GraphQLSchema, Lexer, Source, TokenKind, type ValidationContext } from 'graphql';
import { intFromEnv } from './config.ts';
import { ErrorCode } from './errors.ts';
import { OperationCostError, operationCost } from './operation-cost.ts';
import { maxRepeatsRule } from './repeats-limit.ts';
import type { Part, ServiceAdditions, ServiceSetup } from './part.ts';

/**
 * How large an operation may be before anything is planned or executed
 * (issue 14, item 1). Each refused operation answers one
 * `GRAPHQL_VALIDATION_FAILED` error (HTTP 400) naming the limit and what was
 * found, and nothing runs. README "Operation limits" documents them.
 */
export interface OperationLimits {
  /** Nesting of fields (an inline fragment or a spread counts as a level, `__schema` as none). `LIMIT_MAX_DEPTH`. */
  depth: number;
  /** Aliased fields in the operation, `__typename`'s included. `LIMIT_MAX_ALIASES`. */
  aliases: number;
  /** Directives in the operation, all fields together. `LIMIT_MAX_DIRECTIVES`. */
  directives: number;
  /** Lexical tokens of the document. `LIMIT_MAX_TOKENS`. */
  tokens: number;
  /** Times one field is written in one selection set, or one directive on one field ({@link maxRepeatsRule}). `LIMIT_MAX_REPEATS`. */
  repeats: number;
  /**
   * The operation's estimated cost from the `@cost`/`@listSize` weights of
   * the schema, as Apollo's demand control computes it ({@link operationCost}).
   * `LIMIT_MAX_COST`; per agency `LIMIT_MAX_COST_<AGENCY>` (see {@link costCeilings}).
   */
  cost: number;
}

/**
 * The defaults, from what the product's own operations measure (README
 * "Operation limits"): the deepest (a case across every agency, W1) is 7, the
 * longest (the committee dashboard) 547 tokens; none uses an alias or a
 * directive, nor writes a field twice in one selection set. The cost ceiling
 * is an estimate of objects returned, as GitHub's node limit (500,000 a call) is: it is above the heaviest view the product
 * is tested with (200 decided cases with their evidence, suspects and trials,
 * 83,213; test/no-n-plus-one.test.ts) and refuses what multiplies further.
 */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = {
  depth: 10,
  aliases: 15,
  directives: 20,
  tokens: 1_000,
  repeats: 3,
  cost: 100_000,
};

/**
 * Agencies whose cost ceiling differs from `LIMIT_MAX_COST`: an anonymous
 * caller (PUBLIC) reads only the crisis-cell directory, whose largest page
 * (100 cells, every field) costs 201, and asking for every root field at
 * once (test/access-enforced.test.ts, answered with a refusal of each) 4,183.
 */
export const DEFAULT_AGENCY_COST_CEILINGS: Readonly<Record<string, number>> = {
  PUBLIC: 5_000,
};

/** The limits from the environment, each `LIMIT_MAX_<NAME>` over its default. */
export function operationLimitsFromEnv(env: NodeJS.ProcessEnv): OperationLimits {
  return {
    depth: intFromEnv(env.LIMIT_MAX_DEPTH, DEFAULT_OPERATION_LIMITS.depth),
    aliases: intFromEnv(env.LIMIT_MAX_ALIASES, DEFAULT_OPERATION_LIMITS.aliases),
    directives: intFromEnv(env.LIMIT_MAX_DIRECTIVES, DEFAULT_OPERATION_LIMITS.directives),
    tokens: intFromEnv(env.LIMIT_MAX_TOKENS, DEFAULT_OPERATION_LIMITS.tokens),
    repeats: intFromEnv(env.LIMIT_MAX_REPEATS, DEFAULT_OPERATION_LIMITS.repeats),
    cost: intFromEnv(env.LIMIT_MAX_COST, DEFAULT_OPERATION_LIMITS.cost),
  };
}

/** Each agency's cost ceiling that differs from `LIMIT_MAX_COST`: the defaults, then every `LIMIT_MAX_COST_<AGENCY>` set. */
export function costCeilings(env: NodeJS.ProcessEnv): Map<string, number> {
  const ceilings = new Map(Object.entries(DEFAULT_AGENCY_COST_CEILINGS));
  for (const [key, value] of Object.entries(env)) {
    const agency = /^LIMIT_MAX_COST_([A-Z_]+)$/.exec(key)?.[1];
    if (agency && value) ceilings.set(agency, intFromEnv(value, 0));
  }
  return ceilings;
}

/**
 * A subgraph's limits, from the gateway's: the operations the gateway's query
 * planner sends are its client's cut at subgraph boundaries, but an entity's
 * part sits two levels down (`_entities(representations:) { ... on T { ... } }`),
 * with key fields and `__typename` added, and the planner may alias fields
 * (`field__alias_0`). A subgraph must never refuse what the gateway accepted
 * and planned: two more levels, and twice the rest.
 */
export function plannedOperationLimits(limits: OperationLimits): OperationLimits {
  return {
    depth: limits.depth + 2,
    aliases: limits.aliases * 2,
    directives: limits.directives * 2,
    tokens: limits.tokens * 2,
    repeats: limits.repeats * 2,
    cost: limits.cost * 2,
  };
}

/** Options of {@link operationLimits}. */
export interface OperationLimitsOptions<TSetup extends ServiceSetup = ServiceSetup> {
  /** Default: from the environment ({@link operationLimitsFromEnv}). */
  limits?: OperationLimits;
  /** Per-agency cost ceilings; default {@link costCeilings} of the environment. */
  agencyCosts?: ReadonlyMap<string, number>;
  /** Behind the gateway (a subgraph): {@link plannedOperationLimits} of the limits and of each agency's cost ceiling. */
  planned?: boolean;
  /**
   * The schema whose `@cost` and `@listSize` weigh an operation: the gateway's
   * is the composed supergraph (its API schema keeps no directives). Default:
   * the schema each request is served from (a subgraph's own).
   */
  costSchema?: (setup: TSetup) => GraphQLSchema;
}

/**
 * Operation limits: graphql-armor's Apollo Server protections for depth,
 * aliases and directives (validation rules, run once per document: Apollo
 * Server keeps the validated ones), the tokens counted before parsing, and
 * the cost estimated per request from the schema's weights and the
 * request's variables against the caller's agency's ceiling (validation
 * rules see neither). Production requires this part; `LIMITS=off` leaves it
 * empty elsewhere, to measure what the limits cost.
 */
export function operationLimits<TSetup extends ServiceSetup = ServiceSetup>(
  options: OperationLimitsOptions<TSetup> = {},
): Part<TSetup, ServiceAdditions> {
  return {
    name: 'operation-limits',
    setup: (setup) => {
      const { env, logger } = setup;
      if (env.LIMITS === 'off') {
        if (env.NODE_ENV === 'production') throw new Error('LIMITS=off is refused in production: operation limits are required there');
        logger.warn('LIMITS=off: operations of any size are planned and executed (for measurement only)');
        return {};
      }
      const adjust = options.planned ? plannedOperationLimits : (limits: OperationLimits) => limits;
      const limits = adjust(options.limits ?? operationLimitsFromEnv(env));
      const agencyCosts = new Map(
        [...(options.agencyCosts ?? costCeilings(env))].map(([agency, cost]) => [agency, adjust({ ...limits, cost }).cost]),
      );
      const costSchema = options.costSchema?.(setup);
      const reject = { propagateOnRejection: false, onReject: [reportRefusal] };
      const off = { enabled: false };
      const armor = new ApolloArmor({
        // Suggestions are taken out of every message by the error formatter (errors.ts): armor's mask misses some.
        blockFieldSuggestion: off,
        // Counted before parsing by the plugin below: armor's refusal answers HTTP 500.
        maxTokens: off,
        // Weighed per request by the plugin below: armor's knows no @cost or @listSize, nor variables.
        costLimit: off,
        maxDepth: { n: limits.depth, ...reject },
        // `__typename` aliases count too (armor lets them by): 101 of them is graphql-cop's alias overloading.
        maxAliases: { n: limits.aliases, allowList: [], ...reject },
        maxDirectives: { n: limits.directives, ...reject },
      }).protect();
      const plugin: ApolloServerPlugin<BaseContext> = {
        async unexpectedErrorProcessingRequest({ error }) {
          // A refusal thrown before parsing (tokens): Apollo Server answers with it (status 400) instead of a masked 500.
          if (error instanceof LimitRefusal) throw error;
        },
        async requestDidStart() {
          return {
            async parsingDidStart({ source }) {
              // Only for a document Apollo Server has not parsed and validated before.
              const found = countTokens(source);
              if (found > limits.tokens) throw new LimitRefusal(`Token limit of ${limits.tokens} exceeded, found ${found}.`);
            },
            async didResolveOperation(requestContext) {
              // Synchronous up to the refusal: the policy filter's hook, run next, sees it.
              const { document, operation, request, contextValue } = requestContext;
              if (!operation) return;
              const agency = agencyOf(contextValue) ?? 'PUBLIC';
              const ceiling = agencyCosts.get(agency) ?? limits.cost;
              let cost: number;
              try {
                cost = operationCost(costSchema ?? requestContext.schema, document, operation, { variables: request.variables });
              } catch (error) {
                if (!(error instanceof OperationCostError)) throw error;
                refusedByLimits.add(contextValue);
                throw new LimitRefusal(error.message);
              }
              if (cost > ceiling) {
                refusedByLimits.add(contextValue);
                throw new LimitRefusal(`Operation cost ${cost} exceeds the limit ${ceiling} for ${agency}.`);
              }
            },
          };
        },
      };
      // armor's plugins are those of the protections turned off above: its validation rules are all it adds.
      return { plugins: [plugin], validationRules: [...armor.validationRules, maxRepeatsRule(limits.repeats)] };
    },
  };
}

/**
 * Requests (by their context) this part refused in `didResolveOperation`:
 * other plugins' hooks of that stage run alongside, and the gateway's policy
 * filter skips its work (recording refusals on subgraphs) for them.
 */
const refusedByLimits = new WeakSet<object>();
export const refusedByOperationLimits = (contextValue: object): boolean => refusedByLimits.has(contextValue);

/** A refusal by a limit: the validation failure Apollo Server answers with status 400. */
class LimitRefusal extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } } });
  }
}

/** armor's rejection, reported as a validation error without its misleading "Syntax Error: " prefix. */
function reportRefusal(context: ValidationContext | null, error: GraphQLError) {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
}

function agencyOf(contextValue: unknown): string | undefined {
  const agency = (contextValue as { viewer?: { agency?: unknown } } | undefined)?.viewer?.agency;
  return typeof agency === 'string' ? agency : undefined;
}

/**
 * The tokens of a document, counted with graphql-js's lexer, all of them to
 * say by how much a refused one is over (the body limit bounds the work). A
 * document that does not lex is left to the parser to refuse.
 */
export function countTokens(source: string | undefined): number {
  if (!source) return 0;
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    return 0;
  }
  return count;
}
