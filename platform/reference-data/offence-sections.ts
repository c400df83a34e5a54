/**
 * The offences the Anti-Rape (Investigation and Trial) Act 2021 schedules,
 * and so the convictions that put a person on the National Sex Offenders
 * Register: Pakistan Penal Code ss. 292A–C, 371A–B, 375, 375A, 376, 377,
 * 377A–B, and Prevention of Electronic Crimes Act 2016 ss. 21–22. A section
 * is written as the statute and its number, with a subsection where one
 * applies: `PPC 376(2)`; an attempt is the offence read with the Penal Code's
 * section on attempts: `PPC 376(1) read with PPC 511`.
 */
export const SCHEDULED_OFFENCES = {
  'PPC 292A': 'Exposure to seduction',
  'PPC 292B': 'Child pornography',
  'PPC 292C': 'Punishment for child pornography',
  'PPC 371A': 'Selling a person for the purposes of prostitution',
  'PPC 371B': 'Buying a person for the purposes of prostitution',
  'PPC 375': 'Rape',
  'PPC 375A': 'Gang rape',
  'PPC 376': 'Punishment for rape',
  'PPC 377': 'Unnatural offences',
  'PPC 377A': 'Sexual abuse',
  'PPC 377B': 'Punishment for sexual abuse',
  'PECA 21': 'Offences against the modesty of a natural person and minor',
  'PECA 22': 'Child pornography (electronic)',
} as const satisfies Record<string, string>;

export type ScheduledOffence = keyof typeof SCHEDULED_OFFENCES;

/** The Penal Code's section on attempts: charged beside, or read with, the offence attempted. */
export const ATTEMPT_SECTION = 'PPC 511';

const SECTION = /^(PPC|PECA) (\d+[A-C]?)(?:\(\d+\))?(?: read with PPC 511)?$/;

/**
 * The scheduled section a written section falls under (`PPC 376(2)` and
 * `PPC 376(2) read with PPC 511` → `PPC 376`), or null when the Act does not schedule it.
 */
export function scheduledOffenceOf(section: string): ScheduledOffence | null {
  const match = SECTION.exec(section);
  if (!match) return null;
  const base = `${match[1]} ${match[2]}`;
  return base in SCHEDULED_OFFENCES ? (base as ScheduledOffence) : null;
}
