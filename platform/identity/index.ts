export { type DevIdentity, mintDevToken } from './mint-token.ts';
export { PURPOSE_HEADER, statedPurpose } from './purpose.ts';
export {
  requestSigningFromEnv,
  type RequestSigningSettings,
  IDEMPOTENCY_KEY_HEADER,
  SIGNATURE_HEADER,
  signSubgraphRequest,
  verifyReceivedRequest,
} from './request-signature.ts';
export { tokenSettingsFromEnv } from './token-settings.ts';
export { createViewerVerifier, type ViewerFromAuthorization } from './verify-token.ts';
export { AGENCIES, isAgency, isProvince, PROVINCES, PUBLIC_VIEWER, type Viewer } from './viewer.ts';
