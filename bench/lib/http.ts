// Raw HTTP/1.1 requests over loopback with node:http, measuring what crosses the wire:
// status line + headers (rebuilt from res.rawHeaders, so names keep their case and order)
// + the blank line + the body bytes as sent (still compressed if the server compressed).
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from 'node:zlib';

/** What Chromium on a phone sends with a fetch(); only these can change the response. */
export const browserLikeHeaders: Record<string, string> = {
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br, zstd',
  'accept-language': 'en-GB,en;q=0.9',
  'user-agent':
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36',
};

export type RawResponse = {
  status: number;
  /** Status line + headers + CRLF CRLF + body, in bytes. */
  totalBytes: number;
  headerBytes: number;
  bodyBytes: number;
  /** [name, value, bytes on the wire] for each header line. */
  headers: Array<[string, string, number]>;
  /** The body, decompressed if it was sent compressed. */
  text: string;
};

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  // A fresh keep-alive connection for each request, as a browser's: nothing left over from
  // a previous request, and the server answers as it would a phone (keep-alive headers).
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers },
        agent,
      },
      (res) => {
        const body: Buffer[] = [];
        res.on('data', (chunk: Buffer) => body.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const statusLine = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`;
          const headers: Array<[string, string, number]> = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i] ?? '';
            const value = res.rawHeaders[i + 1] ?? '';
            headers.push([name, value, Buffer.byteLength(`${name}: ${value}\r\n`)]);
          }
          const headerBytes =
            Buffer.byteLength(statusLine) + headers.reduce((sum, h) => sum + h[2], 0) + 2;
          const raw = Buffer.concat(body);
          resolve({
            status: res.statusCode ?? 0,
            totalBytes: headerBytes + raw.length,
            headerBytes,
            bodyBytes: raw.length,
            headers,
            text: decode(raw, String(res.headers['content-encoding'] ?? '')).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.end(options.body);
  }).finally(() => agent.destroy());
}

function decode(raw: Buffer, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case '':
    case 'identity':
      return raw;
    case 'gzip':
      return gunzipSync(raw);
    case 'deflate':
      return inflateSync(raw);
    case 'br':
      return brotliDecompressSync(raw);
    case 'zstd':
      return zstdDecompressSync(raw);
    default:
      throw new Error(`unknown content-encoding ${encoding}`);
  }
}

export async function joinFamily(base: string, code: string, deviceName: string): Promise<string> {
  const res = await rawRequest(`${base}/api/v1/join`, {
    method: 'POST',
    headers: { ...browserLikeHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName }),
  });
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`POST /api/v1/join answered ${res.status}: ${res.text.slice(0, 300)}`);
  }
  const token = (JSON.parse(res.text) as { token?: unknown }).token;
  if (typeof token !== 'string' || !token) throw new Error('POST /api/v1/join gave no token');
  return token;
}
