import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment for a Node process a script starts, with Node's compile cache on (NODE_COMPILE_CACHE:
 * the V8 code of every module it loads, kept on disk and checked against each file's content): the
 * gateway and every subgraph load the same thousand-odd modules, and with the cache a process spends
 * about half the CPU on them (1.6 s of CPU to 0.9 s measured for the gateway's and subgraphs' imports).
 * A NODE_COMPILE_CACHE already set wins; the default is Node's own, `<tmpdir>/node-compile-cache`.
 */
export function withCompileCache(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.NODE_COMPILE_CACHE ? env : { ...env, NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache') };
}
