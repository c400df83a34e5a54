/** What the suppression pool's worker threads run (suppression-pool.ts): one year's system, protected. */
import { suppressSystem, type CountSystem, type SafeCount } from './suppression.ts';

export default function protect({ system, k }: { system: CountSystem; k: number }): Map<string, SafeCount> {
  return suppressSystem(system, k);
}
