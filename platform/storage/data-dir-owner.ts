import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StartupRefusal } from '#service';

/**
 * One owner per PGlite data directory. PGlite runs PostgreSQL inside the
 * process and takes no lock a second process would see, so a second opener
 * (a seed while `npm start` runs, a second start) would write under the
 * first one's feet and break its database. The owner writes `<dir>.owner.json`
 * (pid, command, when) with an exclusive create; another process that finds
 * it held by a live process refuses, naming the owner, and touches nothing.
 * A file left by a process that died is taken over. (proper-lockfile and the
 * like lock by mtime heartbeat and record no owner to name, so this stays a
 * few lines of our own.)
 */

interface Owner {
  pid: number;
  command: string;
  since: string;
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

/** Claims `dir` for this process (again, if it has it already); returns the release. Throws {@link DataDirInUse} when a live process owns it. */
export function claimDataDir(dir: string): () => void {
  // Beside the directory, not in it: PostgreSQL's data directory stays as PGlite made it.
  const path = `${dir}.owner.json`;
  if (!owned.has(dir)) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const fd = openSync(path, 'wx');
        const owner: Owner = { pid: process.pid, command: process.argv.slice(1).join(' '), since: new Date().toISOString() };
        writeSync(fd, `${JSON.stringify(owner)}\n`);
        closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
        const holder = ownerOf(path);
        if (holder && holder.pid !== process.pid && alive(holder.pid)) {
          throw new DataDirInUse(
            `the data directory ${dir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}): stop it first (Ctrl-C where it runs, or kill ${holder.pid}), or set DATA_DIR to another directory`,
          );
        }
        // Left by a process that is gone (or unreadable): take it over.
        unlinkSync(path);
      }
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
