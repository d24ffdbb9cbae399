// Hash router: each route renders a page into <main>. A page gets a fresh container, so a slow answer for a page
// the user already left lands in a detached node and changes nothing on screen.
import { h, replace, errorNotice } from './dom.js';
import { searchPage } from './search.js';
import { featurePage } from './feature.js';
import { projectsPage, projectPage, servicePage } from './project.js';
import { historyPage, versionPage } from './history.js';
import { healthPage } from './health.js';

const ROUTES = [
  { pattern: /^$/, page: searchPage, nav: 'search' },
  { pattern: /^search$/, page: searchPage, nav: 'search' },
  { pattern: /^projects$/, page: projectsPage, nav: 'projects' },
  { pattern: /^projects\/([^/]+)$/, page: projectPage, nav: 'projects' },
  { pattern: /^projects\/([^/]+)\/history$/, page: historyPage, nav: 'projects' },
  { pattern: /^projects\/([^/]+)\/versions\/([^/]+)$/, page: versionPage, nav: 'projects' },
  { pattern: /^projects\/([^/]+)\/features\/([^/]+)\/([^/]+)$/, page: featurePage, nav: 'search' },
  { pattern: /^projects\/([^/]+)\/services\/([^/]+)$/, page: servicePage, nav: 'projects' },
  { pattern: /^projects\/([^/]+)\/services\/([^/]+)\/health$/, page: healthPage, nav: 'projects' },
];

/** The current hash as {path, args, query}: "#/projects/rides?x=1" gives path "projects/rides". */
export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, queryString = ''] = hash.split('?', 2);
  return { path: path.replace(/\/$/, ''), query: new URLSearchParams(queryString) };
}

let shown = null;

function render() {
  const main = document.getElementById('main');
  const { path, query } = currentRoute();
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    let args;
    try {
      args = match.slice(1).map(decodeURIComponent);
    } catch {
      break;
    }
    // The search page keeps its DOM (and the caret in its box) while only its query string changes.
    if (shown && shown.route === route && route.page.keepsState && shown.container.isConnected) {
      route.page.update?.(shown.container, query);
      return;
    }
    const container = h('div', { class: 'page' });
    replace(main, container);
    shown = { route, container };
    markNav(route.nav);
    try {
      route.page(container, args, query);
    } catch (e) {
      replace(container, errorNotice(e, 'This page failed'));
    }
    return;
  }
  shown = null;
  markNav(null);
  replace(main, h('div', { class: 'page' },
    h('h1', null, 'Page not found'),
    h('p', null, 'There is no page at this address. ', h('a', { href: '#/' }, 'Search the catalog'), ' or ',
      h('a', { href: '#/projects' }, 'browse projects'), '.')));
  document.title = 'Not found · Granary';
}

function markNav(nav) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

window.addEventListener('hashchange', render);
document.querySelector('[data-skip]')?.addEventListener('click', event => {
  event.preventDefault();
  document.getElementById('main').focus();
});
render();
