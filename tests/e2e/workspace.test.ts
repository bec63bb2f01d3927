// The staff workspace in real Chromium, on the production build served by the real server,
// with its strict CSP on: sign-in returns to the page asked for; a teacher sees only their
// class; the offline banner, and a form that keeps what was typed through a dropped
// connection and a refusal; axe (every rule, best practices too), 200% text and 44 px
// targets on every screen; nothing of families' data in the browser's storage.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, overflowAt200, smallTargets } from './a11y-checks.ts';
import { launchBrowser, watchForProblems } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { signInStaff } from './staff.ts';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const member = (role: string, className?: string) => {
  const found = server
    .demo()
    .staff.find((s) => s.role === role && (!className || s.classes.includes(className)));
  if (!found) throw new Error(`no demo ${role} ${className ?? ''}`);
  return found;
};

async function laptop(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1280, height: 800 },
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  return { context, page, problems: watchForProblems(page) };
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** axe with every rule, 44 px targets, and 200% text on a 360 px screen. */
async function checkScreen(page: Page, what: string) {
  expect([what, ...(await axe(page, 'all'))]).toEqual([what]);
  expect([what, ...(await smallTargets(page))]).toEqual([what]);
  expect([what, ...(await overflowAt200(page))]).toEqual([what]);
  expect([what, await page.locator('h1').count()]).toEqual([what, 1]);
}

async function classIds() {
  const head = member('admin');
  const staff = await signInStaff(server.url, head.email, head.password);
  const { classes } = await staff.get<{ classes: { id: string; name: string }[] }>(
    '/api/v1/staff/classes',
  );
  return Object.fromEntries(classes.map((c) => [c.name, c.id]));
}

describe('the staff workspace', () => {
  it('sends an unsigned visit to sign-in and back; a teacher sees only their class', async () => {
    const { context, page, problems } = await laptop();
    const ids = await classIds();
    const oak = member('teacher', 'Year 4 Oak');

    await page.goto(`${server.url}/staff/classes/${ids['Year 4 Oak']}`);
    await page.waitForURL(/\/staff\/sign-in\?next=/);
    await checkScreen(page, 'sign-in');
    // A wrong password: the message, and what was typed is still there.
    await signIn(page, oak.email, 'not the password');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/do not match/);
    expect(await page.getByLabel('Email address').inputValue()).toBe(oak.email);
    await signIn(page, oak.email, oak.password);
    await page.waitForURL(`${server.url}/staff/classes/${ids['Year 4 Oak']}`);
    await page.getByRole('heading', { level: 1, name: 'Year 4 Oak' }).waitFor();
    const pupils = await page.locator('tbody th').allTextContents();
    expect(pupils).toEqual(['Amira', 'Maja']);
    await checkScreen(page, 'class');

    await page.getByRole('link', { name: 'My classes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My classes' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody th').allTextContents()).toEqual(['Year 4 Oak']);
    expect(await page.locator('tbody td').allTextContents()).toEqual(['2 pupils']);
    await expect.poll(() => page.locator('header').textContent()).toMatch(/Mrs Priya Patel/);
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await checkScreen(page, 'my classes');

    // Another class's page, by its address: the same "not found" as a made-up one.
    await page.goto(`${server.url}/staff/classes/${ids['Year 1 Willow']}`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.content()).not.toContain('Yusuf');
    await checkScreen(page, 'another class');
    await page.goto(`${server.url}/staff/nowhere`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await checkScreen(page, 'no such page');

    // Nothing of the school's data is kept in the browser.
    const stored = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
    expect(stored).toEqual({ local: 0, session: 0, databases: 0, caches: 0 });

    // Signing out ends the session: the workspace asks to sign in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/staff\/sign-in\?reason=signed-out/);
    await page.goto(`${server.url}/staff/`);
    await page.waitForURL(/\/staff\/sign-in\?next=/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says plainly when offline, and a form keeps what was typed and can be sent again', async () => {
    const { context, page, problems } = await laptop();
    const dsl = member('dsl');
    await page.goto(`${server.url}/staff/account/password`);
    await page.waitForURL(/\/staff\/sign-in\?next=%2Faccount%2Fpassword/);
    await signIn(page, dsl.email, dsl.password);
    await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    await checkScreen(page, 'change password');

    const newPassword = 'walnut harbour lantern';
    await page.getByLabel('Current password').fill(dsl.password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);

    await context.setOffline(true);
    const banner = page.locator('header [role="status"]');
    await expect.poll(() => banner.textContent()).toMatch(/You are offline/);
    await page.getByRole('button', { name: 'Change password' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.textContent()).toMatch(/offline/);
    for (const [label, value] of [
      ['Current password', dsl.password],
      ['New password', newPassword],
      ['New password again', newPassword],
    ] as const) {
      expect(await page.getByLabel(label, { exact: true }).inputValue()).toBe(value);
    }
    await checkScreen(page, 'change password, offline');

    await context.setOffline(false);
    await expect.poll(() => banner.count()).toBe(0);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/password is changed/);
    expect(await page.getByLabel('Current password').inputValue()).toBe('');

    // The server refusing (the old password is no longer right) keeps the input too.
    await page.getByLabel('Current password').fill(dsl.password);
    await page.getByLabel('New password', { exact: true }).fill('another long passphrase');
    await page.getByLabel('New password again').fill('another long passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => summary.textContent()).toMatch(/current password is not right/);
    expect(await page.getByLabel('New password again').inputValue()).toBe(
      'another long passphrase',
    );
    await checkScreen(page, 'change password, refused');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the admin the audit log of who read which records', async () => {
    const { context, page, problems } = await laptop();
    const head = member('admin');
    const ids = await classIds();
    // A teacher reads their class's returned work (written to the log).
    const willow = member('teacher', 'Year 1 Willow');
    const teacher = await signInStaff(server.url, willow.email, willow.password);
    await teacher.get(`/api/v1/staff/submissions?classId=${ids['Year 1 Willow']}`);

    await page.goto(`${server.url}/staff/audit`);
    await signIn(page, head.email, head.password);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    const rows = await page.locator('tbody tr').allTextContents();
    expect(
      rows.some((r) => /Mr Tom Evans.*Viewed returned work.*Year 1 Willow \(class\)/.test(r)),
    ).toBe(true);
    await checkScreen(page, 'audit log');
    expect(problems).toEqual([]);
    await context.close();
  });
});
