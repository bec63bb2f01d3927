// What every measure gets: paths, and the expensive shared things (the running server,
// Chromium, a joined device token) started lazily, once, and torn down at the end.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from './browser.ts';
import { joinFamily } from './http.ts';
import { startServer, type RunningServer } from './server.ts';

/** One flat record of numbers: bench/results.json. */
export type Results = Record<string, number>;

export type MeasureOutput = {
  values: Results;
  /** Lines printed under the table: what was measured, what stands out. */
  details?: string[];
  /** Problems worth a loud mention even when the numbers are within budget. */
  warnings?: string[];
};

export type Measure = {
  /** Short name, for `--only=<name>`. */
  name: string;
  title: string;
  needsBrowser?: boolean;
  run(ctx: BenchContext): Promise<MeasureOutput>;
};

export class BenchContext {
  readonly root: string;
  readonly distDir: string;
  #server: Promise<RunningServer> | null = null;
  #browser: Promise<Browser> | null = null;
  #token: Promise<string> | null = null;

  constructor(root: string) {
    this.root = root;
    this.distDir = join(root, 'dist');
  }

  /** The real server, started once with logging at warn. */
  server(): Promise<RunningServer> {
    this.#server ??= startServer(this.root, 'warn');
    return this.#server;
  }

  /** The server if a measure started it (never starts one). */
  async startedServer(): Promise<RunningServer | null> {
    return this.#server ? this.#server.catch(() => null) : null;
  }

  browser(): Promise<Browser> {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}: install it with \`apt-get update && apt-get install -y chromium\``,
      );
    }
    this.#browser ??= launchChromium();
    return this.#browser;
  }

  /** A device token of the demo family, joined once over the API. */
  async deviceToken(): Promise<string> {
    const server = await this.server();
    this.#token ??= joinFamily(server.url, server.demo.joinCode, 'Bench phone');
    return this.#token;
  }

  async closeBrowser(): Promise<void> {
    const browser = this.#browser;
    this.#browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }

  async close(): Promise<void> {
    await this.closeBrowser().catch(() => {});
    const server = this.#server;
    this.#server = null;
    if (server) await (await server.catch(() => null))?.stop();
  }
}
