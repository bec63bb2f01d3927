// The first minutes, in real Chromium: a join link opens a welcome in the phone's language
// that names the family and its children, offers every language in its own name and
// script, says what works offline, then shows the timetable. A mistyped code is explained
// in the family's language, and what people type (lower case, spaces, dashes, Arabic
// digits) is accepted.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhone, watchForProblems } from './browser.ts';
import { serverAndBrowser } from './suite.ts';

const env = serverAndBrowser();

const html = (page: Page) =>
  page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
  }));

// The isolates that keep a school's Latin names in order inside Arabic or Urdu text.
const visible = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

describe('the welcome after a join link', () => {
  it('greets in the phone’s language, names family and children, and lets them choose', async () => {
    const context = await newPhone(env.browser, { locale: 'ur-PK' });
    // What the CSP refused, as the browser reports it (zod's eval probe would be one).
    await context.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(`${env.server.url}/join/${env.server.demo().joinCode}`);
    await page.waitForURL(/\/welcome$/);
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor();
    expect(await html(page)).toEqual({ lang: 'ur', dir: 'rtl' });
    const heading = visible(await page.getByRole('heading', { level: 1 }).textContent());
    expect(heading).toContain('خوش آمدید');
    expect(heading).toContain('Khan family');
    const joined = visible(await page.getByTestId('welcome-joined').textContent());
    expect(joined).toMatch(/Amira.*Yusuf/);
    expect(joined).toMatch(/[\u0600-\u06FF]/);

    // Every language the app has, each in its own name, script and direction.
    const choices = page.getByRole('group').getByRole('button');
    const offered = await choices.evaluateAll((buttons) =>
      buttons.map((b) => [b.textContent, b.getAttribute('lang'), b.getAttribute('dir')]),
    );
    expect(offered).toEqual([
      ['English', 'en', 'ltr'],
      ['العربية', 'ar', 'rtl'],
      ['اردو', 'ur', 'rtl'],
      ['Polski', 'pl', 'ltr'],
    ]);
    expect(await choices.nth(2).getAttribute('aria-pressed')).toBe('true');

    // The one line on what works offline is there, in the phone's language.
    expect(await page.locator('.welcome__offline').textContent()).toMatch(/سگنل/);

    await page.getByRole('button', { name: 'Polski' }).click();
    await expect.poll(() => html(page)).toEqual({ lang: 'pl', dir: 'ltr' });
    expect(visible(await page.getByRole('heading', { level: 1 }).textContent())).toBe(
      'Witamy, Khan family',
    );
    expect(await page.locator('.welcome__offline').textContent()).toMatch(/bez zasięgu/);
    expect(await choices.nth(3).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Pokaż plan zajęć' }).click();
    await page.waitForURL(/\/week$/);
    await page.locator('[data-testid="session"]').first().waitFor();
    // Joined and synced (zod parsed the answers): the CSP refused nothing.
    const refused = () =>
      page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    expect(await refused()).toEqual([]);
    // The choice holds for the app, after a reload too.
    await page.reload();
    await page.locator('[data-testid="session"]').first().waitFor();
    expect(await html(page)).toEqual({ lang: 'pl', dir: 'ltr' });
    expect(problems).toEqual([]);
    expect(await refused()).toEqual([]);
    await context.close();
  });
});

describe('typed codes', () => {
  async function joinScreen(locale: string) {
    const context = await newPhone(env.browser, { locale });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/join`);
    const code = page.locator('input[name="code"]');
    await code.waitFor();
    return { context, page, code };
  }

  it('says in the family’s language what is wrong: the length, characters codes never use', async () => {
    const { context, page, code } = await joinScreen('pl-PL');
    const alert = page.getByRole('alert').first();
    await code.fill('abcd-234');
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => alert.textContent()).toMatch(/ma 8 liter i cyfr\. Ten ma 7/);
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await code.inputValue()).toBe('abcd-234');

    await code.fill('AB0O-EFGH');
    await page.locator('button[type="submit"]').click();
    await expect
      .poll(async () => visible(await alert.textContent()))
      .toMatch(/nigdy nie zawierają 0 lub O\./);
    expect(visible(await alert.textContent())).toContain('0, O, 1, I lub L');
    // Typing again clears the complaint until the next try.
    await code.fill('AB0O-EFG');
    expect(await code.getAttribute('aria-invalid')).toBeNull();
    await context.close();
  });

  it('explains a wrong link’s code too, offline as well, without asking the server', async () => {
    const context = await newPhone(env.browser, { locale: 'ar' });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/join')) asked.push(r.url());
    });
    await page.goto(`${env.server.url}/join/ABC1-DEF`);
    const alert = page.getByRole('alert').first();
    await expect.poll(async () => visible(await alert.textContent())).toContain('1');
    expect(await alert.textContent()).toMatch(/[\u0600-\u06FF]/);
    await context.setOffline(true);
    const code = page.locator('input[name="code"]');
    await code.fill('ABCD-EFG');
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => alert.textContent()).toMatch(/8/);
    expect(asked).toEqual([]);
    await context.close();
  });

  it('accepts lower case, spaces, dashes and Arabic digits', async () => {
    const { context, page, code } = await joinScreen('ar');
    const typed = env.server
      .demo()
      .joinCode.toLowerCase()
      .replace(/[2-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    await code.fill(` ${typed.slice(0, 4)} - ${typed.slice(4)} `);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/welcome$/);
    expect(visible(await page.getByTestId('welcome-joined').textContent())).toMatch(/Amira/);
    await context.close();
  });
});
