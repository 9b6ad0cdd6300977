import type { Prediction, Result, Verdict } from '../core/result.js';
import { alternativeText, countLine, needText, verdictCounts, zText } from '../io/verdict-text.js';
import { browserLibraries } from './browser-libs.js';
import { fmt, type Figure } from '../figures/figure.js';
import { FONT_STACK } from './fonts.js';
import { hasFigureBuilder } from './registry.js';
import { QUICK_RUN_NOTE } from '../core/quick-note.js';

/**
 * report.html: one self-contained page (vega, vega-lite and vega-embed inlined, specs embedded as
 * JSON) with, per result, the prediction table, the warnings and every figure. It opens from
 * file:// with no network. No timestamp, so the same results give the same bytes.
 */
export interface ReportEntry { result: Result; figures: Figure[] }

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`). */
const scriptJson = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)).replace(/</g, '\\u003c');

export function renderReportHtml(entries: ReportEntry[]): string {
  const libs = browserLibraries();
  const predictions = entries.flatMap((e) => e.result.predictions);
  const specs: { id: string; spec: unknown }[] = [];
  const sections = entries.map((entry, i) => resultSection(entry, i, specs));
  const title = entries.length === 1 ? `sgd-sde report: ${entries[0].result.name}` : `sgd-sde report: ${entries.length} results`;
  const tool = entries[0]?.result.tool;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
${libs.map((l) => `<script data-lib="${l.name}@${l.version}">\n${l.code}\n</script>`).join('\n')}
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="summary ${summaryClass(predictions)}" data-count>${esc(countLine(predictions))}</p>
<p class="meta">${tool ? `sgd-sde ${esc(tool.version)}, ` : ''}figures drawn with ${libs.map((l) => `${l.name} ${esc(l.version)}`).join(', ')}</p>
${entries.length > 1 ? `<nav><ol>${entries.map((e, i) => `<li><a href="#result-${i}">${esc(e.result.name)}</a> (${esc(e.result.experiment)}) ${verdictBadge(e.result)}</li>`).join('')}</ol></nav>` : ''}
</header>
<main>
${sections.join('\n')}
</main>
<script type="application/json" id="figure-specs">${scriptJson(specs)}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('figure-specs').textContent);
  var jobs = specs.map(function (f) {
    var el = document.getElementById(f.id);
    return vegaEmbed(el, f.spec, { renderer: 'svg', actions: false }).catch(function (err) {
      el.classList.add('failed');
      el.textContent = 'could not draw this figure: ' + err;
      console.error('figure ' + f.id + ': ' + err);
    });
  });
  Promise.all(jobs).then(function () { document.body.setAttribute('data-rendered', 'true'); });
})();
</script>
</body>
</html>
`;
}

function resultSection({ result, figures }: ReportEntry, index: number, specs: { id: string; spec: unknown }[]): string {
  const ns = result.noiseScale;
  const meta = [
    `experiment <code>${esc(result.experiment)}</code>`,
    `seed ${result.seed}`,
    result.quick ? 'quick run' : 'full run',
    ns ? `noise scale g = ε N c(N,B)/(1−m) = ${fmt(ns.g)} (paper ε(N/B−1)/(1−m) = ${fmt(ns.gPaper)}, εN/(B(1−m)) = ${fmt(ns.gApprox)})` : '',
  ].filter(Boolean);
  const figureHtml = figures.map((f, j) => {
    const id = `figure-${index}-${j}`;
    specs.push({ id, spec: f.spec });
    // the chart carries its own title; the caption says what to look at
    return `<figure class="figure" id="${esc(f.id)}-${index}">
<div class="view" id="${id}" data-figure="${esc(f.id)}" role="img" aria-label="${esc(f.title)}"></div>
<figcaption><strong>${esc(f.title)}.</strong> ${esc(f.caption)} <span class="files">(${esc(f.id)}.svg, .png, .vl.json)</span></figcaption>
</figure>`;
  });
  const noFigures = hasFigureBuilder(result.experiment)
    ? ''
    : `<p class="note">This version of sgd-sde draws no figures for experiments of kind <code>${esc(result.experiment)}</code>.</p>`;
  return `<section class="result" id="result-${index}">
<h2>${esc(result.name)} ${verdictBadge(result)}</h2>
<p class="meta">${meta.join(' · ')}</p>
${result.quick ? `<p class="quick-note">${esc(QUICK_RUN_NOTE)}</p>\n` : ''}${warningsHtml(result.warnings)}
${predictionTable(result.predictions)}
${noFigures}${figureHtml.join('\n')}
<details><summary>scenario (normalised)</summary><pre>${esc(JSON.stringify(result.scenario, null, 2))}</pre></details>
</section>`;
}

