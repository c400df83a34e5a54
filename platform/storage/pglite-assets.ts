import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What PGlite.create() accepts instead of compiling PostgreSQL's WebAssembly and reading its files itself. */
export interface PgliteAssets {
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let assets: Promise<PgliteAssets | undefined> | undefined;

/**
 * PGlite's PostgreSQL compiled once per process and shared by every PGlite
 * database the process opens. Left to itself, PGlite.create() compiles
 * pglite.wasm and reads pglite.data again for each database: about a third
 * of the CPU of opening one, which a test run (hundreds of databases in one
 * process) pays hundreds of times. Undefined, and PGlite loads its own, if the
 * package no longer ships the two files beside its entry point.
 */
export function pgliteAssets(): Promise<PgliteAssets | undefined> {
  assets ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const wasm = join(dist, 'pglite.wasm');
    const data = join(dist, 'pglite.data');
    if (!existsSync(wasm) || !existsSync(data)) return undefined;
    return { pgliteWasmModule: await WebAssembly.compile(readFileSync(wasm)), fsBundle: new Blob([readFileSync(data)]) };
  })();
  return assets;
}
