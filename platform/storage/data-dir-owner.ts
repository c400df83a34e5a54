import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { StartupRefusal } from '#service';

/**
 * One owner per PGlite data directory. PGlite runs PostgreSQL inside the
 * process and takes no lock a second process would see, so a second opener
 * (a seed while `npm start` runs, a second start) would write under the
 * first one's feet and break its database. The owner writes `<dir>.owner.json`
 * (pid, command, when) with an exclusive create; another process that finds
 * it held by a live process refuses, naming the owner, and touches nothing.
 * A file left by a process that died (killed with SIGKILL, or the machine
 * stopped: no shutdown hook ran) is taken over, so the process started again
 * opens its directory. Where the kernel tells when a process started (Linux's
 * /proc), the owner records it too, so that a pid reused after a reboot or a
 * container restart (the new `npm start` of a restarted container takes the
 * same few small pids in another order) is not mistaken for the owner.
 * (proper-lockfile and the like lock by mtime heartbeat and record no owner
 * to name, so this stays a few lines of our own.)
 */

interface Owner {
  pid: number;
  command: string;
  since: string;
  /** The process's start time as the kernel counts it (/proc/<pid>/stat, field 22), where there is one. */
  started?: string;
}

/** Directories this process owns, with how many of its handles have them open. */
const owned = new Map<string, number>();

export class DataDirInUse extends StartupRefusal {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** When process `pid` started, in clock ticks since boot (Linux); null where /proc does not say (another system, a process gone). */
export function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command, which is in parentheses and may hold any character: fields 3 onwards; the start time is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote `owner` still runs: its pid alive and, where both are known, started when it said. */
const stillRuns = (owner: Owner) => {
  if (!alive(owner.pid)) return false;
  const started = owner.started === undefined ? null : processStartOf(owner.pid);
  return started === null || started === owner.started;
};

/** Claims `dir` for this process (again, if it has it already); returns the release. Throws {@link DataDirInUse} when a live process owns it. */
export function claimDataDir(dir: string): () => void {
  // Beside the directory, not in it: PostgreSQL's data directory stays as PGlite made it.
  const path = `${dir}.owner.json`;
  if (!owned.has(dir)) {
    const started = processStartOf(process.pid);
    const owner: Owner = {
      pid: process.pid,
      command: process.argv.slice(1).join(' '),
      since: new Date().toISOString(),
      ...(started ? { started } : {}),
    };
    // Written whole beside it, then linked into place (a link fails if the name exists): no one ever reads a half-written claim.
    const draft = `${path}.${process.pid}.tmp`;
    writeFileSync(draft, `${JSON.stringify(owner)}\n`);
    try {
      for (let attempt = 0; ; attempt += 1) {
        try {
          linkSync(draft, path);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
          const holder = ownerOf(path);
          if (holder && holder.pid !== process.pid && stillRuns(holder)) {
            throw new DataDirInUse(
              `the data directory ${dir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}): stop it first (Ctrl-C where it runs, or kill ${holder.pid}), or set DATA_DIR to another directory`,
            );
          }
          // Left by a process that is gone (or unreadable): take it over. Another taking it over at the same moment
          // may have removed it first and linked its own, which the next attempt finds and refuses.
          try {
            unlinkSync(path);
          } catch (gone) {
            if ((gone as NodeJS.ErrnoException).code !== 'ENOENT') throw gone;
          }
        }
      }
    } finally {
      unlinkSync(draft);
    }
  }
  owned.set(dir, (owned.get(dir) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const handles = (owned.get(dir) ?? 1) - 1;
    if (handles > 0) {
      owned.set(dir, handles);
      return;
    }
    owned.delete(dir);
    if (ownerOf(path)?.pid === process.pid) unlinkSync(path);
  };
}

function ownerOf(path: string): Owner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Owner;
  } catch {
    return null;
  }
}
