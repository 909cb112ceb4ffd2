/**
 * The chat page in a real browser (Debian's chromium driven by playwright-core): open the bubble, see
 * the welcome (its examples once), ask a FAQ question and a date question (the answer's first line in
 * view), click a follow-up (shown once: no suggested-action pills), vote once, run axe-core (no
 * violation, colour contrast included), and check that no request left this server; then the same page
 * on a phone (390x844: the panel fills the screen). Screenshots are kept in
 * test-artifacts/webchat-desktop.png and test-artifacts/webchat-phone.png (git-ignored).
 * Skipped, with one line saying why, when /usr/bin/chromium is not installed
 * (`apt-get install -y chromium`).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { AWS_WORDING as WORDING } from '../support/wording';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
const describeBrowser = haveChromium ? describe : describe.skip;

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * axe-core's violations on the page as it is (WCAG 2.1 A and AA rules, colour contrast among them).
 * The script goes in through the DevTools protocol, so the page's CSP (script-src 'self') stays as it is.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return (violations as AxeViolation[]).flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${JSON.stringify(n.target)}${n.failureSummary ? ` - ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  );
}
/** Generous: CI has 2 cores, and the first turn also warms up the bot. */
const WAIT = 45_000;
/** The browser clock starts here (and ticks on), so the date question has one right answer in any year. */
const BROWSER_NOW = new Date('2026-11-29T10:00:00-05:00');

jest.setTimeout(240_000);

