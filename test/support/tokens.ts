import { mintDevToken, type DevIdentity } from '../../subgraphs/kit/src/auth/mint-token.ts';
import { tokenSettingsFromEnv } from '../../subgraphs/kit/src/auth/token-settings.ts';

/** A development token for an identity, signed with the same settings the stack verifies with. */
export const tokenFor = (identity: DevIdentity) => mintDevToken(tokenSettingsFromEnv(), identity);
