// Issue 4 end to end: a parent builds a visual schedule with no signal (one step a photo
// of the real thing), hands the phone over in child mode, the child finishes the steps
// (earning stars), the PIN guards the way out, and everything reaches the school once.
// Then two phones of the family add stars offline at the same time: once both are back
// online, both phones and the school agree on the total.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPhone, watchForProblems } from './browser.ts';
import {
  chooseChild,
  joinAndInstall,
  mediaOnPhone,
  openParentArea,
  outboxCount,
} from './family.ts';
import { phonePhoto } from './photos.ts';
import { startServer, type RunningServer } from './server.ts';
import { signInStaff, type StaffClient } from './staff.ts';

let browser: Browser;
let server: RunningServer | undefined;
let photoPath: string;

type Tally = { earned: number; rewardsReached: number; onBoard: number };
type StaffChart = { id: string; title: string; goal: number; tally: Tally };
type StaffSchedule = {
  id: string;
  title: string;
  madeBy: string;
  steps: Array<{ label: string; symbol: { kind: string; mediaId?: string } }>;
};

beforeAll(async () => {
  browser = await launchBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'homeward-symbol-'));
  photoPath = join(dir, 'IMG_car.jpg');
  writeFileSync(photoPath, await phonePhoto(2000, 1500, 7));
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

afterAll(async () => {
  await browser?.close();
});

async function yusufId(staff: StaffClient): Promise<string> {
  const { classes } = await staff.get<{
    classes: Array<{ pupils: Array<{ id: string; displayName: string }> }>;
  }>('/api/v1/staff/classes');
  const pupil = classes.flatMap((c) => c.pupils).find((p) => p.displayName === 'Yusuf');
  if (!pupil) throw new Error('demo pupil Yusuf missing');
  return pupil.id;
}

async function charts(staff: StaffClient, pupilId: string): Promise<StaffChart[]> {
  const { charts: list } = await staff.get<{ charts: StaffChart[] }>(
    `/api/v1/staff/reward-charts?pupilId=${pupilId}`,
  );
  return list;
}

async function openMyDay(page: Page): Promise<void> {
  await page.locator('nav a[href="/schedule"]').click();
  await page.getByRole('heading', { name: 'Yusuf’s day' }).waitFor();
}

const starCount = (page: Page) => page.getByTestId('token-count').first().textContent();

