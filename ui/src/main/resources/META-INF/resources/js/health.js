// Feature health: the health page of a feature service (status per feature, worst first, with the measures that
// caused it), the health panel of a feature page (reference and current distributions overlaid, the measures, the
// history of the main measure) and the badges of search hits. Everything comes from the public API: the stored
// scheduled checks (.../health/history) and the on-demand check (.../health), under the same access rules as any
// client; a service holding a restricted feature the token lacks answers 403, shown as the server's message.
import { api, ApiError } from './api.js';
import { h, replace, route, loading, errorNotice, empty, formatNumber, formatTime, section } from './dom.js';
import { breadcrumbs } from './project.js';

const STATUS_RANK = { ok: 0, warn: 1, alert: 2 };
const MEASURE_LABELS = {
  psi: 'PSI', jsDivergence: 'JS divergence', ksDistance: 'KS distance', nullRateIncrease: 'null-rate increase',
  rangeViolations: 'range violations', newCategories: 'new categories', missingCategories: 'missing categories',
  notFoundRate: 'NOT_FOUND rate', outsideMaxAgeRate: 'OUTSIDE_MAX_AGE rate', staleness: 'staleness (TTLs)',
};
const SVG = 'http://www.w3.org/2000/svg';

/** A status badge: ok, warn or alert, as text (never colour alone). */
export function healthBadge(status, attrs) {
  const s = STATUS_RANK[status] != null ? status : 'unknown';
  return h('span', { class: `health-badge health-${s}`, 'data-testid': 'health-badge', 'data-status': s, ...attrs }, s);
}

function worse(a, b) {
  return (STATUS_RANK[b] ?? -1) > (STATUS_RANK[a] ?? -1) ? b : a;
}

function worstFirst(features) {
  return [...features].sort((a, b) => (STATUS_RANK[b.status] ?? 0) - (STATUS_RANK[a.status] ?? 0)
    || String(a.name).localeCompare(String(b.name)));
}

