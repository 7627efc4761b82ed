// The HTML coverage report in a real browser: Debian's Chromium driven by playwright-core, the page opened from a
// file: URL. Screenshots land in test-output/coverage/. Without Chromium this test fails: .ci/run installs it.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { fixtureRepo } from './helpers.js';

const repo = path.resolve(import.meta.dirname, '../..');
const output = path.join(repo, 'test-output/coverage');
const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;

beforeAll(async () => {
  expect(existsSync(executablePath), `no Chromium at ${executablePath}: apt-get install chromium (.ci/run does)`).toBe(
    true,
  );
  mkdirSync(output, { recursive: true });
  // Root (CI) cannot use Chromium's sandbox.
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the page, recording console errors, page errors and every request that is not for a file: URL. */
async function open(file: string) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  const network: string[] = [];
  page.on('console', m => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', e => errors.push(e.message));
  page.on('request', r => {
    if (!r.url().startsWith('file:')) network.push(r.url());
  });
  await page.route(/^(?!file:)/, route => route.abort());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const started = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  // Until the first frame after load: the page laid out and its script run.
  await page.evaluate('new Promise(resolve => requestAnimationFrame(() => resolve(null)))');
  const ms = performance.now() - started;
  // The renderer's main-thread time (parse, style, layout, paint, script): the page's own cost, which a machine
  // shared with other work does not inflate the way it does the wall-clock time.
  const { metrics } = await cdp.send('Performance.getMetrics');
  const taskMs = 1000 * (metrics.find(m => m.name === 'TaskDuration')?.value ?? NaN);
  return { page, errors, network, ms, taskMs };
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

/**
 * Text whose colour against its effective background is under 4.5:1 (WCAG AA), as `ratio: text`. In-page code is a
 * string: the project compiles without the DOM library.
 */
const LOW_CONTRAST = String.raw`(() => {
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const channel = v => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] !== 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || el.closest('script') || !el.offsetParent) continue;
    const fg = lum(rgb(getComputedStyle(el).color));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) bad.push(ratio.toFixed(2) + ': ' + n.textContent.trim().slice(0, 40));
  }
  return bad;
})()`;

const active = (page: Page) => page.evaluate<string>('document.activeElement.id || document.activeElement.value');

describe('coverage HTML in Chromium', () => {
  it('shows the matrix with counts, filters by keyboard, makes no request and logs no error', async () => {
    const dir = fixtureRepo();
    const io = memoryIo(dir);
    expect(await runCli(['coverage', '-w', 'prod', '-o', 'report/coverage.html'], io)).toBe(0);
    const { page, errors, network } = await open(path.join(dir, 'report/coverage.html'));
    await page.screenshot({ path: path.join(output, 'fixture.png'), fullPage: true });

    // Real table semantics: one column header per tactic, in matrix order.
    const headers = page.locator('table.matrix thead th[scope="col"]');
    expect(await headers.count()).toBe(14);
    expect(await headers.first().innerText()).toMatch(/^Reconnaissance/);
    const credential = 'table.matrix thead th[data-tactic="CredentialAccess"]';
    expect(await text(page, `${credential} .rc`)).toBe('2');
    expect(await text(page, `${credential} .cc`)).toBe('1');
    // The sub-technique's cell lists its rule, linked to the rule file relative to the page.
    const spray = page.locator('td[data-tactic="CredentialAccess"] .t.sub[data-id="T1110.003"]');
    expect(await spray.locator('.n').innerText()).toBe('1');
    const href = await spray.locator('a').getAttribute('href');
    expect(href).toBe('../rules/identity/spray.yaml');
    expect(existsSync(fileURLToPath(new URL(href ?? '', page.url())))).toBe(true);
    // The workspace disables "Brute force": shown, and said in words.
    expect(await page.locator('li.off').textContent()).toBe('Brute force (disabled)');
    // Initial Access and Persistence each hold the cloud account rule; Defense Evasion does not.
    for (const tactic of ['InitialAccess', 'Persistence'])
      expect(await page.locator(`td[data-tactic="${tactic}"] .t.sub[data-id="T1078.004"] li`).count()).toBe(1);
    expect(await page.locator('td[data-tactic="DefenseEvasion"] .t.sub[data-id="T1078.004"]').count()).toBe(0);
    expect(await page.locator('h2:text("Rules without techniques") + table').innerText()).toContain('Tactic only');

    // Keyboard only: Tab reaches the first severity box (High), Space clears it.
    await page.keyboard.press('Tab');
    expect(await active(page)).toBe('High');
    await page.keyboard.press('Space');
    expect(await text(page, '#status')).toBe('Showing 3 of 4 rules');
    expect(await text(page, `${credential} .rc`)).toBe('1');
    expect(await spray.isVisible()).toBe(true);
    expect(await spray.getAttribute('class')).not.toMatch(/\bcovered\b/);
    expect(await spray.locator('li').getAttribute('hidden')).not.toBeNull();
    // Tab on to the tactic list; an arrow key picks the first tactic: only its column is left.
    for (let i = 0; i < 4 && !((await active(page)) === 'f-tactic'); i++) await page.keyboard.press('Tab');
    expect(await active(page)).toBe('f-tactic');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('table.matrix thead th:visible').allInnerTexts()).toEqual([
      expect.stringMatching(/^Reconnaissance/),
    ]);
    await page.screenshot({ path: path.join(output, 'fixture-filtered.png'), fullPage: true });
    // Data source: only the Office 365 rule.
    await page.selectOption('#f-tactic', '');
    await page.keyboard.press('Tab');
    await page.selectOption('#f-source', 'Office365');
    expect(await text(page, '#status')).toBe('Showing 1 of 4 rules');

    await page.selectOption('#f-source', '');
    await page.check('input[name=severity][value=High]');
    expect(await text(page, '#status')).toBe('Showing 4 of 4 rules');
    // A cell's list opens from the keyboard (a <details>): focus its summary, press Enter.
    await spray.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await spray.locator('a').isVisible()).toBe(true);
    await page.evaluate("document.querySelectorAll('details').forEach(d => (d.open = true))");
    expect(await page.evaluate<string[]>(LOW_CONTRAST)).toEqual([]);
    // The contrast check bites: grey on white (2.85:1) is reported.
    await page.evaluate(
      `document.body.insertAdjacentHTML('beforeend', '<p id="probe" style="color:#999;background:#fff">grey on white</p>')`,
    );
    expect(await page.evaluate<string[]>(LOW_CONTRAST)).toEqual(['2.85: grey on white']);
    await page.evaluate("document.getElementById('probe').remove()");
    // Printed: the filters are left out, the matrix stays.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('table.matrix').isVisible()).toBe(true);
    await page.pdf({ path: path.join(output, 'fixture.pdf'), landscape: true });

    expect(errors).toEqual([]);
    expect(network).toEqual([]);
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!existsSync(corpus))('renders the 1,054-rule corpus: under 2 MB, drawn in under 2 s', async () => {
    const file = path.join(output, 'corpus.html');
    const io = memoryIo(repo);
    expect(await runCli(['coverage', corpus, '-o', file], io)).toBe(0);
    const { page, errors, network, ms, taskMs } = await open(file);
    await page.screenshot({ path: path.join(output, 'corpus.png') });
    const bytes = (await import('node:fs')).statSync(file).size;
    const figures = {
      rules: (await text(page, '#status')).replace(/^Showing \d+ of /, ''),
      bytes,
      renderWallMs: Math.round(ms),
      renderMainThreadMs: Math.round(taskMs),
    };
    writeFileSync(path.join(output, 'corpus-figures.json'), JSON.stringify(figures, null, 2) + '\n');
    expect(figures.rules).toBe('1054 rules');
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(taskMs).toBeLessThan(2000);
    expect(await page.locator('table.matrix thead th').count()).toBe(14);
    expect(errors).toEqual([]);
    expect(network).toEqual([]);
    await page.close();
  });
});
