// A small in-memory Cache Storage for Node tests (Request and Response are Node's own):
// enough of `caches` for net/packFiles.ts — open, match, put, delete, keys.
type Entry = { url: string; body: ArrayBuffer; headers: [string, string][] };

class FakeCache {
  readonly entries = new Map<string, Entry>();
  private key(input: RequestInfo | URL): string {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return new URL(url, 'http://localhost').pathname;
  }
  async match(input: RequestInfo | URL): Promise<Response | undefined> {
    const e = this.entries.get(this.key(input));
    return e ? new Response(e.body.slice(0), { headers: e.headers }) : undefined;
  }
  async put(input: RequestInfo | URL, response: Response): Promise<void> {
    const body = await response.arrayBuffer();
    this.entries.set(this.key(input), {
      url: `http://localhost${this.key(input)}`,
      body,
      headers: [...response.headers.entries()],
    });
  }
  async delete(input: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(this.key(input));
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.values()].map((e) => new Request(e.url));
  }
}

export class FakeCacheStorage {
  readonly caches = new Map<string, FakeCache>();
  async open(name: string): Promise<FakeCache> {
    let cache = this.caches.get(name);
    if (!cache) {
      cache = new FakeCache();
      this.caches.set(name, cache);
    }
    return cache;
  }
  async match(input: RequestInfo | URL, options?: { cacheName?: string }) {
    const names = options?.cacheName ? [options.cacheName] : [...this.caches.keys()];
    for (const name of names) {
      const hit = await this.caches.get(name)?.match(input);
      if (hit) return hit;
    }
    return undefined;
  }
  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }
}

/** Installs a fresh fake as `globalThis.caches`; returns it. */
export function installFakeCaches(): FakeCacheStorage {
  const storage = new FakeCacheStorage();
  (globalThis as { caches?: unknown }).caches = storage;
  return storage;
}

/** Test files: random bytes, and their SHA-256 in hex. */
export function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
  return bytes;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