function measureText(m) {
  return `${MEASURE_LABELS[m.measure] ?? m.measure} ${formatNumber(m.value)} ≥ ${m.status} at ${formatNumber(
    m.status === 'alert' ? m.threshold : m.threshold / 2)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The health page of a feature service

export async function healthPage(container, [project, service]) {
  document.title = `Health of ${service} · Granary`;
  const crumbs = breadcrumbs(project, h('a', { href: route('projects', project, 'services', service) }, service), 'health');
  const heading = h('h1', null, h('span', { class: 'eyebrow' }, 'Feature service health'), service);
  const body = h('div', { 'data-testid': 'health-page' });
  replace(container, crumbs, heading, body);
  replace(body, loading(`the health of ${service}`));
  let stored;
  try {
    stored = await api.healthHistory(project, service, { limit: 1 });
  } catch (e) {
    replace(body, errorNotice(e, `Could not load the health of ${service}`));
    return;
  }
  const latest = stored.checks?.[0];
  const runNow = h('button', { type: 'button', 'data-testid': 'health-check-now', onclick: () => checkNow() },
    'Check now');
  const report = h('div', { 'data-testid': 'health-report' });
  async function checkNow() {
    runNow.disabled = true;
    replace(report, loading(`a health check of ${service}`));
    try {
      const live = await api.health(project, service);
      replace(report, reportView(project, live, 'checked now'));
    } catch (e) {
      replace(report, errorNotice(e, `The health check of ${service} failed`));
    } finally {
      runNow.disabled = false;
    }
  }
  replace(body, h('p', { class: 'toolbar' }, runNow,
    h('span', { class: 'muted small' }, ' Runs a check while you wait (the window ends now).')), report);
  if (latest) {
    replace(report, reportView(project, { ...latest, project, service }, 'latest scheduled check'));
  } else {
    replace(report, empty('No scheduled check is stored for this service (monitoring.interval is off, the service'
      + ' does not log, or the first round has not run). Checking now…'));
    checkNow();
  }
}

function reportView(project, r, origin) {
  const features = worstFirst(r.features ?? []);
  const counts = { alert: 0, warn: 0, ok: 0 };
  for (const f of features) counts[f.status] = (counts[f.status] ?? 0) + 1;
  return h('div', null,
    h('p', { class: 'health-summary', 'data-testid': 'health-summary' }, healthBadge(r.status, { 'data-testid': 'health-status' }),
      ` ${counts.alert} alerting, ${counts.warn} warning, ${counts.ok} ok · ${r.mode} · ${origin} `,
      h('time', { datetime: r.checkedAt }, formatTime(r.checkedAt))),
    h('p', { class: 'muted small' }, `Reference: ${r.reference ?? '—'} · current: ${r.current ?? '—'}`),
    h('table', { class: 'table', 'data-testid': 'health-table' },
      h('thead', null, h('tr', null, ['Feature', 'Status', 'Caused by', 'PSI', 'JS', 'KS', 'Nulls +', 'Note']
        .map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, features.map(f => {
        const value = name => {
          const m = (f.measures ?? []).find(x => x.measure === name);
          return h('td', { class: 'num' }, m ? formatNumber(m.value) : '—');
        };
        return h('tr', { 'data-testid': 'health-row', 'data-feature': f.name, 'data-status': f.status },
          h('td', null, h('a', { href: route('projects', project, 'features', f.view, f.feature) }, f.name)),
          h('td', null, healthBadge(f.status)),
          h('td', { 'data-testid': 'health-causes' }, (f.causes ?? []).length
            ? h('ul', { class: 'plain' }, f.causes.map(c => h('li', null, measureText(c)))) : '—'),
          value('psi'), value('jsDivergence'), value('ksDistance'), value('nullRateIncrease'),
          h('td', { class: 'muted small' }, [f.note, (f.newCategories ?? []).length
            ? `new: ${f.newCategories.join(', ')}` : null].filter(Boolean).join(' · ') || ''));
      }))));
}

// ---------------------------------------------------------------------------------------------------------------
// The health panel of a feature page

/** Adds to `container` the health of feature view:feature in each service listing it that has stored checks. */
export async function featureHealth(container, project, view, feature, services) {
  if (!services.length) {
    replace(container, empty('No feature service lists this feature, so nothing checks its health.'));
    return;
  }
  replace(container, loading('health checks'));
  const name = `${view}:${feature}`;
  const panels = await Promise.all(services.map(async service => {
    try {
      const history = await api.healthHistory(project, service, { feature: name, limit: 100 });
      return (history.checks ?? []).length ? servicePanel(project, service, name, history.checks) : null;
    } catch (e) {
      return h('div', { class: 'health-service' }, h('h3', null, service), errorNotice(e, `Health of ${service}`));
    }
  }));
  const shown = panels.filter(Boolean);
  replace(container, shown.length ? shown
    : empty(`No scheduled health check is stored for ${services.join(', ')} (monitoring.interval in granary.yaml).`));
}

function servicePanel(project, service, name, checks) {
  const latest = checks[0];
  const f = latest.features.find(x => x.name === name) ?? latest.features[0];
  const numeric = String(f.reference?.kind ?? f.current?.kind ?? '').toUpperCase() === 'NUMERIC';
  const main = numeric ? 'psi' : 'jsDivergence';
  return h('div', { class: 'health-service', 'data-testid': 'feature-health', 'data-service': service },
    h('h3', null, h('a', { href: route('projects', project, 'services', service, 'health') }, service), ' ',
      healthBadge(f.status), h('span', { class: 'muted small' }, ` ${latest.mode}, `,
        h('time', { datetime: latest.checkedAt }, formatTime(latest.checkedAt)))),
    h('p', { class: 'muted small' }, `Reference: ${latest.reference} · current: ${latest.current}`),
    f.note ? h('p', { class: 'notice' }, f.note) : null,
    numeric ? overlaidHistograms(f.reference, f.current) : overlaidCategories(f.reference, f.current),
    measuresTable(f),
    trend(checks, name, main));
}

function measuresTable(f) {
  if (!(f.measures ?? []).length) return null;
  return h('table', { class: 'table compact', 'data-testid': 'health-measures' },
    h('thead', null, h('tr', null, ['Measure', 'Value', 'Alert at', 'Status'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, f.measures.map(m => h('tr', { 'data-measure': m.measure },
      h('td', null, MEASURE_LABELS[m.measure] ?? m.measure), h('td', { class: 'num' }, formatNumber(m.value)),
      h('td', { class: 'num' }, formatNumber(m.threshold)), h('td', null, healthBadge(m.status))))));
}

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text != null) {
    const title = document.createElementNS(SVG, 'title');
    title.textContent = text;
    el.append(title);
  }
  return el;
}

function label(x, y, text, anchor) {
  const t = svg('text', { x, y, class: 'axis', 'text-anchor': anchor ?? 'start' });
  t.textContent = text;
  return t;
}

/**
 * The reference and current histograms on one axis. Their bins differ (each side's own sketch), so each bar is
 * drawn as a density (share of the side's values per unit of x): equal distributions overlap whatever their sizes.
 */
function overlaidHistograms(reference, current) {
  const sides = [['reference', reference?.histogram ?? []], ['current', current?.histogram ?? []]]
    .filter(([, bins]) => bins.length);
  if (!sides.length) return empty('No histogram on either side (no values in range).');
  const lo = Math.min(...sides.flatMap(([, bins]) => bins.map(b => Number(b.lower))));
  const hi = Math.max(...sides.flatMap(([, bins]) => bins.map(b => Number(b.upper))));
  const span = hi > lo ? hi - lo : 1;
  const density = bins => {
    const total = bins.reduce((n, b) => n + Number(b.count), 0) || 1;
    return bins.map(b => ({ ...b, d: Number(b.count) / total / Math.max(Number(b.upper) - Number(b.lower), span / 1000) }));
  };
  const drawn = sides.map(([side, bins]) => [side, density(bins)]);
  const max = Math.max(...drawn.flatMap(([, bins]) => bins.map(b => b.d))) || 1;
  const width = 600;
  const height = 140;
  const x = v => ((Number(v) - lo) / span) * width;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 20}`, class: 'histogram overlaid', role: 'img',
    'aria-label': `Reference and current distributions from ${formatNumber(lo)} to ${formatNumber(hi)}`,
    'data-testid': 'health-histogram' });
  for (const [side, bins] of drawn) {
    for (const b of bins) {
      const barHeight = b.count > 0 ? Math.max(1, (b.d / max) * height) : 0;
      chart.append(svg('rect', { x: x(b.lower), y: height - barHeight, width: Math.max(1, x(b.upper) - x(b.lower)),
        height: barHeight, class: `bar ${side}`, 'data-testid': `${side}-bar` },
      `${side} [${formatNumber(b.lower)}, ${formatNumber(b.upper)}): ${formatNumber(b.count)}`));
    }
  }
  chart.append(label(0, height + 16, formatNumber(lo)), label(width, height + 16, formatNumber(hi), 'end'));
  return h('figure', { class: 'chart' }, h('figcaption', null, 'Distribution: ',
    h('span', { class: 'legend reference' }, 'reference'), ' and ', h('span', { class: 'legend current' }, 'current'),
    ' (approx., as density)'), chart);
}