describe('visual schedules and reward charts', () => {
  it('builds a schedule offline with a photo symbol, plays it in child mode behind the PIN, and delivers it once', async () => {
    server = await startServer();
    const demo = server.demo();
    const staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
    const pupilId = await yusufId(staff);
    const [chartBefore] = await charts(staff, pupilId);
    expect(chartBefore?.tally.earned).toBe(2); // the demo school gave two stars

    const context = await newPhone(browser);
    const page = await joinAndInstall(context, server.url, demo.joinCode);
    const problems = watchForProblems(page);
    await chooseChild(page, 'Yusuf');
    await openMyDay(page);
    // The school's schedule for today is on the phone.
    await expect.poll(() => page.getByTestId('schedule-item').count()).toBeGreaterThan(0);
    await expect.poll(() => starCount(page)).toBe('2 of 5 stars');

    await context.setOffline(true);
    await page.getByTestId('new-schedule').click();
    await openParentArea(page, '2468'); // first time: sets the PIN
    await page.getByTestId('schedule-title').fill('Trip to the shops');
    // Step 1: a symbol from the bundled set.
    await page.getByTestId('add-step').click();
    await page.locator('.picker__symbol').first().click();
    await expect.poll(() => page.getByTestId('step-label').first().inputValue()).not.toBe('');
    await page.getByTestId('step-label').first().fill('Put on your coat');
    // Step 2: a photo of the family's own car, taken now.
    await page.getByTestId('add-step').click();
    await page.getByTestId('symbol-photo-input').setInputFiles(photoPath);
    await page.getByTestId('step-label').nth(1).waitFor();
    await page.getByTestId('step-label').nth(1).fill('Get in our car');
    await page.getByTestId('save-schedule').click();
    await page.waitForURL(/\/schedule$/);
    const ours = page.getByTestId('schedule-item').filter({ hasText: 'Trip to the shops' });
    await expect.poll(() => ours.textContent()).toContain('saved on this phone');
    await expect.poll(() => ours.locator('.symbol--photo').count()).toBe(0); // first step shows
    // media + schedule wait in the outbox.
    expect(await outboxCount(page)).toBe(2);

    // Survives a reload with no signal; the photo symbol is still there.
    await page.reload();
    await chooseChild(page, 'Yusuf');
    await ours.waitFor();

    // Child mode: the PIN is asked again (a reload locked the parent area).
    await page.getByTestId('child-mode').click();
    await openParentArea(page, '2468');
    // Several schedules today: the parent says which one the child starts with.
    await page.getByTestId('hand-over').getByRole('button', { name: 'Trip to the shops' }).click();
    await page.getByTestId('child-mode-screen').waitFor();
    await expect
      .poll(() => page.getByTestId('step-now').textContent())
      .toContain('Put on your coat');
    await expect
      .poll(() => page.getByTestId('step-next').textContent())
      .toContain('Get in our car');
    await expect
      .poll(() => page.locator('[data-testid="step-next"] .symbol--photo img').count())
      .toBe(1);
    await page.getByTestId('step-done').click();
    await expect.poll(() => page.getByTestId('step-now').textContent()).toContain('Get in our car');
    await page.getByTestId('step-done').click();
    await page.getByTestId('all-done').waitFor();
    await expect.poll(() => starCount(page)).toBe('4 of 5 stars');

    // No way out without the PIN: not by address, not by reloading.
    await page.goto(`${server.url}/settings`).catch(() => undefined);
    await page.getByTestId('child-mode-screen').waitFor();
    expect(page.url()).toMatch(/\/child$/);
    await page.reload();
    await page.getByTestId('child-mode-screen').waitFor();
    await page.getByTestId('leave-child-mode').click();
    await page.getByTestId('pin-input').fill('1111');
    await page.getByTestId('pin-input').press('Enter');
    await page.getByText('That is not the PIN. Try again.').waitFor();
    // Five wrong tries mean a wait, and reloading does not give fresh tries.
    for (let i = 2; i <= 5; i++) {
      await page.getByTestId('pin-input').fill(`111${i}`);
      await page.getByTestId('pin-input').press('Enter');
      await expect.poll(() => page.getByTestId('pin-input').inputValue()).toBe('');
    }
    await page.getByText(/Wait \d+ seconds/).waitFor();
    await page.reload();
    await page.getByTestId('leave-child-mode').click();
    await page.getByTestId('pin-input').fill('2468');
    await page.getByTestId('pin-input').press('Enter');
    await page.getByText(/Wait \d+ seconds/).waitFor();
    expect(page.url()).toMatch(/\/child$/);
    // The wait over (the clock moved on), the right PIN opens it.
    await page.evaluate(() => {
      const key = 'homeward.pinTries';
      const tries = JSON.parse(localStorage.getItem(key) ?? '{}') as { waitUntil: number };
      localStorage.setItem(key, JSON.stringify({ ...tries, waitUntil: Date.now() - 1 }));
    });
    await page.getByTestId('pin-input').fill('2468');
    await page.getByTestId('pin-input').press('Enter');
    await page.waitForURL(/\/schedule$/);
    await page.locator('a[href="/settings"]').waitFor();

    // Nothing reached the school while offline.
    expect((await charts(staff, pupilId))[0]?.tally.earned).toBe(2);

    await context.setOffline(false);
    await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(0);
    const { schedules } = await staff.get<{ schedules: StaffSchedule[] }>(
      `/api/v1/staff/visual-schedules?pupilId=${pupilId}`,
    );
    const trips = schedules.filter((s) => s.title === 'Trip to the shops');
    expect(trips).toHaveLength(1);
    expect(trips[0]?.madeBy).toBe('family');
    expect(trips[0]?.steps.map((s) => s.label)).toEqual(['Put on your coat', 'Get in our car']);
    const mediaId = trips[0]?.steps[1]?.symbol.mediaId;
    expect(mediaId).toBeTruthy();
    const photo = await fetch(`${server.url}/api/v1/staff/media/${mediaId}`, {
      headers: { cookie: staff.cookie },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    // Two stars earned by the two steps, each counted once.
    expect((await charts(staff, pupilId))[0]?.tally.earned).toBe(4);
    expect(problems).toEqual([]);
    await context.close();

    // The other parent's phone gets the schedule and the photo itself, and keeps both
    // for offline use.
    const other = await newPhone(browser);
    const otherPage = await joinAndInstall(other, server.url, demo.joinCode);
    await chooseChild(otherPage, 'Yusuf');
    await openMyDay(otherPage);
    await otherPage.getByTestId('schedule-item').filter({ hasText: 'Trip to the shops' }).waitFor();
    await expect.poll(() => mediaOnPhone(otherPage), { timeout: 15_000 }).toBe(1);
    await other.setOffline(true);
    await otherPage.goto(`${server.url}/schedule/${trips[0]?.id}`);
    await otherPage.getByTestId('step-done').click();
    await expect
      .poll(() => otherPage.locator('[data-testid="step-now"] .symbol--photo img').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    const natural = await otherPage
      .locator('[data-testid="step-now"] .symbol--photo img')
      .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
    expect(natural).toBeGreaterThan(100);
    await other.close();
  });

  it('adds stars on two phones offline at once; both phones and the school agree after', async () => {
    server = await startServer();
    const demo = server.demo();
    const staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
    const pupilId = await yusufId(staff);

    const phones = await Promise.all([newPhone(browser), newPhone(browser)]);
    const pages: Page[] = [];
    for (const context of phones) {
      const page = await joinAndInstall(context, server.url, demo.joinCode);
      await chooseChild(page, 'Yusuf');
      await openMyDay(page);
      await expect.poll(() => starCount(page)).toBe('2 of 5 stars');
      pages.push(page);
    }
    const [mum, dad] = pages as [Page, Page];
    await Promise.all(phones.map((c) => c.setOffline(true)));

    await mum.getByTestId('add-token').first().click();
    await expect.poll(() => starCount(mum)).toBe('3 of 5 stars');
    // A mistaken tap, undone: it never counts.
    await dad.getByTestId('add-token').first().click();
    await dad.getByRole('button', { name: 'Undo that star' }).click();
    await expect.poll(() => starCount(dad)).toBe('2 of 5 stars');
    await dad.getByTestId('add-token').first().click();
    await expect.poll(() => starCount(dad)).toBe('3 of 5 stars');

    await Promise.all(phones.map((c) => c.setOffline(false)));
    for (const page of pages) {
      await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(0);
    }
    // Each phone picks up the other's star on its next sync (coming back to the screen).
    for (const page of pages) {
      await expect
        .poll(
          async () => {
            await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
            return starCount(page);
          },
          { timeout: 30_000 },
        )
        .toBe('4 of 5 stars');
    }
    const [chart] = await charts(staff, pupilId);
    expect(chart?.tally).toMatchObject({ earned: 4, onBoard: 4, rewardsReached: 0 });
    await Promise.all(phones.map((c) => c.close()));
  });

  it('records a voice clip for a step offline and the school gets it once', async () => {
    server = await startServer();
    const demo = server.demo();
    const staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
    const pupilId = await yusufId(staff);
    // Chromium's fake microphone (a beep), with the permission granted.
    const micBrowser = await launchBrowser([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ]);
    try {
      const context = await newPhone(micBrowser, { permissions: ['microphone'] });
      const page = await joinAndInstall(context, server.url, demo.joinCode);
      await chooseChild(page, 'Yusuf');
      await context.setOffline(true);
      await page.locator('nav a[href="/schedule"]').click();
      await page.getByTestId('new-schedule').click();
      await openParentArea(page);
      await page.getByTestId('schedule-title').fill('Bedtime');
      await page.getByTestId('add-step').click();
      await page.locator('.picker__symbol').first().click();
      await page.getByTestId('step-label').first().fill('Brush your teeth');
      await page.getByRole('button', { name: 'Record a voice clip' }).click();
      await page.waitForTimeout(1200);
      await page.getByRole('button', { name: 'Stop recording' }).click();
      await page.locator('.recorder audio').waitFor();
      await page.getByTestId('save-schedule').click();
      await page.waitForURL(/\/schedule$/);
      expect(await outboxCount(page)).toBe(2); // the clip, then the schedule
      await context.setOffline(false);
      await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(0);
      const { schedules } = await staff.get<{
        schedules: Array<{ title: string; steps: Array<{ audioId: string | null }> }>;
      }>(`/api/v1/staff/visual-schedules?pupilId=${pupilId}`);
      const audioId = schedules.find((s) => s.title === 'Bedtime')?.steps[0]?.audioId;
      expect(audioId).toBeTruthy();
      const clip = await fetch(`${server.url}/api/v1/staff/media/${audioId}`, {
        headers: { cookie: staff.cookie },
      });
      expect(clip.headers.get('content-type')).toMatch(/^audio\/(webm|ogg|mp4)/);
      expect((await clip.arrayBuffer()).byteLength).toBeGreaterThan(500);
      await context.close();
    } finally {
      await micBrowser.close();
    }
  });
});
