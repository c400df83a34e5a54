import { Agent, request } from 'undici';

/**
 * A lean GraphQL-over-HTTP client for timing: one keep-alive undici Agent, a
 * POST with a pre-serialized body, timed from sending until the whole body
 * has arrived (client-side wall time of the full request through the
 * gateway). Parsing the JSON happens after the clock stops.
 */
export class TimingClient {
  readonly #agent = new Agent({ connections: 16, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000 });

  /** Sends `body` (already JSON) to `url`; returns the wall time in ms and the raw response text. */
  async post(url: string, body: string, token: string): Promise<{ ms: number; status: number; text: string }> {
    const started = performance.now();
    const response = await request(url, {
      method: 'POST',
      dispatcher: this.#agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const text = await response.body.text();
    const ms = performance.now() - started;
    return { ms, status: response.statusCode, text };
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