/** The frequent values of both sides as paired bars, shares of each side's values. */
function overlaidCategories(reference, current) {
  const ref = new Map((reference?.topValues ?? []).map(v => [v.value, Number(v.estimate)]));
  const cur = new Map((current?.topValues ?? []).map(v => [v.value, Number(v.estimate)]));
  if (!ref.size && !cur.size) return empty('No frequent values on either side.');
  const refTotal = [...ref.values()].reduce((a, b) => a + b, 0) || 1;
  const curTotal = [...cur.values()].reduce((a, b) => a + b, 0) || 1;
  const values = [...new Set([...ref.keys(), ...cur.keys()])].slice(0, 20);
  const bar = (side, share) => h('span', { class: 'bar-track', 'aria-hidden': 'true' },
    h('span', { class: `bar-fill ${side}`, style: `width: ${(100 * share).toFixed(1)}%` }));
  return h('figure', { class: 'chart' }, h('figcaption', null, 'Most frequent values: ',
    h('span', { class: 'legend reference' }, 'reference'), ' and ', h('span', { class: 'legend current' }, 'current')),
  h('ol', { class: 'top-values paired', 'data-testid': 'health-categories' }, values.map(v => {
    const r = (ref.get(v) ?? 0) / refTotal;
    const c = (cur.get(v) ?? 0) / curTotal;
    return h('li', { 'data-value': v }, h('span', { class: 'top-value' }, v),
      h('span', { class: 'pair' }, bar('reference', r), bar('current', c)),
      h('span', { class: 'num' }, `${formatNumber(100 * r, 1)}% → ${formatNumber(100 * c, 1)}%`,
        ref.has(v) ? null : h('strong', { class: 'new' }, ' new')));
  })));
}

