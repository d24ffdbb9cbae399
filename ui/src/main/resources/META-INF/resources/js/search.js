// The home page: as-you-type search over the catalog with facet counts that filter when clicked.
import { api, isMissingEndpoint } from './api.js';
import { h, replace, highlighted, route, errorNotice, empty, tagChips, formatNumber } from './dom.js';
import { healthSlot, decorateHits } from './health.js';

const PAGE = 20;
const DEBOUNCE_MS = 200;
const OBJECT_TYPES = new Set(['entity', 'source', 'feature_view', 'feature', 'feature_service']);
const FEATURE_KINDS = new Set(['numeric', 'categorical']);
// facets the page knows how to label, in the order they are shown; others follow in the server's order
const FACETS = [
  ['type', 'Object type'], ['kind', 'Feature kind'], ['value_type', 'Value type'], ['owner', 'Owner'],
  ['tag', 'Tag'], ['entity', 'Entity'], ['project', 'Project'],
];
const FACET_LABELS = new Map(FACETS);
const TYPE_LABELS = {
  entity: 'Entity', source: 'Source', feature_view: 'Feature view', feature: 'Feature', feature_service: 'Feature service',
};

const controllers = new WeakMap();

export function searchPage(container, args, query) {
  document.title = 'Search · Granary';
  const controller = new SearchController(container);
  controllers.set(container, controller);
  controller.load(query);
}
searchPage.keepsState = true;
searchPage.update = (container, query) => controllers.get(container)?.load(query);

