import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { writeReport } from '../../src/plots/index.js';
import { buildFigures } from '../../src/plots/registry.js';
import { syntheticBatchSizeResult, syntheticEvidenceResult, syntheticStationaryResult } from './fixtures.js';
import { formatPredictionTable } from '../../src/cli/table.js';
import { countLine } from '../../src/io/verdict-text.js';

/**
 * report.html in a real browser (Debian's chromium, headless), opened from file:// with no
 * network: no console or page errors, no request leaving the file, and drawn marks in every
 * figure. CI installs chromium (.ci/install-chromium.sh); elsewhere the test is skipped without it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = Boolean(process.env.CI);

describe.skipIf(!available && !required)('report.html in chromium', () => {
  let browser: BrowserContext;
  let dir: string;
  let profile: string;

  beforeAll(async () => {
    if (!available) throw new Error(`chromium not found at ${CHROMIUM}: run .ci/install-chromium.sh`);
    dir = mkdtempSync(join(tmpdir(), 'sgd-sde-report-'));
    profile = mkdtempSync(join(tmpdir(), 'sgd-sde-chromium-'));
    // a fresh profile directory each run: nothing cached, nothing shared with another browser
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('renders every figure with marks and no errors, offline', async () => {
    const results = [syntheticStationaryResult(), syntheticEvidenceResult(), syntheticBatchSizeResult(), { ...syntheticStationaryResult(), name: 'second', warnings: [] }];
    const path = await writeReport(results, dir);
    const expectedFigures = results.reduce((n, r) => n + buildFigures(r).length, 0);

    const page = await browser.newPage();
    const errors: string[] = [];
    const external: string[] = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
    page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
    page.on('request', (req) => { if (!/^(file|data|blob|about):/.test(req.url())) external.push(req.url()); });

    await page.goto(pathToFileURL(path!).href);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 600_000 });

    const figures = await page.$$eval('.view', (views) => views.map((v) => ({
      id: v.getAttribute('data-figure'),
      failed: v.classList.contains('failed'),
      svgs: v.querySelectorAll('svg').length,
      // Vega's SVG renderer puts each mark's items in <g class="mark-… role-mark">
      markItems: v.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > g').length,
      width: v.getBoundingClientRect().width,
    })));
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    expect(figures).toHaveLength(expectedFigures);
    for (const f of figures) {
      expect(f, `figure ${f.id}`).toMatchObject({ failed: false, svgs: 1 });
      expect(f.markItems, `marks in figure ${f.id}`).toBeGreaterThan(0);
      expect(f.width, `width of figure ${f.id}`).toBeGreaterThan(100);
    }
    // the prediction table: one row per prediction, each verdict marked as the terminal prints it
    expect(await page.$$eval('table.predictions tbody tr.fail', (rows) => rows.length)).toBe(2);
    expect(await page.$$eval('table.predictions tbody tr.pass', (rows) => rows.length)).toBe(8);
    expect(await page.$$eval('table.predictions tbody tr.ne', (rows) => rows.length)).toBe(2);
    expect(await page.$$eval('table.predictions tbody tr.info', (rows) => rows.length)).toBe(3);
    // report.html agrees with the terminal on every row and on the count, result by result
    const shown = await page.$$eval('section.result', (sections) => sections.map((s) => ({
      count: s.querySelector('h2 [data-count]')?.textContent ?? '',
      rows: [...s.querySelectorAll('table.predictions tbody tr')].map((tr) => [tr.getAttribute('data-id'), tr.querySelector('td.verdict')?.textContent ?? '']),
    })));
    expect(shown).toHaveLength(results.length);
    results.forEach((r, i) => {
      const terminal = formatPredictionTable(r).split('\n');
      const terminalRows = r.predictions.map((p) => {
        const line = terminal.find((l) => l.split(/\s+/)[1] === p.id);
        return [p.id, line?.slice(0, 4).trim()];
      });
      expect(shown[i].rows, r.name).toEqual(terminalRows);
      expect(terminal).toContain(shown[i].count);
      expect(shown[i].count).toBe(countLine(r.predictions));
    });
    const header = await page.$eval('header [data-count]', (el) => el.textContent);
    expect(header).toBe(countLine(results.flatMap((r) => r.predictions)));
    await page.close();
  });
});