describeBrowser('chat page in chromium', () => {
  let app: App;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  /** The bodies the page posted to /api/messages, in order. */
  const posted: Array<Record<string, unknown>> = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  /** The transcript's activities (not the screen-reader live region, which repeats them). */
  const activities = (): Locator => page.locator('#webchat .webchat__basic-transcript__activity');
  const botActivities = (): Locator => activities().filter({ hasNot: page.locator('.webchat__stacked-layout--from-user') });
  const userActivities = (): Locator => activities().filter({ has: page.locator('.webchat__stacked-layout--from-user') });

  async function seeInTranscript(text: string | RegExp): Promise<Locator> {
    const hit = activities().filter({ hasText: text }).last();
    await hit.waitFor({ state: 'visible', timeout: WAIT });
    return hit;
  }

  async function ask(question: string): Promise<void> {
    const input = page.locator('#webchat [data-id="webchat-sendbox-input"]');
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill(question);
    await input.press('Enter');
    // The question shows as the user's own message, sent (not "Sending" or "Send failed").
    const mine = userActivities().filter({ hasText: question }).last();
    await mine.waitFor({ state: 'visible', timeout: WAIT });
  }

  async function waitForBotCount(atLeast: number): Promise<void> {
    await page.waitForFunction(
      (n) =>
        Array.from(document.querySelectorAll('#webchat .webchat__basic-transcript__activity')).filter(
          (a) => !a.querySelector('.webchat__stacked-layout--from-user'),
        ).length >= n,
      atLeast,
      { timeout: WAIT },
    );
  }

  beforeAll(async () => {
    const logger = pino({ level: 'silent' });
    app = buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }), { logger });
    const port = await app.listen();
    origin = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await context.clock.install({ time: BROWSER_NOW });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    page.on('request', (r) => {
      requests.push(r.url());
      if (r.method() === 'POST' && r.url() === `${origin}/api/messages`) posted.push(JSON.parse(r.postData() ?? '{}') as Record<string, unknown>);
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('answers a FAQ question, a date question and a follow-up, and never leaves this server', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: WAIT });
    await page.getByRole('heading', { name: 'AWS Certification Help' }).waitFor();
    const panel = page.locator('#chat-panel');
    if (await panel.isVisible()) throw new Error('the chat panel should start closed');

    // Open the bubble: the panel shows and the bot's welcome arrives, its examples listed once.
    await page.click('#chat-bubble');
    await panel.waitFor({ state: 'visible' });
    await page.getByRole('heading', { name: 'Certification help desk' }).waitFor();
    const welcome = await seeInTranscript(WORDING.welcomeTitle);
    for (const example of WORDING.examples.slice(0, 2)) {
      const shown = await welcome.evaluate((el, e) => (el.textContent ?? '').split(e).length - 1, example);
      expect(shown).toBe(1);
    }

    // A FAQ question.
    await ask('How long is a microcredential valid?');
    await seeInTranscript('12 months');

    // A date question, answered by computation from the browser's clock and time zone.
    await ask('I failed my microcredential on November 3, 2026. When can I retake it?');
    const dateAnswer = await seeInTranscript('November 28, 2026');
    // The answer's first line is in view (the transcript stops scrolling at its top), not only its end.
    await page.waitForTimeout(1500);
    const firstLine = dateAnswer.locator('.ac-textBlock').first();
    const scroller = page.locator('#webchat .webchat__basic-transcript__scrollable');
    const [lineBox, viewBox] = await Promise.all([firstLine.boundingBox(), scroller.boundingBox()]);
    expect(lineBox).not.toBeNull();
    expect(lineBox!.y).toBeGreaterThanOrEqual(viewBox!.y - 1);
    expect(lineBox!.y + lineBox!.height).toBeLessThanOrEqual(viewBox!.y + viewBox!.height + 1);

    // Follow-ups are shown once: rows in the card, no suggested-action pills repeating them.
    expect(await page.locator('#webchat .webchat__suggested-action').count()).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-desktop.png') });

    // A follow-up: a row of the card whose text is a question.
    const before = await botActivities().count();
    const followUp = dateAnswer.locator('.ac-selectable').filter({ hasText: /\?\s*$/ }).last();
    await followUp.waitFor({ state: 'visible' });
    const question = ((await followUp.textContent()) ?? '').trim();
    expect(question).toMatch(/\?$/);
    await followUp.click();
    await waitForBotCount(before + 1);
    const answer = ((await botActivities().last().textContent()) ?? '').trim();
    expect(answer.length).toBeGreaterThan(40);
    expect(answer).not.toContain("couldn't reach the help desk");
    expect(answer).not.toContain(WORDING.unknownAction);

    // One vote per answer: "Yes" is thanked, then both buttons of that answer are disabled.
    const votedBefore = await botActivities().count();
    const rated = botActivities().nth(votedBefore - 1);
    const yes = rated.getByRole('button', { name: 'Yes', exact: true });
    const no = rated.getByRole('button', { name: 'No', exact: true });
    await yes.click();
    await waitForBotCount(votedBefore + 1);
    await seeInTranscript(WORDING.feedbackThanks);
    expect(await yes.isDisabled()).toBe(true);
    expect(await no.isDisabled()).toBe(true);
    expect(posted.filter((b) => (b.value as { action?: string } | undefined)?.action === 'feedback')).toHaveLength(1);

    // Accessibility: no axe-core violation (WCAG 2.1 A/AA, colour contrast 4.5:1 included).
    expect(await axeViolations(page)).toEqual([]);

    // Every message went through: none is left "sending" or "failed".
    const failed = await page.locator('#webchat').getByText(/send failed|sending/i).count();
    expect(failed).toBe(0);

    // Closing hides the panel; the bubble stays.
    await page.click('#chat-close');
    await panel.waitFor({ state: 'hidden' });

    // No request left this server (blob: URLs are in-memory objects of this origin).
    expect(requests.length).toBeGreaterThan(3);
    const elsewhere = requests.filter((u) => {
      if (u.startsWith(`${origin}/`)) return false;
      if (u.startsWith(`blob:${origin}/`)) return false;
      return true;
    });
    expect(elsewhere).toEqual([]);
    expect(requests).toEqual(expect.arrayContaining([`${origin}/webchat/webchat.js`, `${origin}/public/chat.js`, `${origin}/api/messages`]));
    expect(pageErrors).toEqual([]);

    // What the page sent: a join first, then the questions, all in one conversation, with the browser's
    // locale, time zone and local time, asking for the replies in the HTTP response.
    expect(posted.length).toBeGreaterThanOrEqual(5);
    const [join, ...turns] = posted;
    const userId = (join!.from as { id: string }).id;
    expect(join).toMatchObject({ type: 'conversationUpdate', membersAdded: [{ id: userId }] });
    const conversationId = (join!.conversation as { id: string }).id;
    for (const body of posted) {
      expect(body).toMatchObject({
        channelId: 'webchat',
        deliveryMode: 'expectReplies',
        conversation: { id: conversationId },
        from: { id: userId },
        locale: 'en-US',
        localTimezone: 'America/New_York',
      });
      expect(body.localTimestamp).toMatch(/^2026-11-29T\d{2}:\d{2}:\d{2}\.\d{3}-05:00$/);
      expect(Date.parse(body.timestamp as string)).not.toBeNaN();
    }
    expect(turns.map((t) => t.text)).toEqual(expect.arrayContaining(['How long is a microcredential valid?', 'I failed my microcredential on November 3, 2026. When can I retake it?']));
    // The follow-up was posted by its data (a card submit), not as free text alone.
    expect(turns[turns.length - 2]!.value).toEqual(expect.objectContaining({ action: 'ask' }));
    if (consoleErrors.length) console.log(`browser console errors:\n${consoleErrors.join('\n')}`);
    expect(consoleErrors.filter((e) => /Content Security Policy|Failed to post activity/i.test(e))).toEqual([]);
  });

  it('on a phone (390x844) the open panel fills the screen, answers, and passes axe', async () => {
    const phone = await browser.newContext({
      timezoneId: 'America/New_York',
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await phone.clock.install({ time: BROWSER_NOW });
    page = await phone.newPage();
    page.setDefaultTimeout(WAIT);
    try {
      await page.goto(`${origin}/`, { waitUntil: 'load', timeout: WAIT });
      await page.click('#chat-bubble');
      const panel = page.locator('#chat-panel');
      await panel.waitFor({ state: 'visible' });
      await seeInTranscript(WORDING.welcomeTitle);
      const box = await panel.boundingBox();
      expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
      // The bubble does not cover the panel; the header's close button closes it.
      expect(await page.locator('#chat-bubble').isVisible()).toBe(false);
      await ask('I failed my microcredential on November 3, 2026. When can I retake it?');
      await seeInTranscript('November 28, 2026');
      await page.waitForTimeout(1500);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-phone.png') });
      expect(await axeViolations(page)).toEqual([]);
      await page.click('#chat-close');
      await panel.waitFor({ state: 'hidden' });
      expect(await page.locator('#chat-bubble').isVisible()).toBe(true);
    } finally {
      await phone.close();
    }
  });

  it('says politely that the help desk is unreachable when /api/messages fails, and keeps the question as sent', async () => {
    const failing = await context.newPage();
    failing.setDefaultTimeout(WAIT);
    await failing.route(`${origin}/api/messages`, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"down"}' }));
    page = failing;
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: WAIT });
    await page.click('#chat-bubble');
    // The welcome could not be fetched either: one apology for the join.
    await seeInTranscript("couldn't reach the help desk");
    await ask('How long is a microcredential valid?');
    await waitForBotCount(2);
    expect(await botActivities().filter({ hasText: "couldn't reach the help desk" }).count()).toBe(2);
    expect(await page.locator('#webchat').getByText(/send failed/i).count()).toBe(0);
    await failing.close();
  });
});
