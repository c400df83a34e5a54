// Offence sections and SYNTHETIC sentences. Ranges follow the punishments the Pakistan Penal
// Code and PECA 2016 provide, loosely; the sentences themselves are made up.

import type { Rng } from './random.ts';
import type { OffenceCategory, RiskTier, SentenceFacts } from './facts.ts';

/** The sections a case of a category is registered under; the first is the principal one. */
export function offenceSectionsFor(category: OffenceCategory, child: boolean): string[] {
  switch (category) {
    case 'RAPE':
      return [child ? 'PPC 376(3)' : 'PPC 376(1)'];
    case 'GANG_RAPE':
      return ['PPC 375A', 'PPC 376(2)'];
    case 'CHILD_SEXUAL_ABUSE':
      return ['PPC 377A', 'PPC 377B'];
    case 'UNNATURAL_OFFENCE':
      return ['PPC 377'];
    case 'SEXUAL_ABUSE': // attempted rape, charged "read with" s.511
      return [child ? 'PPC 376(3)' : 'PPC 376(1)', 'PPC 511'];
    case 'CHILD_PORNOGRAPHY':
      return ['PPC 292B', 'PPC 292C', 'PECA 22'];
    case 'TRAFFICKING_FOR_SEXUAL_EXPLOITATION':
      return ['PPC 371A', 'PPC 371B'];
    case 'ONLINE_SEXUAL_HARASSMENT':
      return ['PECA 21'];
  }
}

/** The section a conviction is recorded under, e.g. "PPC 376(1) read with PPC 511". */
export function convictionSection(sections: readonly string[]): string {
  const principal = sections[0] ?? 'PPC 376(1)';
  return sections.includes('PPC 511') ? `${principal} read with PPC 511` : principal;
}

interface SentencingRange {
  minYears: number;
  maxYears: number;
  lifeShare: number;
  deathShare: number;
  minFine: number;
  maxFine: number;
}

const RAPE_RANGE: SentencingRange = { minYears: 10, maxYears: 25, lifeShare: 0.2, deathShare: 0.02, minFine: 100_000, maxFine: 1_000_000 };

const SENTENCING: Record<string, SentencingRange> = {
  'PPC 376(1)': RAPE_RANGE,
  'PPC 376(2)': RAPE_RANGE,
  'PPC 376(3)': { ...RAPE_RANGE, lifeShare: 0.55, deathShare: 0.04 },
  'PPC 375A': { ...RAPE_RANGE, lifeShare: 0.6, deathShare: 0.05 },
  'PPC 377': { minYears: 2, maxYears: 10, lifeShare: 0.05, deathShare: 0, minFine: 50_000, maxFine: 500_000 },
  'PPC 377A': { minYears: 14, maxYears: 20, lifeShare: 0, deathShare: 0, minFine: 1_000_000, maxFine: 2_000_000 },
  'PPC 292B': { minYears: 14, maxYears: 20, lifeShare: 0, deathShare: 0, minFine: 1_000_000, maxFine: 2_000_000 },
  'PPC 371A': { minYears: 7, maxYears: 25, lifeShare: 0, deathShare: 0, minFine: 100_000, maxFine: 1_000_000 },
  'PECA 21': { minYears: 1, maxYears: 5, lifeShare: 0, deathShare: 0, minFine: 100_000, maxFine: 1_000_000 },
};

function rangeFor(section: string): SentencingRange {
  const principal = section.split(' read with ')[0] ?? section;
  const range = SENTENCING[principal] ?? RAPE_RANGE;
  if (!section.includes('read with PPC 511')) return range;
  // An attempt: at most half the longest term, never life or death.
  return { ...range, minYears: 3, maxYears: Math.floor(range.maxYears / 2), lifeShare: 0, deathShare: 0 };
}

function formatRupees(amount: number): string {
  return `Rs ${amount.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

export function sentenceFor(rng: Rng, section: string): SentenceFacts {
  const range = rangeFor(section);
  const fineRupees = Math.round(rng.between(range.minFine, range.maxFine) / 50_000) * 50_000 || range.minFine;
  const fine = `a fine of ${formatRupees(fineRupees)}`;
  const roll = rng.next();
  if (roll < range.deathShare) {
    return {
      description: `Death, subject to confirmation by the High Court, and ${fine}`,
      imprisonmentYears: null,
      lifeImprisonment: false,
      death: true,
      fineRupees,
    };
  }
  if (roll < range.deathShare + range.lifeShare) {
    return { description: `Imprisonment for life and ${fine}`, imprisonmentYears: null, lifeImprisonment: true, death: false, fineRupees };
  }
  const years = rng.int(range.minYears, range.maxYears);
  return {
    description: `Rigorous imprisonment for ${years} years and ${fine}`,
    imprisonmentYears: years,
    lifeImprisonment: false,
    death: false,
    fineRupees,
  };
}

const CHILD_OFFENCES = ['PPC 376(3)', 'PPC 377A', 'PPC 292B', 'PPC 375A'];

/** Register risk tier from the conviction: the gravest sentences and child offences are HIGH. */
export function riskTierFor(section: string, sentence: SentenceFacts): RiskTier {
  if (sentence.death || sentence.lifeImprisonment) return 'HIGH';
  if (CHILD_OFFENCES.some((offence) => section.startsWith(offence))) return 'HIGH';
  if ((sentence.imprisonmentYears ?? 0) >= 14) return 'MEDIUM';
  return 'LOW';
}