/** The main measure over the stored checks, oldest left, with its alert threshold as a dashed line. */
function trend(checks, name, measure) {
  const points = checks.map(c => {
    const f = c.features.find(x => x.name === name);
    const m = f?.measures?.find(x => x.measure === measure);
    return m ? { t: new Date(c.checkedAt).getTime(), at: c.checkedAt, value: Number(m.value), threshold: Number(m.threshold), status: m.status } : null;
  }).filter(Boolean).reverse();
  if (!points.length) return empty(`No ${MEASURE_LABELS[measure]} in the stored checks yet.`);
  const width = 600;
  const height = 90;
  const threshold = points.at(-1).threshold;
  const top = Math.max(threshold, ...points.map(p => p.value)) * 1.1 || 1;
  const t0 = points[0].t;
  const t1 = points.at(-1).t;
  const x = p => (t1 > t0 ? ((p.t - t0) / (t1 - t0)) * (width - 10) : (width - 10) / 2) + 5;
  const y = v => height - (v / top) * height;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 20}`, class: 'trend', role: 'img',
    'aria-label': `${MEASURE_LABELS[measure]} over ${points.length} checks, latest ${formatNumber(points.at(-1).value)}`,
    'data-testid': 'health-trend' });
  chart.append(svg('line', { x1: 0, x2: width, y1: y(threshold), y2: y(threshold), class: 'threshold' },
    `alert at ${formatNumber(threshold)}`));
  chart.append(svg('polyline', { points: points.map(p => `${x(p)},${y(p.value)}`).join(' '), class: 'line' }));
  for (const p of points) {
    chart.append(svg('circle', { cx: x(p), cy: y(p.value), r: 3, class: `point ${p.status}`, 'data-testid': 'trend-point' },
      `${formatTime(p.at)}: ${formatNumber(p.value)} (${p.status})`));
  }
  chart.append(label(0, height + 16, formatTime(points[0].at)),
    label(width, height + 16, formatTime(points.at(-1).at), 'end'));
  return h('figure', { class: 'chart' }, h('figcaption', null, `${MEASURE_LABELS[measure]} over the stored checks`), chart);
}

// ---------------------------------------------------------------------------------------------------------------
// Badges of search hits

const CACHE_MS = 30_000;
const statusCache = new Map();

/**
 * The latest stored status of each feature and service of `project`: {features: Map(view:feature → status),
 * services: Map(name → status)}. Services the token may not read (403) or without stored checks give nothing.
 */
function projectHealth(project) {
  const cached = statusCache.get(project);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.promise;
  const promise = (async () => {
    const features = new Map();
    const services = new Map();
    const spec = await api.project(project);
    await Promise.all((spec.featureServices ?? []).map(async s => {
      let history;
      try {
        history = await api.healthHistory(project, s.name, { limit: 1 });
      } catch (e) {
        if (e instanceof ApiError) return;
        throw e;
      }
      const latest = history.checks?.[0];
      if (!latest) return;
      services.set(s.name, latest.status);
      for (const f of latest.features ?? []) features.set(f.name, worse(features.get(f.name), f.status));
    }));
    return { features, services };
  })();
  statusCache.set(project, { at: Date.now(), promise });
  promise.catch(() => statusCache.delete(project));
  return promise;
}

/** Fills the health slots of search hits (elements with data-health-project) with badges, when known. */
export function decorateHits(elements) {
  for (const slot of elements) {
    const { healthProject: project, healthKind: kind, healthName: name } = slot.dataset;
    projectHealth(project).then(known => {
      const status = kind === 'feature_service' ? known.services.get(name) : known.features.get(name);
      if (status && slot.isConnected) {
        replace(slot, healthBadge(status, { title: `Latest scheduled health check: ${status}` }));
      }
    }, () => {});
  }
}

/** An empty slot a hit's badge lands in once the health of its project is known. */
export function healthSlot(hit) {
  if (hit.objectType !== 'feature' && hit.objectType !== 'feature_service') return null;
  if (!hit.project) return null;
  const name = hit.objectType === 'feature' ? `${hit.view}:${hit.name}` : hit.name;
  return h('span', { class: 'health-slot', 'data-health-project': hit.project, 'data-health-kind': hit.objectType,
    'data-health-name': name });
}
