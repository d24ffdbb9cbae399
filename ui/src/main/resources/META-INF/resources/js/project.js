// Projects: the list, and one project's current spec (views with their features, entities, sources, services).
import { api } from './api.js';
import { h, replace, route, loading, errorNotice, empty, formatTime, formatSeconds, section, tagChips } from './dom.js';
import { serviceSnippets } from './snippets.js';

export async function projectsPage(container) {
  document.title = 'Projects · Granary';
  replace(container, h('h1', null, 'Projects'), loading('projects'));
  let projects;
  try {
    projects = await api.projects();
  } catch (e) {
    replace(container, h('h1', null, 'Projects'), errorNotice(e, 'Could not load the projects'));
    return;
  }
  if (projects.length === 0) {
    replace(container, h('h1', null, 'Projects'),
      empty('No project has been applied yet. Run granary apply in a feature repository, then reload.'));
    return;
  }
  replace(container, h('h1', null, 'Projects'),
    h('table', { class: 'table', 'data-testid': 'projects' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Project'), h('th', { scope: 'col' }, 'Version'),
        h('th', { scope: 'col' }, 'Updated'), h('th', { scope: 'col' }, 'History'))),
      h('tbody', null, projects.map(p => h('tr', null,
        h('td', null, h('a', { href: route('projects', p.name) }, p.name)),
        h('td', { class: 'num' }, p.currentVersion),
        h('td', null, h('time', { datetime: p.updatedAt }, formatTime(p.updatedAt))),
        h('td', null, h('a', { href: route('projects', p.name, 'history') }, 'versions')))))));
}

export async function projectPage(container, [project], query) {
  document.title = `${project} · Granary`;
  const heading = h('h1', null, h('span', { class: 'eyebrow' }, 'Project'), project);
  replace(container, breadcrumbs(project), heading, loading(`project ${project}`));
  let spec;
  try {
    spec = await api.project(project);
  } catch (e) {
    replace(container, breadcrumbs(project), heading, errorNotice(e, `Could not load project ${project}`));
    return;
  }
  const views = spec.featureViews ?? [];
  const services = spec.featureServices ?? [];
  replace(container, breadcrumbs(project), heading,
    h('p', { class: 'lead' },
      `${views.length} feature view${views.length === 1 ? '' : 's'}, `,
      `${views.reduce((n, v) => n + (v.features?.length ?? 0) + (v.aggregations?.length ?? 0), 0)} features, `,
      `${services.length} feature service${services.length === 1 ? '' : 's'} · `,
      h('a', { href: route('projects', project, 'history'), 'data-testid': 'history-link' }, 'Version history')),
    section('Feature views', 'feature-views',
      views.length === 0 ? empty('This project defines no feature views.') : views.map(v => viewCard(project, v))),
    section('Entities', 'entities', entityTable(spec.entities ?? [])),
    section('Sources', 'sources', sourceTable(spec.sources ?? [])),
    section('Feature services', 'feature-services', serviceList(project, services)));
  const kind = ['view', 'service', 'entity', 'source'].find(k => query.get(k));
  const focus = kind ? `${kind}-${query.get(kind)}` : null;
  if (focus) {
    const card = document.getElementById(focus);
    if (card) {
      card.classList.add('focused');
      card.scrollIntoView({ block: 'start' });
    }
  }
}

export function breadcrumbs(project, ...more) {
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
    h('ol', null,
      h('li', null, h('a', { href: '#/projects' }, 'Projects')),
      h('li', null, more.length ? h('a', { href: route('projects', project) }, project)
        : h('span', { 'aria-current': 'page' }, project)),
      more.map((item, i) => h('li', null, i === more.length - 1 && typeof item === 'string'
        ? h('span', { 'aria-current': 'page' }, item) : item))));
}

function viewCard(project, view) {
  const features = view.features ?? [];
  const aggregations = view.aggregations ?? [];
  return h('article', { class: 'card', id: `view-${view.name}`, 'data-testid': 'feature-view', 'data-view': view.name },
    h('header', { class: 'card-head' },
      h('h3', null, view.name),
      view.online === false ? h('span', { class: 'chip' }, 'offline only') : h('span', { class: 'chip ok' }, 'online'),
      tagChips(view.tags)),
    view.description ? h('p', null, view.description) : null,
    h('p', { class: 'muted small' },
      'Entities: ', (view.entities ?? []).join(', ') || '—',
      ' · Source: ', view.source ?? '—',
      ' · TTL: ', formatSeconds(view.ttlSeconds),
      view.owner ? ` · Owner: ${view.owner}` : ''),
    features.length ? h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, `Features of ${view.name}`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Feature'), h('th', { scope: 'col' }, 'Type'),
        h('th', { scope: 'col' }, 'Description'))),
      h('tbody', null, features.map(f => h('tr', null,
        h('td', null, h('a', { href: route('projects', project, 'features', view.name, f.name), 'data-testid': 'feature-link' }, f.name)),
        h('td', null, h('span', { class: 'type' }, f.type)),
        h('td', null, f.description || h('span', { class: 'muted' }, '—')))))) : null,
    aggregations.length ? h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, `Aggregations of ${view.name}`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Aggregation'), h('th', { scope: 'col' }, 'Function'),
        h('th', { scope: 'col' }, 'Window'), h('th', { scope: 'col' }, 'Description'))),
      h('tbody', null, aggregations.map(a => h('tr', null,
        h('td', null, h('a', { href: route('projects', project, 'features', view.name, a.name), 'data-testid': 'feature-link' }, a.name)),
        h('td', null, `${a.function}(${a.column})`),
        h('td', null, formatSeconds(a.windowSeconds)),
        h('td', null, a.description || h('span', { class: 'muted' }, '—')))))) : null);
}

