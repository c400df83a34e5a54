import type { CaseFacts } from '#synthetic-world';
import type { DevIdentity } from '#identity';
import { PURPOSE_HEADER } from '#identity';
import { seededCases } from './world.ts';

/** One query across all four subgraphs: case → crisis cell → trial → hearings → convictions → register entry. */
export const CASE_ACROSS_AGENCIES = /* GraphQL */ `
  query CaseAcrossAgencies($id: ID!) {
    case(id: $id) {
      id
      reference
      status
      province
      district
      crisisCell { id name city province }
      suspects { id name cnic registerEntry { id registerNumber cnic fullName } }
      trial {
        id
        caseNumber
        status
        case { id reference }
        court { id name district }
        hearings { id scheduledFor outcome }
        verdict {
          outcome
          convictions {
            id
            offenceSection
            offender { id registerNumber cnic fullName province convictions { id } }
          }
        }
      }
    }
  }
`;

/** Whether a case crosses every agency: received by a cell, investigated, tried, and a conviction put on the register. */
export const crossesEveryAgency = (c: CaseFacts): boolean =>
  Boolean(
    c.crisisCellId && c.investigation && c.trial?.verdict?.convictions.some((conviction) => c.suspects[conviction.suspectPosition]?.cnic),
  );

/** A seeded case that crosses every agency. */
export function caseAcrossAgencies(): CaseFacts {
  const found = seededCases().find(crossesEveryAgency);
  if (!found) throw new Error('the scale-1 world has no case with a conviction: the seed changed');
  return found;
}

/**
 * Who may read all of that query: the case's investigating officer (SSOIU, of
 * the case's province), stating the case as the purpose of the request, as
 * offender identity requires.
 */
export function investigatorOf(facts: CaseFacts): { identity: DevIdentity; headers: Record<string, string> } {
  return {
    identity: { agency: 'SSOIU', province: facts.province, sub: facts.investigation!.investigatingOfficerId },
    headers: { [PURPOSE_HEADER]: facts.reference },
  };
}
