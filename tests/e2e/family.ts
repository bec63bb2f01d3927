// Shared steps of the family's phone in the browser tests.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { waitForServiceWorker } from './browser.ts';

/** After a join: the welcome (family, children, language, offline), then on to the week. */
export async function passWelcome(page: Page): Promise<void> {
  await page.waitForURL(/\/welcome$/);
  await page.getByTestId('welcome-continue').click();
  await page.waitForURL(/\/week$/);
}

export async function joinAndInstall(
  context: BrowserContext,
  origin: string,
  code: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/join/${code}`);
  await passWelcome(page);
  await page.locator('[data-testid="session"]').first().waitFor();
  await waitForServiceWorker(page);
  return page;
}

/** Reads one object store of the phone's IndexedDB (the test's view of the phone). */
function readStore<T>(page: Page, store: string, what: 'count' | 'all'): Promise<T> {
  return page.evaluate(
    ([name, op]) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('homeward');
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const objects = open.result.transaction(name, 'readonly').objectStore(name);
          const req = op === 'count' ? objects.count() : objects.getAll();
          req.addEventListener('error', () => reject(req.error));
          req.addEventListener('success', () => {
            open.result.close();
            resolve(req.result);
          });
        });
      }),
    [store, what] as const,
  ) as Promise<T>;
}

export function outboxCount(page: Page): Promise<number> {
  return readStore<number>(page, 'outbox', 'count');
}

/** One value the phone keeps in its `meta` store (where sync got to, what it skipped…). */
export async function metaValue<T>(page: Page, key: string): Promise<T | undefined> {
  const rows = await readStore<Array<{ key: string; value: T }>>(page, 'meta', 'all');
  return rows.find((r) => r.key === key)?.value;
}

/** Hands in one photo through the UI and returns the new submission's id. */
export async function handIn(page: Page, origin: string, photo: string): Promise<string> {
  if (!page.url().endsWith('/submit')) await page.goto(`${origin}/submit`);
  await page.locator('section[data-loaded]').waitFor();
  const before = await page.getByTestId('submission').count();
  await page.getByTestId('gallery-input').setInputFiles([photo]);
  await page.locator('[data-testid="draft-page"] img').first().waitFor({ timeout: 20_000 });
  // The form's one submit button ("Send to school"), in whatever language the phone uses.
  await page.locator('form.panel button[type="submit"]').click();
  await expect.poll(() => page.getByTestId('submission').count()).toBe(before + 1);
  return (await page.getByTestId('submission').first().getAttribute('data-submission-id')) ?? '';
}

/** Tells the school the child is ill, through the absence screen. */
export async function reportAbsence(page: Page, origin: string, note: string): Promise<void> {
  if (!page.url().endsWith('/absence')) await page.goto(`${origin}/absence`);
  await page.locator('section[data-loaded]').waitFor();
  const before = await page.getByTestId('absence-notice').count();
  await page.getByLabel('Ill', { exact: true }).check();
  await page.getByLabel('Anything the school should know (optional)').fill(note);
  await page.getByRole('button', { name: 'Send to school' }).click();
  await expect.poll(() => page.getByTestId('absence-notice').count()).toBe(before + 1);
}

/** The bytes of every queued page as stored on the phone, base64, with their SHA-256. */
export async function storedPages(
  page: Page,
): Promise<Array<{ id: string; sha256: string; base64: string }>> {
  return page.evaluate(async () => {
    const rows = await new Promise<Array<{ id: string; sha256: string; blob: Blob }>>(
      (resolve, reject) => {
        const open = indexedDB.open('homeward');
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const req = open.result
            .transaction('submissionPages', 'readonly')
            .objectStore('submissionPages')
            .getAll();
          req.addEventListener('error', () => reject(req.error));
          req.addEventListener('success', () => {
            open.result.close();
            resolve(req.result as Array<{ id: string; sha256: string; blob: Blob }>);
          });
        });
      },
    );
    const out = [];
    for (const r of rows) {
      const bytes = new Uint8Array(await r.blob.arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      out.push({ id: r.id, sha256: r.sha256, base64: btoa(binary) });
    }
    return out;
  });
}

/** The parent area's PIN form: sets it the first time, types it afterwards. */
export async function openParentArea(page: Page, pin = '2468'): Promise<void> {
  const first = page.getByTestId('pin-new');
  const again = page.getByTestId('pin-input');
  await first.or(again).first().waitFor();
  if (await first.isVisible()) {
    await first.fill(pin);
    await page.getByTestId('pin-again').fill(pin);
    await page.getByTestId('pin-again').press('Enter');
  } else {
    await again.fill(pin);
    await again.press('Enter');
  }
  await first.or(again).first().waitFor({ state: 'detached' });
}

/** Shows this child's things (the child switcher at the top of every screen). */
export async function chooseChild(page: Page, name: string): Promise<void> {
  const button = page.locator('.children__child', { hasText: name });
  if ((await button.count()) === 0) return; // one child: no switcher
  await button.click();
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('.children__child')].some(
        (b) => b.textContent?.includes(n) && b.getAttribute('aria-pressed') === 'true',
      ),
    name,
  );
}

/** How many pictures and clips the phone holds the bytes of. */
export async function mediaOnPhone(page: Page): Promise<number> {
  const rows = await readStore<Array<{ blob: Blob | null }>>(page, 'media', 'all');
  return rows.filter((r) => r.blob !== null).length;
}

/** The phone loses a submission's pages (storage cleared, a browser quirk). */
export function losePages(p: Page): Promise<void> {
  return p.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('homeward');
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const tx = open.result.transaction('submissionPages', 'readwrite');
          tx.objectStore('submissionPages').clear();
          tx.addEventListener('complete', () => {
            open.result.close();
            resolve();
          });
        });
      }),
  );
}
