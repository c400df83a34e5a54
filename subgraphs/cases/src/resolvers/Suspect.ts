import type { SuspectResolvers } from '../generated/resolvers-types.ts';

export const Suspect: SuspectResolvers = {
  // The register is the offenders subgraph's: hand the gateway the CNIC key, no lookup here.
  registerEntry: (suspect) => (suspect.cnic ? { __typename: 'Offender', suspectCnic: suspect.cnic } : null),
};
