// Issue 3 end to end: hand in photos and report an absence with no signal; both reach the
// school exactly once when the phone reconnects, with no location data, and the family
// sees each step (saved → sending → delivered → seen → feedback / acknowledged).
import { createHash } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasExif, hasGps, jpegSize } from '../../src/app/photos/jpegInspect.ts';
import { launchBrowser, newPhone, watchForProblems } from './browser.ts';
import { joinAndInstall, outboxCount, storedPages } from './family.ts';
import { phonePhoto } from './photos.ts';
import { startServer, type RunningServer } from './server.ts';
import { signInStaff, type StaffClient } from './staff.ts';

let server: RunningServer;
let browser: Browser;
let staff: StaffClient;
let photoPaths: string[];

type Page = { id: string; idx: number; width: number; height: number; url: string };
type StaffSubmission = {
  id: string;
  pupilName: string;
  note: string;
  pages: Page[];
  seenAt: string | null;
};
type StaffNotice = { id: string; reason: string; revision: number; acknowledgedAt: string | null };

async function classIds(): Promise<string[]> {
  const { classes } = await staff.get<{ classes: Array<{ id: string }> }>('/api/v1/staff/classes');
  return classes.map((c) => c.id);
}

async function allSubmissions(): Promise<StaffSubmission[]> {
  const lists = await Promise.all(
    (await classIds()).map((id) =>
      staff.get<{ submissions: StaffSubmission[] }>(`/api/v1/staff/submissions?classId=${id}`),
    ),
  );
  return lists.flatMap((l) => l.submissions);
}

async function allNotices(): Promise<StaffNotice[]> {
  const lists = await Promise.all(
    (await classIds()).map((id) =>
      staff.get<{ notices: StaffNotice[] }>(`/api/v1/staff/absence-notices?classId=${id}`),
    ),
  );
  return lists.flatMap((l) => l.notices);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const demo = server.demo();
  staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
  const dir = mkdtempSync(join(tmpdir(), 'homeward-photos-'));
  photoPaths = await Promise.all(
    [1, 2].map(async (seed) => {
      const path = join(dir, `IMG_000${seed}.jpg`);
      writeFileSync(path, await phonePhoto(2400, 1800, seed));
      return path;
    }),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('handing in work', () => {
  it('queues photos offline, strips location, delivers once, and shows seen and feedback', async () => {
    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, server.demo().joinCode);
    const problems = watchForProblems(page);
    await context.setOffline(true);

    // From a timetable session, as a parent would.
    await page.locator('[data-testid="session"] a', { hasText: 'Hand in work' }).first().click();
    await page.waitForURL(/\/submit\?session=/);
    await page.getByTestId('gallery-input').setInputFiles(photoPaths);
    await expect
      .poll(() => page.locator('[data-testid="draft-page"] img').count(), { timeout: 20_000 })
      .toBe(2);
    // Reorder: the second photo becomes page 1.
    await page.getByRole('button', { name: 'Move page 2 up' }).click();
    await expect.poll(() => page.getByTestId('send-size').textContent()).toMatch(/about .*(kB|MB)/);
    await page.getByLabel('A note for the teacher (optional)').fill('Page 2 was hard');
    await page.getByRole('button', { name: 'Send to school' }).click();

    const card = page.getByTestId('submission').first();
    await expect
      .poll(() => card.getByTestId('submission-status').textContent())
      .toBe('Saved on this phone');
    expect(await outboxCount(page)).toBe(1);

    // What is queued on the phone has no EXIF and no GPS, and is small.
    const queued = await storedPages(page);
    expect(queued).toHaveLength(2);
    for (const p of queued) {
      const bytes = Buffer.from(p.base64, 'base64');
      expect(hasExif(bytes)).toBe(false);
      expect(hasGps(bytes)).toBe(false);
      expect(bytes.length).toBeLessThan(400_000);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(p.sha256);
      const size = jpegSize(bytes);
      expect(size && size.height > size.width).toBe(true); // orientation 6 applied
    }

    // Survives a reload with no signal.
    await page.reload();
    await expect.poll(() => page.getByTestId('submission').count()).toBe(1);
    expect(await allSubmissions()).toHaveLength(0);

    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('submission-status').first().textContent(), { timeout: 30_000 })
      .toBe('Delivered to school');
    const [stored, ...rest] = await allSubmissions();
    expect(rest).toHaveLength(0);
    expect(stored?.note).toBe('Page 2 was hard');
    expect(stored?.pages).toHaveLength(2);
    expect(await outboxCount(page)).toBe(0);

    // The school's copy is a clean JPEG too.
    const file = await fetch(`${server.url}${stored?.pages[0]?.url}`, {
      headers: { cookie: staff.cookie },
    });
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(hasGps(bytes)).toBe(false);

    // Seen, then feedback: both come down by sync and read offline.
    await staff.post(`/api/v1/staff/submissions/${stored?.id}/seen`, {});
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => page.getByTestId('submission-status').first().textContent(), { timeout: 15_000 })
      .toBe('Seen by the teacher');
    await staff.post(`/api/v1/staff/submissions/${stored?.id}/feedback`, {
      text: 'Lovely neat work!',
    });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => page.getByTestId('feedback').first().textContent(), { timeout: 15_000 })
      .toContain('Lovely neat work!');
    await context.setOffline(true);
    await page.reload();
    await expect
      .poll(() => page.getByTestId('feedback').first().textContent())
      .toContain('Lovely neat work!');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the photos being put together through a reload, in their order', async () => {
    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, server.demo().joinCode);
    await page.goto(`${server.url}/submit`);
    await page.getByTestId('gallery-input').setInputFiles(photoPaths);
    const images = page.locator('[data-testid="draft-page"] img');
    await expect.poll(() => images.count(), { timeout: 20_000 }).toBe(2);
    await page.getByRole('button', { name: 'Move page 2 up' }).click();
    const order = await page.getByTestId('draft-page').allTextContents();
    await page.waitForTimeout(300); // the new order is written after the render
    await page.reload();
    await expect.poll(() => images.count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId('draft-page').allTextContents()).toEqual(order);
    await context.close();
  });

  it('says plainly when a file is not a photo, and keeps the others', async () => {
    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, server.demo().joinCode);
    await page.goto(`${server.url}/submit`);
    const fake = join(mkdtempSync(join(tmpdir(), 'homeward-fake-')), 'homework.jpg');
    writeFileSync(fake, '%PDF-1.4 not a photo at all');
    await page.getByTestId('gallery-input').setInputFiles([fake, photoPaths[0] ?? '']);
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 20_000 })
      .toContain('is not a photo');
    await expect
      .poll(() => page.locator('[data-testid="draft-page"] img').count(), { timeout: 20_000 })
      .toBe(1);
    await context.close();
  });
});

