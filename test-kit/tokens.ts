import { mintDevToken, type DevIdentity } from '#identity';
import { tokenSettingsFromEnv } from '#identity';

/** A development token for an identity, signed with the same settings the stack verifies with. */
export const tokenFor = (identity: DevIdentity) => mintDevToken(tokenSettingsFromEnv(), identity);