/** 'fail' when a judged prediction fails, 'pass' when every judged one passes, 'none' when nothing was judged. */
function summaryClass(predictions: readonly Prediction[]): string {
  const c = verdictCounts(predictions);
  return c.fail > 0 ? 'fail' : c.pass > 0 ? 'pass' : 'none';
}

function verdictBadge(result: Result): string {
  return `<span class="badge ${summaryClass(result.predictions)}" data-count>${esc(countLine(result.predictions))}</span>`;
}

const VERDICT_CLASS: Record<Verdict, string> = { PASS: 'pass', FAIL: 'fail', 'N/E': 'ne', INFO: 'info' };

function warningsHtml(warnings: string[]): string {
  if (!warnings || warnings.length === 0) return '';
  return `<div class="warnings"><h3>Warnings</h3><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>`;
}

function predictionTable(predictions: Prediction[]): string {
  if (predictions.length === 0) return '<p class="note">No predictions in this result.</p>';
  const rows = predictions.map((p) => {
    const contrast = p.expect === 'disagree' ? ' <span class="contrast" title="a theory expected to be wrong here: the data must reject it">contrast</span>' : '';
    const alternative = p.alternative ? `${esc(alternativeText(p))}<div class="desc">${esc(p.alternative.means)}</div>` : '—';
    const notes = [
      ...(p.summary ? [`<div class="summary-line">${esc(p.summary)}</div>`] : []),
      ...(p.verdict === 'N/E' && p.notEvaluable ? [`<div class="reason">N/E: ${esc(p.notEvaluable)}</div>`] : []),
    ];
    return `<tr class="${VERDICT_CLASS[p.verdict]}" data-id="${esc(p.id)}" data-verdict="${esc(p.verdict)}">
<td class="verdict">${esc(p.verdict)}</td>
<td><code>${esc(p.id)}</code><div class="desc">${esc(p.description)}</div>${notes.join('')}</td>
<td class="num">${fmt(p.predicted)}</td>
<td class="num">${fmt(p.measured)} ± ${fmt(p.stdError)}</td>
<td class="num">${esc(zText(p, 2))}</td>
<td class="num">${esc(needText(p))}${contrast}</td>
<td class="num">${alternative}</td>
</tr>`;
  });
  return `<table class="predictions">
<thead><tr><th></th><th>prediction</th><th>predicted</th><th>measured ± s.e.</th><th>z</th><th>needed</th><th>alternative</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

const STYLE = `
body { font-family: ${FONT_STACK}; color: #1d1d1d; margin: 0 auto; max-width: 1100px; padding: 1.2rem 1.6rem 3rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.2rem 0; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.3rem; border-top: 2px solid #ddd; padding-top: 1.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
.badge { font-size: 0.8rem; font-weight: bold; padding: 0.1rem 0.45rem; border-radius: 4px; vertical-align: middle; }
.meta { color: #555; font-size: 0.92rem; margin: 0.2rem 0; }
.summary { font-weight: bold; display: inline-block; padding: 0.2rem 0.6rem; border-radius: 4px; }
.summary.pass, .badge.pass, tr.pass td.verdict { background: #dcefe3; color: #0b5d2e; }
.summary.fail, .badge.fail, tr.fail td.verdict { background: #fbdcdb; color: #9b1419; }
.summary.none, .badge.none, tr.ne td.verdict { background: #fdf0cf; color: #6b4e00; }
tr.info td.verdict { background: #e4ecf7; color: #1f3f6b; }
.summary-line { color: #333; font-size: 0.85rem; margin-top: 0.2rem; }
.reason { color: #6b4e00; font-size: 0.85rem; margin-top: 0.2rem; }
table.predictions { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; width: 100%; }
table.predictions th, table.predictions td { border-bottom: 1px solid #e2e2e2; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
table.predictions td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.verdict { font-weight: bold; text-align: center; }
.desc { color: #555; font-size: 0.85rem; }
.contrast { font-size: 0.75rem; color: #555; border: 1px solid #bbb; border-radius: 3px; padding: 0 0.25rem; }
.warnings { background: #fff6dd; border-left: 4px solid #e69f00; padding: 0.3rem 0.9rem; margin: 0.8rem 0; }
.warnings h3 { margin: 0.3rem 0; }
.note { color: #555; font-style: italic; }
.quick-note { background: #eef4fb; border-left: 4px solid #0072b2; padding: 0.3rem 0.9rem; margin: 0.8rem 0; }
figure { margin: 1.4rem 0; }
figcaption { color: #444; font-size: 0.9rem; max-width: 60rem; }
.view.failed { color: #9b1419; }
.files { color: #888; font-size: 0.8rem; }
details { margin: 1rem 0; } pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; }
nav ol { margin: 0.4rem 0; }
`;