describe('absence notices', () => {
  it('reports an absence offline, delivers it once, and shows the school’s acknowledgement', async () => {
    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, server.demo().joinCode);
    await context.setOffline(true);
    await page.locator('nav a[href="/absence"]').click();
    await page.getByText('Designated safeguarding lead', { exact: false }).first().waitFor();
    await page.getByLabel('Ill', { exact: true }).check();
    await page
      .getByLabel('Anything the school should know (optional)')
      .fill('Temperature since last night');
    await page.getByRole('button', { name: 'Send to school' }).click();
    const notice = page.getByTestId('absence-notice').first();
    await expect
      .poll(() => notice.getByTestId('notice-status').textContent())
      .toBe('Saved on this phone');

    // Changed before it was sent: still one notice, the newest revision.
    await notice.getByRole('button', { name: 'Change' }).click();
    await page
      .getByLabel('Anything the school should know (optional)')
      .fill('Temperature; GP appointment at 2pm');
    await page.getByRole('button', { name: 'Save changes' }).click();
    // Saved only once the phone says so (the write has committed).
    await page.getByRole('button', { name: 'Send to school' }).waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('absence-notice').count()).toBe(1);

    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('notice-status').first().textContent(), { timeout: 15_000 })
      .toBe('Sent to school');
    const notices = await allNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ reason: 'ill', revision: 2, acknowledgedAt: null });

    await staff.post(`/api/v1/staff/absence-notices/${notices[0]?.id}/acknowledge`, {});
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => page.getByTestId('notice-status').first().textContent(), { timeout: 15_000 })
      .toMatch(/^Acknowledged by school/);
    // Acknowledged: it can be withdrawn but no longer changed.
    expect(
      await page
        .getByTestId('absence-notice')
        .first()
        .getByRole('button', { name: 'Change' })
        .count(),
    ).toBe(0);
    await context.close();
  });
});

describe('sharing into Homeward', () => {
  it('a photo shared from the gallery lands in a new submission', async () => {
    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, server.demo().joinCode);
    // What Android does for a share_target: a multipart POST to /share, answered by the
    // service worker, which parks the files and opens the submit screen.
    const bytes = (await phonePhoto(1200, 900, 5)).toString('base64');
    const landed = await page.evaluate(async (b64) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const form = new FormData();
      form.append('photos', new File([raw], 'shared.jpg', { type: 'image/jpeg' }));
      const res = await fetch('/share', { method: 'POST', body: form });
      return res.url;
    }, bytes);
    expect(new URL(landed).pathname + new URL(landed).search).toBe('/submit?shared=1');
    await page.goto(landed);
    await expect
      .poll(() => page.locator('[data-testid="draft-page"] img').count(), { timeout: 20_000 })
      .toBe(1);
    await context.close();
  });
});
