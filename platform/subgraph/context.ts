import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '#identity';
import type { AuditTrailContext } from './parts/audit-trail.ts';
import type { CommitteeFiguresContext } from './parts/committee-figures.ts';
import type { RowScopeContext } from './parts/enforcement.ts';

/** What every request's context holds, whatever the parts: who asks, for what, and what it reads with. */
export interface RequestContext<TLoaders> {
  viewer: Viewer;
  /** An EntityManager forked for this request alone. */
  em: EntityManager;
  /** DataLoaders created for this request alone. */
  loaders: TLoaders;
  requestId: string;
  /** The case reference the caller stated as the purpose of this request (`x-case-purpose`), if any. */
  purpose?: string;
}

/**
 * What every resolver of every subgraph receives: the request's own, and
 * what the parts add, each typed by its part's interface. Where a part was
 * left out (server.ts) its fields hold a stand-in: nothing recorded, every
 * row in scope, no stated purpose, figures protected on the serving thread.
 */
export interface SubgraphContext<TLoaders> extends RequestContext<TLoaders>, AuditTrailContext, RowScopeContext, CommitteeFiguresContext {}
