// What the browser builds import as 'zod' (vite.config.ts aliases it here): zod with its
// JIT switched off before any schema exists. The JIT's first step probes `new Function('')`,
// which the strict CSP refuses and the browser reports as a violation even though zod
// catches it. Every module that imports 'zod' runs after this one, so no schema is built
// before the setting. The server keeps the JIT (no CSP there, and it parses faster).
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
