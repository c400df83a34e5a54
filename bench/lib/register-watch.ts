/**
 * The National Police Bureau watching the register for the convicts of the
 * verdicts just recorded, as `npm run bench:events` measures it: every
 * `pollMs` one round asks the gateway, with an NPB token, for the entry of
 * every convict still awaited (`offenderByCnic`, several to a request as
 * aliases, at most the gateway's alias limit; `id` alone, which the audit
 * trail does not record), and an entry's delay is from the moment the court
 * had its answer to the moment the round that found it had its own. A round
 * starts when the one before ended and at least `pollMs` after it started,
 * so the figure is late by half a poll on average, plus a round trip.
 */
import { DEFAULT_OPERATION_LIMITS } from '#service';
import type { TimingClient } from './client.ts';

interface Awaiting {
  /** performance.now() when recordVerdict was sent, and when its answer came. */
  sentAt: number;
  answeredAt: number;
}

export interface WatchedEntry {
  cnic: string;
  /** From the verdict's answer to the entry read. */
  delayMs: number;
  /** From sending the verdict to the entry read. */
  fromSentMs: number;
}

export class RegisterWatch {
  readonly found: WatchedEntry[] = [];
  rounds = 0;
  requests = 0;
  readonly #waiting = new Map<string, Awaiting>();
  readonly #options: { client: TimingClient; gatewayUrl: string; token: string; pollMs: number };
  #running = false;
  #loop: Promise<void> | undefined;
  #error: Error | undefined;

  constructor(options: { client: TimingClient; gatewayUrl: string; token: string; pollMs: number }) {
    this.#options = options;
  }

  get waiting(): number {
    return this.#waiting.size;
  }

  /** Watches for `cnic`'s entry from now on. */
  expect(cnic: string, times: Awaiting): void {
    this.#waiting.set(cnic, times);
  }

  start(): void {
    this.#running = true;
    this.#loop = this.#poll();
  }

  /** Waits until every awaited entry was found or `timeoutMs` passed, then stops; the CNICs never found. */
  async stop(timeoutMs: number): Promise<string[]> {
    const deadline = performance.now() + timeoutMs;
    while (this.#waiting.size > 0 && performance.now() < deadline && !this.#error) await sleep(this.#options.pollMs);
    this.#running = false;
    await this.#loop;
    if (this.#error) throw this.#error;
    return [...this.#waiting.keys()];
  }

  async #poll(): Promise<void> {
    const { pollMs } = this.#options;
    while (this.#running) {
      const began = performance.now();
      const cnics = [...this.#waiting.keys()];
      const chunks: string[][] = [];
      for (let i = 0; i < cnics.length; i += DEFAULT_OPERATION_LIMITS.aliases)
        chunks.push(cnics.slice(i, i + DEFAULT_OPERATION_LIMITS.aliases));
      try {
        await Promise.all(chunks.map((chunk) => this.#ask(chunk)));
      } catch (error) {
        this.#error = error as Error;
        return;
      }
      if (chunks.length > 0) this.rounds += 1;
      await sleep(pollMs - (performance.now() - began));
    }
  }

  async #ask(cnics: string[]): Promise<void> {
    const { client, gatewayUrl, token } = this.#options;
    const query = `query (${cnics.map((_, i) => `$c${i}: String!`).join(', ')}) { ${cnics
      .map((_, i) => `e${i}: offenderByCnic(cnic: $c${i}) { id }`)
      .join(' ')} }`;
    const variables = Object.fromEntries(cnics.map((cnic, i) => [`c${i}`, cnic]));
    this.requests += 1;
    const answer = await client.post(gatewayUrl, JSON.stringify({ query, variables }), token);
    const readAt = performance.now();
    const body = JSON.parse(answer.text) as { data?: Record<string, { id: string } | null>; errors?: unknown[] };
    if (answer.status !== 200 || body.errors)
      throw new Error(`the register watch was answered HTTP ${answer.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
    cnics.forEach((cnic, i) => {
      const times = this.#waiting.get(cnic);
      if (!body.data?.[`e${i}`] || !times) return;
      this.#waiting.delete(cnic);
      this.found.push({ cnic, delayMs: readAt - times.answeredAt, fromSentMs: readAt - times.sentAt });
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