function entityTable(entities) {
  if (entities.length === 0) return empty('No entities.');
  return h('table', { class: 'table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Entity'), h('th', { scope: 'col' }, 'Join keys'),
      h('th', { scope: 'col' }, 'Description'))),
    h('tbody', null, entities.map(e => h('tr', { id: `entity-${e.name}` },
      h('td', null, e.name),
      h('td', null, (e.joinKeys ?? []).map(k => h('code', { class: 'key' }, `${k.name} ${k.type}`))),
      h('td', null, e.description || h('span', { class: 'muted' }, '—'))))));
}

function sourceTable(sources) {
  if (sources.length === 0) return empty('No sources.');
  return h('table', { class: 'table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'Type'),
      h('th', { scope: 'col' }, 'Path'), h('th', { scope: 'col' }, 'Event time'), h('th', { scope: 'col' }, 'Description'))),
    h('tbody', null, sources.map(s => h('tr', { id: `source-${s.name}` },
      h('td', null, s.name),
      h('td', null, s.type ?? '—'),
      h('td', null, h('code', null, s.path ?? '—')),
      h('td', null, s.timestampField ?? '—', s.createdTimestampField ? ` (created: ${s.createdTimestampField})` : ''),
      h('td', null, s.description || h('span', { class: 'muted' }, '—'))))));
}

function serviceList(project, services) {
  if (services.length === 0) return empty('No feature services.');
  return services.map(s => h('article', { class: 'card', id: `service-${s.name}`, 'data-testid': 'feature-service' },
    h('header', { class: 'card-head' }, h('h3', null, h('a', { href: route('projects', project, 'services', s.name) }, s.name)),
      s.owner ? h('span', { class: 'muted small' }, `Owner: ${s.owner}`) : null),
    s.description ? h('p', null, s.description) : null,
    h('ul', { class: 'chips' }, (s.features ?? []).map(ref => {
      const text = typeof ref === 'string' ? ref : `${ref.view}:${ref.feature ?? ref.name}`;
      const [view, feature] = text.split(':');
      return h('li', { class: 'chip' }, h('a', { href: route('projects', project, 'features', view, feature) }, text));
    }))));
}

/** One feature service: what it lists, who owns it, and snippets for using it. */
export async function servicePage(container, [project, service]) {
  document.title = `${service} · Granary`;
  const crumbs = breadcrumbs(project,
    h('a', { href: `${route('projects', project)}?service=${encodeURIComponent(service)}` }, 'services'), service);
  const heading = h('h1', null, h('span', { class: 'eyebrow' }, 'Feature service'), service);
  replace(container, crumbs, heading, loading(`feature service ${service}`));
  let spec;
  try {
    spec = await api.project(project);
  } catch (e) {
    replace(container, crumbs, heading, errorNotice(e, `Could not load project ${project}`));
    return;
  }
  const s = (spec.featureServices ?? []).find(x => x.name === service);
  if (!s) {
    replace(container, crumbs, heading, errorNotice(new Error(`Project '${project}' has no feature service '${service}'`),
      `Could not load feature service ${service}`));
    return;
  }
  const refs = (s.features ?? []).map(ref => typeof ref === 'string' ? ref : `${ref.view}:${ref.feature ?? ref.name}`);
  replace(container, crumbs, heading,
    s.description ? h('p', { class: 'lead' }, s.description) : null,
    section('Features', 'service-features', h('ul', { class: 'chips' }, refs.map(text => {
      const [view, feature] = text.split(':');
      return h('li', { class: 'chip' }, h('a', { href: route('projects', project, 'features', view, feature) }, text));
    })), s.owner ? h('p', { class: 'muted small' }, `Owner: ${s.owner}`) : null, tagChips(s.tags)),
    section('Health', 'service-health', h('p', null, h('a', { href: route('projects', project, 'services', service, 'health'),
      'data-testid': 'service-health-link' }, 'Health of each feature'),
    s.logging ? ' (checked on schedule: the service logs what it serves)' : ' (the service does not log: checks compare'
      + ' its sources over time)')),
    section('Use it', 'snippets', serviceSnippets({ project, service, refs, joinKeys: joinKeysOf(spec, refs) })));
}

/** The join keys of the entities of the views a list of view:feature references reads, in first-seen order. */
function joinKeysOf(spec, refs) {
  const keys = [];
  const views = new Set(refs.map(r => r.split(':')[0]));
  for (const v of spec.featureViews ?? []) {
    if (!views.has(v.name)) continue;
    for (const entityName of v.entities ?? []) {
      const entity = (spec.entities ?? []).find(e => e.name === entityName);
      for (const k of entity?.joinKeys ?? []) {
        const name = typeof k === 'string' ? k : k.name;
        if (!keys.includes(name)) keys.push(name);
      }
    }
  }
  return keys;
}