class SearchController {
  constructor(container) {
    this.filters = new Map();
    this.offset = 0;
    this.sequence = 0;
    this.abort = null;
    this.timer = null;
    this.shownHits = 0;

    this.input = h('input', {
      type: 'search', id: 'search-input', name: 'q', autocomplete: 'off', spellcheck: 'false',
      placeholder: 'Search features, views, entities, sources, services…', 'aria-describedby': 'search-hint',
      'data-testid': 'search-input', oninput: () => this.schedule(),
    });
    const form = h('form', { role: 'search', class: 'search-form', onsubmit: e => { e.preventDefault(); this.runNow(); } },
      h('label', { for: 'search-input', class: 'visually-hidden' }, 'Search the feature catalog'),
      this.input,
      h('button', { type: 'submit', class: 'primary' }, 'Search'));
    this.status = h('p', { class: 'result-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'result-status' });
    this.facets = h('aside', { class: 'facets', 'aria-label': 'Filters', 'data-testid': 'facets' });
    this.results = h('ol', { class: 'hits', 'data-testid': 'hits', 'aria-label': 'Search results' });
    this.more = h('div', { class: 'more' });
    this.message = h('div', { class: 'search-message' });
    replace(container,
      h('h1', { class: 'visually-hidden' }, 'Search the feature catalog'),
      form,
      h('p', { id: 'search-hint', class: 'hint' },
        'Type to search names and descriptions; click a filter to narrow the results.'),
      h('div', { class: 'search-layout' }, this.facets,
        h('div', { class: 'results' }, this.status, this.message, this.results, this.more)));
    this.input.focus();
  }

  /** Takes q and filters from the address (?q=...&type=feature) and searches. */
  load(query) {
    const q = query.get('q') ?? '';
    if (this.input.value !== q) this.input.value = q;
    this.filters = new Map();
    for (const [key] of FACETS) {
      const value = query.get(key);
      if (value) this.filters.set(key, value);
    }
    this.runNow();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runNow(), DEBOUNCE_MS);
  }

  runNow() {
    clearTimeout(this.timer);
    this.offset = 0;
    this.syncAddress();
    this.fetch(false);
  }

  toggle(facet, value) {
    if (this.filters.get(facet) === value) this.filters.delete(facet);
    else this.filters.set(facet, value);
    this.runNow();
  }

  syncAddress() {
    const params = new URLSearchParams();
    if (this.input.value.trim()) params.set('q', this.input.value.trim());
    for (const [key, value] of this.filters) params.set(key, value);
    const hash = params.toString() ? `#/?${params}` : '#/';
    // replaceState does not fire hashchange: the page (and the caret in the box) stays as it is
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  async fetch(appending) {
    const sequence = ++this.sequence;
    this.abort?.abort();
    this.abort = new AbortController();
    const params = { q: this.input.value.trim(), limit: PAGE, offset: this.offset };
    for (const [key, value] of this.filters) params[key] = value;
    this.status.textContent = 'Searching…';
    this.status.classList.add('busy');
    let answer;
    try {
      answer = await api.search(params, this.abort.signal);
    } catch (e) {
      if (e.name === 'AbortError' || sequence !== this.sequence) return;
      this.status.classList.remove('busy');
      this.status.textContent = '';
      replace(this.results);
      replace(this.more);
      replace(this.facets);
      if (isMissingEndpoint(e)) {
        replace(this.message, h('div', { class: 'notice error', role: 'alert', 'data-testid': 'error' },
          h('strong', null, 'Search is not available on this server. '),
          'It does not answer GET /api/v1/search yet; you can still ', h('a', { href: '#/projects' }, 'browse projects'),
          ' and their features.'));
      } else {
        replace(this.message, errorNotice(e, 'Search failed'));
      }
      return;
    }
    if (sequence !== this.sequence) return;
    this.status.classList.remove('busy');
    replace(this.message);
    const hits = Array.isArray(answer.hits) ? answer.hits : [];
    const total = Number(answer.total ?? answer.totalHits ?? hits.length);
    if (!appending) {
      replace(this.results);
      this.shownHits = 0;
    }
    this.results.append(...hits.map((hit, i) => hitItem(normalise(hit), this.shownHits + i)));
    decorateHits(this.results.querySelectorAll('.health-slot:empty'));
    this.shownHits += hits.length;
    this.status.textContent = total === 0 ? '' : `${formatNumber(total)} result${total === 1 ? '' : 's'}`
      + (this.shownHits < total ? ` · showing ${formatNumber(this.shownHits)}` : '');
    if (total === 0) {
      replace(this.message, empty(this.filters.size > 0
        ? 'Nothing matches this search with these filters. Remove a filter or try other words.'
        : params.q ? 'Nothing matches this search. Try other words, or a shorter prefix.'
          : 'The catalog is empty: apply a feature repository (granary apply) and its objects appear here.'));
    }
    this.renderFacets(answer.facets ?? {});
    replace(this.more, this.shownHits < total
      ? h('button', { type: 'button', class: 'secondary', 'data-testid': 'more', onclick: () => {
        this.offset = this.shownHits;
        this.fetch(true);
      } }, `Show more (${formatNumber(total - this.shownHits)} left)`)
      : null);
  }

  renderFacets(facets) {
    const keys = [...FACETS.map(([k]) => k).filter(k => k in facets || this.filters.has(k)),
      ...Object.keys(facets).filter(k => !FACET_LABELS.has(k))];
    const groups = [];
    if (this.filters.size > 0) {
      groups.push(h('button', { type: 'button', class: 'link-button', 'data-testid': 'clear-filters', onclick: () => {
        this.filters.clear();
        this.runNow();
      } }, 'Clear all filters'));
    }
    for (const key of keys) {
      const counts = facetCounts(facets[key]);
      const selected = this.filters.get(key);
      if (selected && !counts.some(c => c.value === selected)) counts.unshift({ value: selected, count: 0 });
      if (counts.length === 0) continue;
      const headingId = `facet-${key}`;
      groups.push(h('section', { class: 'facet', 'aria-labelledby': headingId, 'data-facet': key },
        h('h2', { id: headingId }, FACET_LABELS.get(key) ?? key),
        h('ul', null, counts.map(({ value, count }) => h('li', null,
          h('button', {
            type: 'button', class: 'facet-value', 'aria-pressed': String(selected === value),
            'data-facet': key, 'data-value': value, 'data-testid': 'facet-value',
            onclick: () => this.toggle(key, value),
          }, h('span', { class: 'facet-label' }, facetValueLabel(key, value)),
          h('span', { class: 'count', 'data-testid': 'facet-count' }, formatNumber(count))))))));
    }
    replace(this.facets, groups);
  }
}

/** Facet counts as [{value, count}] from either {"value": n} or [{"value", "count"}]. */
function facetCounts(raw) {
  if (Array.isArray(raw)) return raw.map(c => ({ value: String(c.value), count: Number(c.count) }));
  return Object.entries(raw ?? {}).map(([value, count]) => ({ value, count: Number(count) }));
}

function facetValueLabel(key, value) {
  return key === 'type' ? (TYPE_LABELS[value] ?? value) : value;
}

/** One hit whatever names the server uses for the object type, value type and feature kind. */
function normalise(hit) {
  const pick = (...candidates) => candidates.find(c => typeof c === 'string' && c !== '') ?? '';
  const objectType = pick(hit.objectType, OBJECT_TYPES.has(hit.type) ? hit.type : null,
    OBJECT_TYPES.has(hit.kind) ? hit.kind : null);
  const valueType = pick(hit.valueType, hit.value_type, !OBJECT_TYPES.has(hit.type) ? hit.type : null);
  const featureKind = pick(hit.featureKind, FEATURE_KINDS.has(hit.kind) ? hit.kind : null);
  return { ...hit, objectType, valueType, featureKind, view: hit.view ?? '', highlights: hit.highlights ?? {} };
}

function hitHref(hit) {
  if (hit.objectType === 'feature' && hit.view) return route('projects', hit.project, 'features', hit.view, hit.name);
  if (hit.objectType === 'feature_view') return `${route('projects', hit.project)}?view=${encodeURIComponent(hit.name)}`;
  const anchor = { feature_service: 'service', entity: 'entity', source: 'source' }[hit.objectType];
  if (hit.objectType === 'feature_service') return route('projects', hit.project, 'services', hit.name);
  if (anchor) return `${route('projects', hit.project)}?${anchor}=${encodeURIComponent(hit.name)}`;
  return route('projects', hit.project);
}

function hitItem(hit, index) {
  const name = hit.highlights.name ? highlighted(hit.highlights.name) : [hit.name];
  const description = hit.highlights.description
    ? highlighted(hit.highlights.description)
    : hit.description ? [hit.description] : null;
  const why = matchedText(hit.matched);
  return h('li', { class: 'hit', 'data-testid': 'hit', 'data-rank': index + 1, 'data-type': hit.objectType,
    title: why ?? null, 'data-matched': why ?? null },
    h('div', { class: 'hit-head' },
      h('span', { class: `badge badge-${hit.objectType || 'other'}`, 'data-testid': 'hit-type' },
        TYPE_LABELS[hit.objectType] ?? (hit.objectType || 'object')),
      h('a', { class: 'hit-name', href: hitHref(hit), 'data-testid': 'hit-name' },
        hit.view ? h('span', { class: 'hit-view' }, `${hit.view}:`) : null, name),
      hit.valueType ? h('span', { class: 'type', 'data-testid': 'hit-value-type' }, hit.valueType) : null,
      hit.featureKind ? h('span', { class: 'kind' }, hit.featureKind) : null,
      hit.restricted ? h('span', { class: 'chip warn', 'data-testid': 'hit-restricted',
        title: 'Reading its values and statistics needs a grant' }, 'restricted') : null,
      healthSlot(hit),
      h('span', { class: 'hit-project' }, 'in ', h('a', { href: route('projects', hit.project) }, hit.project))),
    description
      ? h('p', { class: 'hit-description', 'data-testid': 'hit-description' }, description)
      : h('p', { class: 'hit-description muted' }, 'No description'),
    h('div', { class: 'hit-meta' },
      hit.owner ? h('span', { class: 'owner' }, 'Owner ', h('strong', null, hit.owner)) : null,
      tagChips(hit.tags),
      hit.stats ? h('span', { class: 'hit-stats' }, statsLine(hit.stats)) : null));
}

/** Why a hit was found, for its tooltip: "Matched: name (spending), view (customer)". */
function matchedText(matched) {
  const parts = Object.entries(matched ?? {}).map(([field, words]) => `${field} (${words.join(', ')})`);
  return parts.length ? `Matched: ${parts.join(', ')}` : null;
}

function statsLine(stats) {
  const parts = [`${formatNumber(100 * (stats.nullFraction ?? 0), 1)}% null`, `${formatNumber(stats.distinctCount ?? 0)} distinct`];
  if (stats.min != null && stats.max != null) parts.push(`${formatNumber(stats.min)} – ${formatNumber(stats.max)}`);
  return parts.join(' · ');
}
