import { fileURLToPath } from 'node:url';
import { Counter, Gauge } from 'prom-client';
import { StartupRefusal, type TrustedDocumentsMode, trustedDocumentsMode } from '#service';
import type { GatewayPart } from '../../part.ts';
import { type RefusalReason, trustedDocumentsPlugin } from './index.ts';
import { readManifests } from './manifest.ts';

/** The repository's manifests, one per front-end (README "Trusted documents"): always read. */
export const DEFAULT_MANIFESTS_FOLDER = fileURLToPath(new URL('../../../trusted-documents/', import.meta.url));

const REFUSAL_REASONS: readonly RefusalReason[] = ['ad_hoc', 'unknown_id'];

/** Options of {@link trustedDocuments}. */
export interface TrustedDocumentsOptions {
  /** Default TRUSTED_DOCUMENTS: `allow` in development, `enforce` in production. */
  mode?: TrustedDocumentsMode;
  /**
   * Manifest files, or folders of them (`*.json`); default the repository's
   * folder and every path of TRUSTED_DOCUMENTS_MANIFESTS (comma-separated).
   */
  manifests?: readonly string[];
}

/** The manifests the environment names: the repository's folder, then TRUSTED_DOCUMENTS_MANIFESTS. */
export function manifestsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const named = (env.TRUSTED_DOCUMENTS_MANIFESTS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return [DEFAULT_MANIFESTS_FOLDER, ...named];
}

/**
 * Trusted documents (issue 14, item 3): the operations front-ends registered
 * in their manifests, read and checked at start (a manifest that cannot be
 * trusted stops the gateway, in one line), run by id; with `enforce`, nothing
 * else runs ({@link trustedDocumentsPlugin}). Counts what it refuses
 * (`trusted_documents_refused_total{reason}`) and says how many documents it
 * holds (`trusted_documents_registered`).
 */
export function trustedDocuments(options: TrustedDocumentsOptions = {}): GatewayPart {
  return {
    name: 'trusted-documents',
    setup: ({ env, logger, registry }) => {
      const mode = options.mode ?? trustedDocumentsMode(env);
      if (mode === 'off') {
        logger.warn('TRUSTED_DOCUMENTS=off: no persisted documents, and every operation sent is run');
        return { plugins: [trustedDocumentsPlugin({ mode, documents: new Map() })] };
      }
      const manifests = options.manifests ?? manifestsFromEnv(env);
      const documents = readManifests(manifests);
      if (mode === 'enforce' && documents.size === 0)
        throw new StartupRefusal(`TRUSTED_DOCUMENTS=enforce, but no manifest registers an operation (read: ${manifests.join(', ')})`);
      new Gauge({ name: 'trusted_documents_registered', help: 'Operation documents the manifests register.', registers: [registry] }).set(
        documents.size,
      );
      const refused = new Counter({
        name: 'trusted_documents_refused_total',
        help: 'Operations refused with TRUSTED_DOCUMENTS=enforce: ad_hoc (a text not registered), unknown_id (an id no manifest holds).',
        labelNames: ['reason'],
        registers: [registry],
      });
      for (const reason of REFUSAL_REASONS) refused.inc({ reason }, 0);
      logger.info({ mode, documents: documents.size, manifests }, 'trusted documents');
      return { plugins: [trustedDocumentsPlugin({ mode, documents, onRefusal: (reason) => refused.inc({ reason }) })] };
    },
  };
}
