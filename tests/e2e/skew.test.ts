// Old app, new server, in real Chromium: a phone on this build (N) with items queued
// offline meets the school's server updated to a build N+1 that sends sync changes this
// build does not know (HOMEWARD_TEST_FUTURE_SYNC=1: an unknown entity, a delete of one, a
// session of an unknown kind). The phone must deliver its queue, keep applying what it
// understands, and count what it skipped. Then a server that no longer answers this
// version (426): the phone keeps everything, says "please update", and sends once allowed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPhone, watchForProblems } from './browser.ts';
import { joinAndInstall, metaValue, outboxCount, reportAbsence } from './family.ts';
import { startServer, type RunningServer } from './server.ts';
import { signInStaff, type StaffClient } from './staff.ts';

let server: RunningServer;
let browser: Browser;
let staff: StaffClient;
let context: BrowserContext;
let page: Page;

async function signIn() {
  const demo = server.demo();
  staff = await signInStaff(server.url, demo.staffEmail, demo.staffPassword);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await newPhone(browser);
  page = await joinAndInstall(context, server.url, server.demo().joinCode);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type StaffSession = { id: string; subject: string } & Record<string, unknown>;

/** The first session on screen that can be marked done, with its ids. */
async function markable() {
  if (!page.url().endsWith('/week')) await page.goto(`${server.url}/week`);
  const card = page
    .locator('[data-testid="session"]', { has: page.locator('[data-testid="mark-done"]') })
    .first();
  await card.waitFor();
  return {
    card,
    sessionId: (await card.getAttribute('data-session-id')) ?? '',
    weekId: (await card.getAttribute('data-week-id')) ?? '',
  };
}

async function completions(weekId: string, sessionId: string) {
  const body = await staff.get<{ completions: Array<{ sessionId: string; done: boolean }> }>(
    `/api/v1/staff/session-completions?weekId=${weekId}`,
  );
  return body.completions.filter((c) => c.sessionId === sessionId);
}

async function noticeNotes(): Promise<string[]> {
  const { classes } = await staff.get<{ classes: Array<{ id: string }> }>('/api/v1/staff/classes');
  const notes: string[] = [];
  for (const c of classes) {
    const { notices } = await staff.get<{ notices: Array<{ note: string }> }>(
      `/api/v1/staff/absence-notices?classId=${c.id}`,
    );
    notes.push(...notices.map((n) => n.note));
  }
  return notes;
}

describe('a phone a build behind the server', () => {
  it('delivers what it queued and keeps syncing while skipping what it does not know', async () => {
    const problems = watchForProblems(page);
    const { card, sessionId, weekId } = await markable();
    await context.setOffline(true);
    await card.getByTestId('mark-done').check();
    await reportAbsence(page, server.url, 'Queued on build N');
    expect(await outboxCount(page)).toBe(2);

    // The school's server is updated meanwhile, and a teacher moves a lesson.
    await server.restart({ HOMEWARD_TEST_FUTURE_SYNC: '1' });
    await signIn();
    const week = await staff.get<{ week: { revision: number }; sessions: StaffSession[] }>(
      `/api/v1/staff/timetable-weeks/${weekId}`,
    );
    const rest = week.sessions.find((s) => s.id === sessionId)!;
    await staff.put(`/api/v1/staff/timetable-sessions/${sessionId}`, {
      weekId,
      baseRevision: week.week.revision,
      pupilId: rest.pupilId ?? null,
      date: rest.date,
      startTime: rest.startTime,
      endTime: rest.endTime,
      kind: rest.kind,
      details: rest.details ?? '',
      liveUrl: rest.liveUrl ?? null,
      subject: 'Moved by build N+1',
    });

    await context.setOffline(false);
    await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(0);
    expect(await completions(weekId, sessionId)).toEqual([
      expect.objectContaining({ sessionId, done: true }),
    ]);
    expect(await noticeNotes()).toContain('Queued on build N');

    // What it understands is applied (the moved lesson); what it does not is counted.
    await page.goto(`${server.url}/week`);
    await expect
      .poll(() => page.locator(`[data-session-id="${sessionId}"] h3`).textContent(), {
        timeout: 15_000,
      })
      .toBe('Moved by build N+1');
    const skipped = await metaValue<{ count: number; byEntity: Record<string, number> }>(
      page,
      'syncSkipped',
    );
    expect(skipped?.byEntity.learningBadge).toBeGreaterThan(0);
    expect(skipped?.byEntity.timetableSession).toBeGreaterThan(0);
    expect(await page.getByTestId('outdated').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('keeps everything and asks for an update when the server no longer answers this version', async () => {
    await server.restart({ HOMEWARD_MIN_APP_VERSION: '99.0.0' });
    await signIn();
    const { card, sessionId, weekId } = await markable();
    const before = (await completions(weekId, sessionId)).length;
    await card.getByTestId('mark-done').click();
    await page.getByTestId('outdated').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('outdated').textContent()).toContain('Please update Homeward');
    expect(await outboxCount(page)).toBe(1);

    // The server answers this version again (or the phone updated): it all goes.
    await server.restart({});
    await signIn();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(0);
    await page.getByTestId('outdated').waitFor({ state: 'detached' });
    expect(await completions(weekId, sessionId)).toHaveLength(before + 1);
  });
});
