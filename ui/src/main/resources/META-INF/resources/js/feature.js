// One feature: definition, statistics (with a histogram or top values), lineage down to its consumers (feature
// services, training sets), usage, freshness and snippets for using it.
import { api } from './api.js';
import { h, replace, route, loading, errorNotice, empty, formatNumber, formatTime, formatSeconds, definitions,
  section, tagChips } from './dom.js';
import { breadcrumbs } from './project.js';
import { featureSnippets } from './snippets.js';
import { featureHealth } from './health.js';

export async function featurePage(container, [project, view, feature]) {
  document.title = `${view}:${feature} · Granary`;
  const crumbs = breadcrumbs(project,
    h('a', { href: `${route('projects', project)}?view=${encodeURIComponent(view)}` }, view), feature);
  const heading = h('h1', null, h('span', { class: 'eyebrow' }, 'Feature'),
    h('span', { class: 'muted' }, `${view}:`), feature);
  replace(container, crumbs, heading, loading(`feature ${view}:${feature}`));
  let detail;
  try {
    detail = await api.feature(project, view, feature);
  } catch (e) {
    replace(container, crumbs, heading, errorNotice(e, `Could not load feature ${view}:${feature}`));
    return;
  }
  const definition = detail.definition ?? {};
  const health = h('div', { 'data-testid': 'health-panels' });
  replace(container, crumbs, heading,
    definition.description ? h('p', { class: 'lead', 'data-testid': 'feature-description' }, definition.description) : null,
    h('div', { class: 'detail-grid' },
      section('Definition', 'definition', definitionFacts(project, detail)),
      section('Lineage', 'lineage', lineage(project, detail)),
      section('Usage', 'usage', usageFacts(detail.usage ?? {})),
      section('Freshness', 'freshness', freshnessFacts(detail))),
    section('Use it', 'snippets', featureSnippets({ project, view, feature, joinKeys: definition.joinKeys })),
    section('Statistics', 'statistics', statistics(detail.statistics)),
    section('Health', 'health', health));
  featureHealth(health, project, view, feature, detail.lineage?.featureServices ?? []);
}

function definitionFacts(project, detail) {
  const d = detail.definition ?? {};
  const a = d.aggregation;
  return definitions([
    ['Kind', d.kind],
    ['Value type', d.type ? h('span', { class: 'type' }, d.type) : 'known from the Parquet schema only'],
    ['Aggregation', a ? `${a.function}(${a.column}) over ${formatSeconds(a.windowSeconds)}` : null],
    ['Source column', d.sourceColumn ? h('code', null, d.sourceColumn) : null],
    ['Entities', (d.entities ?? []).join(', ') || null],
    ['Join keys', (d.joinKeys ?? []).length ? (d.joinKeys).map(k => h('code', { class: 'key' }, k)) : null],
    ['TTL', d.ttlSeconds != null ? formatSeconds(d.ttlSeconds) : null],
    ['Served online', d.online == null ? null : d.online ? 'yes' : 'no'],
    ['Restricted', d.restricted ? 'yes: reading its values and statistics needs a grant' : null],
    ['Owner', d.owner || null],
    ['Tags', tagChips(d.tags)],
    ['Spec version', detail.specVersion != null
      ? h('a', { href: route('projects', project, 'versions', detail.specVersion) }, `v${detail.specVersion}`) : null],
  ], { 'data-testid': 'definition-facts' });
}

function lineage(project, detail) {
  const l = detail.lineage ?? {};
  const source = l.source ?? {};
  const services = l.featureServices ?? [];
  const trainingSets = l.trainingSets ?? [];
  const step = (label, content) => h('li', { class: 'lineage-step' }, h('span', { class: 'lineage-label' }, label), content);
  return h('ol', { class: 'lineage', 'aria-label': 'From source to feature services', 'data-testid': 'lineage-chain' },
    step('Source', h('div', null,
      h('a', { href: route('projects', project), 'data-testid': 'lineage-source' }, source.name ?? '—'),
      source.path ? h('div', { class: 'muted small' }, h('code', null, source.path)) : null,
      source.timestampField ? h('div', { class: 'muted small' }, `event time: ${source.timestampField}`) : null)),
    step('Feature view', h('a', { href: `${route('projects', project)}?view=${encodeURIComponent(l.view ?? detail.view)}`,
      'data-testid': 'lineage-view' }, l.view ?? detail.view)),
    step('Feature', h('strong', null, detail.name)),
    step('Feature services', services.length
      ? h('ul', { class: 'chips' }, services.map(s => h('li', { class: 'chip' },
        h('a', { href: route('projects', project, 'services', s), 'data-testid': 'lineage-service' }, s))))
      : h('span', { class: 'muted' }, 'no feature service lists it')),
    step('Training sets', trainingSets.length
      ? h('table', { class: 'table compact', 'data-testid': 'lineage-training-sets' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Exported'), h('th', { scope: 'col' }, 'Rows'),
          h('th', { scope: 'col' }, 'Output'), h('th', { scope: 'col' }, 'Version'))),
        h('tbody', null, trainingSets.map(t => h('tr', { 'data-testid': 'lineage-training-set' },
          h('td', null, h('time', { datetime: t.createdAt }, formatTime(t.createdAt))),
          h('td', { class: 'num', 'data-testid': 'training-set-rows' }, formatNumber(t.rowCount)),
          h('td', null, h('code', null, t.output ?? '')),
          h('td', null, h('a', { href: route('projects', project, 'versions', t.specVersion) }, `v${t.specVersion}`))))))
      : h('span', { class: 'muted' }, 'no training set has been exported with it')));
}

