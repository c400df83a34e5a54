import { createRequire } from 'node:module';

/**
 * graphql-shield, from its CommonJS build: the ESM build of 7.6.5 imports
 * `isUndefined` from `util`, which Node 23 removed, so it fails to load on
 * Node 24 (maticzav/graphql-shield#1561). The CommonJS build calls it only
 * in `chain` and `race`, which we do not use, and shares graphql's CommonJS
 * build with Apollo, so schema types are recognised across both. graphql-middleware
 * comes from the same build for the same reason.
 */
const require = createRequire(import.meta.url);
const graphqlShield = require('graphql-shield') as typeof import('graphql-shield');
// The same build of graphql-middleware as shield's, or shield's generator is not recognised as one.
const graphqlMiddleware = require('graphql-middleware') as typeof import('graphql-middleware');

export const { shield, rule, allow, deny } = graphqlShield;
export const { applyMiddleware } = graphqlMiddleware;
export type { IRules } from 'graphql-shield';
