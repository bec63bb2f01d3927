// The foundation, end to end in real Chromium against the production build served by the
// real server: join by link, timetable shown, offline, reload, mark done offline, back
// online, the server has it exactly once; staff change a session, the family sees it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPhone, waitForServiceWorker, watchForProblems } from './browser.ts';
import { passWelcome } from './family.ts';
import { startServer, type RunningServer } from './server.ts';
import { signInStaff, type StaffClient } from './staff.ts';

let server: RunningServer;
let browser: Browser;
let staff: StaffClient;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const demo = server.demo();
  staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Completion = { id: string; sessionId: string; pupilId: string; done: boolean };

async function completionsFor(weekId: string, sessionId: string): Promise<Completion[]> {
  const body = await staff.get<{ completions: Completion[] }>(
    `/api/v1/staff/session-completions?weekId=${weekId}`,
  );
  return body.completions.filter((c) => c.sessionId === sessionId);
}

async function joinByLink(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/join/${server.demo().joinCode}`);
  await passWelcome(page);
  await page.locator('[data-testid="session"]').first().waitFor();
  return page;
}

describe('weekly timetable, offline', () => {
  it('joins by link, works offline, and delivers a "done" mark exactly once', async () => {
    const context = await newPhone(browser);
    const page = await joinByLink(context);
    const problems = watchForProblems(page);
    await waitForServiceWorker(page);

    // Both children are there; the switcher changes whose week is shown.
    const children = page.getByRole('group', { name: 'Choose a child' }).getByRole('button');
    await expect.poll(() => children.count()).toBe(2);
    const heading = page.getByRole('heading', { level: 1 });
    const firstTitle = await heading.textContent();
    await children.nth(1).click();
    await expect.poll(() => heading.textContent()).not.toBe(firstTitle);
    await children.nth(0).click();
    await expect.poll(() => heading.textContent()).toBe(firstTitle);

    // Offline, and a cold reload: the timetable still comes up, from the phone.
    await context.setOffline(true);
    await page.reload();
    const card = page
      .locator('[data-testid="session"]', { has: page.locator('[data-testid="mark-done"]') })
      .first();
    await card.waitFor();
    await expect.poll(() => page.getByTestId('sync-connection').textContent()).toBe('Offline');
    const sessionId = (await card.getAttribute('data-session-id')) ?? '';
    const weekId = (await card.getAttribute('data-week-id')) ?? '';

    // Mark it done with no signal: saved on the phone, one item waiting.
    await card.getByTestId('mark-done').check();
    await expect.poll(() => card.getByTestId('delivery').textContent()).toBe('Saved on this phone');
    await expect
      .poll(() => page.getByTestId('outbox-waiting').textContent())
      .toBe('1 waiting to send');

    // It survives a reload while still offline.
    await page.reload();
    const again = page.locator(`[data-session-id="${sessionId}"]`);
    await again.waitFor();
    expect(await again.getByTestId('mark-done').isChecked()).toBe(true);
    expect(await completionsFor(weekId, sessionId)).toHaveLength(0);

    // Back online: the outbox drains by itself and the mark says so.
    await context.setOffline(false);
    await expect
      .poll(() => again.getByTestId('delivery').textContent(), { timeout: 15_000 })
      .toBe('Sent to school');
    await expect
      .poll(() => page.getByTestId('outbox-waiting').textContent())
      .toBe('Everything sent');
    const stored = await completionsFor(weekId, sessionId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ sessionId, done: true });

    // More triggers (visibility, manual sync, reload) never send it again.
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.reload();
    await page.locator('[data-testid="session"]').first().waitFor();
    await page.waitForTimeout(500);
    expect(await completionsFor(weekId, sessionId)).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a session the school changed once the phone reconnects', async () => {
    const context = await newPhone(browser);
    const page = await joinByLink(context);
    await waitForServiceWorker(page);
    const card = page.locator('[data-testid="session"]').first();
    const sessionId = (await card.getAttribute('data-session-id')) ?? '';
    const weekId = (await card.getAttribute('data-week-id')) ?? '';

    await context.setOffline(true);
    type StaffSession = { id: string } & Record<string, unknown>;
    const week = await staff.get<{ week: { revision: number }; sessions: StaffSession[] }>(
      `/api/v1/staff/timetable-weeks/${weekId}`,
    );
    const original = week.sessions.find((s) => s.id === sessionId);
    if (!original) throw new Error('session not found through the staff API');
    const { id: _id, ...body } = original;
    await staff.put(`/api/v1/staff/timetable-sessions/${sessionId}`, {
      weekId,
      baseRevision: week.week.revision,
      pupilId: body.pupilId ?? null,
      date: body.date,
      startTime: body.startTime,
      endTime: body.endTime,
      kind: body.kind,
      details: 'Bring your reading book to the call.',
      liveUrl: body.liveUrl ?? null,
      subject: 'Story time (moved)',
    });
    await page.reload();
    await page.locator(`[data-session-id="${sessionId}"]`).waitFor();
    expect(await page.locator(`[data-session-id="${sessionId}"] h3`).textContent()).not.toBe(
      'Story time (moved)',
    );

    await context.setOffline(false);
    await expect
      .poll(() => page.locator(`[data-session-id="${sessionId}"] h3`).textContent(), {
        timeout: 15_000,
      })
      .toBe('Story time (moved)');
    await context.close();
  });

  it('explains a wrong code in the family’s language and keeps what they typed', async () => {
    const context = await newPhone(browser, { locale: 'ar' });
    const page = await context.newPage();
    await page.goto(`${server.url}/join`);
    const code = page.locator('input[name="code"]');
    await code.waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await code.fill('ZZZZ-2222');
    await page.locator('button[type="submit"]').click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).not.toBe('');
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/[\u0600-\u06FF]/); // Arabic script, not the English message
    expect(await code.inputValue()).toBe('ZZZZ-2222');
    await page.reload();
    expect(await page.locator('input[name="code"]').inputValue()).toBe('ZZZZ-2222');
    await context.close();
  });
});