function usageFacts(usage) {
  return definitions([
    ['Feature services', formatNumber(usage.services ?? 0)],
    ['Training-set exports', formatNumber(usage.exports ?? 0)],
    ['Online lookups', formatNumber(usage.lookups ?? 0)],
  ], { 'data-testid': 'usage-facts' });
}

function freshnessFacts(detail) {
  const f = detail.freshness ?? {};
  return definitions([
    ['Online up to', f.watermark ? h('time', { datetime: f.watermark }, formatTime(f.watermark)) : 'never materialized'],
    ['Newest event seen', f.newestEventTime ? h('time', { datetime: f.newestEventTime }, formatTime(f.newestEventTime)) : 'unknown'],
    ['Statistics computed', detail.statistics?.computedAt
      ? h('time', { datetime: detail.statistics.computedAt }, formatTime(detail.statistics.computedAt)) : null],
  ], { 'data-testid': 'freshness-facts' });
}

function statistics(stored) {
  if (!stored || !stored.stats) {
    return empty('No statistics have been computed for this feature yet (granary stats, or apply --stats).');
  }
  const s = stored.stats;
  const count = Number(s.count ?? 0);
  const percent = n => count > 0 ? ` (${formatNumber(100 * n / count, 2)}%)` : '';
  const numeric = String(s.kind ?? '').toUpperCase() === 'NUMERIC';
  return h('div', { class: 'stats' },
    h('p', { class: 'muted small' },
      `Over events ${formatTime(stored.rangeStart)} – ${formatTime(stored.rangeEnd)}`,
      s.basis === 'AGGREGATION_INPUT' ? ` · of the aggregation's input column ${s.column}` : '',
      s.aggregation ? ` (${s.aggregation})` : ''),
    definitions([
      ['Rows', formatNumber(count)],
      ['Nulls', formatNumber(s.nullCount ?? 0) + percent(s.nullCount ?? 0)],
      ['NaN', s.nanCount ? formatNumber(s.nanCount) + percent(s.nanCount) : null],
      ['Distinct (approx.)', formatNumber(s.distinctCount ?? 0)],
      ['Min', numeric ? formatNumber(s.min) : null],
      ['Max', numeric ? formatNumber(s.max) : null],
      ['Mean', numeric ? formatNumber(s.mean) : null],
      ['Std. deviation', numeric ? formatNumber(s.stddev) : null],
    ], { class: 'facts stat-grid', 'data-testid': 'stat-facts' }),
    (s.quantiles ?? []).length ? quantiles(s.quantiles) : null,
    (s.histogram ?? []).length ? histogram(s.histogram) : null,
    (s.topValues ?? []).length ? topValues(s.topValues, count) : null);
}

function quantiles(list) {
  return h('table', { class: 'table compact', 'data-testid': 'quantiles' },
    h('caption', null, 'Quantiles (approx.)'),
    h('thead', null, h('tr', null, list.map(q => h('th', { scope: 'col' }, `p${formatNumber(q.rank * 100, 1)}`)))),
    h('tbody', null, h('tr', null, list.map(q => h('td', { class: 'num' }, formatNumber(q.value))))));
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** Bars of the histogram in inline SVG, each with a <title> giving its range and count. */
function histogram(bins) {
  const width = 600;
  const height = 140;
  const max = Math.max(1, ...bins.map(b => Number(b.count)));
  const barWidth = width / bins.length;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 20}`, class: 'histogram', role: 'img',
    'aria-label': `Histogram of ${bins.length} bins from ${formatNumber(bins[0].lower)} to ${formatNumber(bins.at(-1).upper)}`,
    'data-testid': 'histogram' });
  bins.forEach((b, i) => {
    const barHeight = Math.max(Number(b.count) > 0 ? 1 : 0, (Number(b.count) / max) * height);
    const title = svg('title', {});
    title.textContent = `[${formatNumber(b.lower)}, ${formatNumber(b.upper)}): ${formatNumber(b.count)}`;
    chart.append(svg('rect', { x: i * barWidth + 1, y: height - barHeight, width: Math.max(1, barWidth - 2),
      height: barHeight, rx: 2, class: 'bar', 'data-testid': 'histogram-bar' }, title));
  });
  const low = svg('text', { x: 0, y: height + 16, class: 'axis' });
  low.textContent = formatNumber(bins[0].lower);
  const high = svg('text', { x: width, y: height + 16, class: 'axis', 'text-anchor': 'end' });
  high.textContent = formatNumber(bins.at(-1).upper);
  chart.append(low, high);
  return h('figure', { class: 'chart' }, h('figcaption', null, 'Distribution (approx.)'), chart);
}

/** Frequent values of a categorical feature as CSS bars, widths relative to the row count. */
function topValues(values, count) {
  const max = Math.max(1, ...values.map(v => Number(v.estimate)));
  return h('figure', { class: 'chart' }, h('figcaption', null, 'Most frequent values (approx.)'),
    h('ol', { class: 'top-values', 'data-testid': 'top-values' }, values.map(v => h('li', null,
      h('span', { class: 'top-value' }, v.value),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' },
        h('span', { class: 'bar-fill', style: `width: ${(100 * Number(v.estimate) / max).toFixed(1)}%` })),
      h('span', { class: 'num' }, formatNumber(v.estimate),
        count > 0 ? h('span', { class: 'muted' }, ` · ${formatNumber(100 * v.estimate / count, 1)}%`) : null)))));
}
