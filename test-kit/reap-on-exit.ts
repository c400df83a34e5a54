import type { ChildProcess } from 'node:child_process';

/** The child processes a test started and that still run: killed if this process exits first. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Kills `child` with this process, should this process exit first (a test run that crashed leaves no server behind). */
export function reapOnExit(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}
