// A project's versions (who, when, why) and one version's diff against the version before it.
import { api } from './api.js';
import { h, replace, route, loading, errorNotice, empty, formatTime, definitions, section } from './dom.js';
import { breadcrumbs } from './project.js';

export async function historyPage(container, [project]) {
  document.title = `History of ${project} · Granary`;
  const crumbs = breadcrumbs(project, 'History');
  const heading = h('h1', null, h('span', { class: 'eyebrow' }, 'History'), project);
  replace(container, crumbs, heading, loading('versions'));
  let versions;
  try {
    versions = await api.versions(project);
  } catch (e) {
    replace(container, crumbs, heading, errorNotice(e, `Could not load the history of ${project}`));
    return;
  }
  if (versions.length === 0) {
    replace(container, crumbs, heading, empty('No versions yet.'));
    return;
  }
  replace(container, crumbs, heading,
    h('table', { class: 'table', 'data-testid': 'versions' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Author'),
        h('th', { scope: 'col' }, 'Applied'), h('th', { scope: 'col' }, 'Summary'))),
      h('tbody', null, versions.map(v => h('tr', { 'data-testid': 'version', 'data-version': v.version },
        h('td', null, h('a', { href: route('projects', project, 'versions', v.version) }, `v${v.version}`)),
        h('td', null, v.author),
        h('td', null, h('time', { datetime: v.appliedAt }, formatTime(v.appliedAt))),
        h('td', null, v.summary,
          v.rolledBackFrom != null ? h('span', { class: 'chip warn' }, `rollback to v${v.rolledBackFrom}`) : null))))));
}

export async function versionPage(container, [project, version]) {
  document.title = `${project} v${version} · Granary`;
  const crumbs = breadcrumbs(project, h('a', { href: route('projects', project, 'history') }, 'History'), `v${version}`);
  const heading = h('h1', null, h('span', { class: 'eyebrow' }, project), `Version ${version}`);
  replace(container, crumbs, heading, loading(`version ${version}`));
  let detail;
  try {
    detail = await api.version(project, version);
  } catch (e) {
    replace(container, crumbs, heading, errorNotice(e, `Could not load version ${version} of ${project}`));
    return;
  }
  const diff = detail.diff ?? {};
  replace(container, crumbs, heading,
    definitions([
      ['Author', detail.author],
      ['Applied', h('time', { datetime: detail.appliedAt }, formatTime(detail.appliedAt))],
      ['Summary', detail.summary],
      ['Rolled back from', detail.rolledBackFrom != null
        ? h('a', { href: route('projects', project, 'versions', detail.rolledBackFrom) }, `v${detail.rolledBackFrom}`) : null],
      ['Breaking', diff.breaking ? 'yes' : null],
    ], { 'data-testid': 'version-facts' }),
    section('Changes', 'diff',
      diff.empty || !diff.text ? empty('No changes from the version before.') : diffBlock(diff.text)),
    h('p', null, h('a', { href: route('projects', project) }, 'See the current spec of the project')));
}

/** The plan text, one change per line, coloured by its leading sign (+ added, - removed, ~ changed). */
function diffBlock(text) {
  return h('pre', { class: 'diff', 'data-testid': 'diff-text' },
    text.replace(/\n$/, '').split('\n').map(line => {
      const sign = line.trimStart()[0];
      const kind = sign === '+' ? 'add' : sign === '-' ? 'remove' : sign === '~' ? 'change' : 'context';
      return h('span', { class: `diff-line diff-${kind}` }, line, '\n');
    }));
}
