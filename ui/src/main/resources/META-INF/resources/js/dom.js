// Builds DOM nodes without ever parsing server text as HTML: every string becomes a text node, so a description
// holding "<script>" or "<img onerror=...>" shows as those characters and never runs.

/**
 * Creates an element. attrs: "class", "on<event>" listeners, anything else as an attribute (null/false skipped).
 * Children may be nodes, strings, numbers, arrays or null.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", '#x27': "'" };

/** Decodes the few entities the server's highlighter writes, in one pass (so "&amp;lt;" stays "&lt;"). */
export function decodeEntities(text) {
  return text.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (_, name) => ENTITIES[name]);
}

/**
 * Renders a highlight fragment ("a <em>match</em> &amp; more") as text nodes and <mark> elements. Only the
 * literal markers <em> and </em> are interpreted; any other markup stays visible text.
 */
export function highlighted(fragment) {
  const nodes = [];
  let inside = false;
  for (const part of String(fragment).split(/(<em>|<\/em>)/)) {
    if (part === '<em>') { inside = true; continue; }
    if (part === '</em>') { inside = false; continue; }
    if (part === '') continue;
    const text = decodeEntities(part);
    nodes.push(inside ? h('mark', null, text) : document.createTextNode(text));
  }
  return nodes;
}

/** A hash link to a route built from path segments, each URI-encoded. */
export function route(...segments) {
  return '#/' + segments.map(s => encodeURIComponent(String(s))).join('/');
}

export function link(text, href, attrs) {
  return h('a', { href, ...attrs }, text);
}

export function loading(what) {
  return h('p', { class: 'notice loading', role: 'status', 'data-testid': 'loading' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), `Loading ${what}…`);
}

export function errorNotice(error, context) {
  const message = error?.message ?? String(error);
  return h('div', { class: 'notice error', role: 'alert', 'data-testid': 'error' },
    h('strong', null, context ? `${context}: ` : 'Error: '), message,
    error?.field ? h('span', { class: 'field' }, ` (field: ${error.field})`) : null);
}

export function empty(text) {
  return h('p', { class: 'notice empty', 'data-testid': 'empty' }, text);
}

export function formatNumber(value, digits = 4) {
  if (value == null || value === '') return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return n.toExponential(3);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function formatTime(value) {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

export function formatSeconds(seconds) {
  if (seconds == null) return '—';
  const s = Number(seconds);
  if (!Number.isFinite(s) || s <= 0) return 'unlimited';
  const units = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  for (const [unit, size] of units) {
    if (s % size === 0) return `${s / size}${unit}`;
  }
  return `${s}s`;
}

/** A definition list from [term, value] pairs, skipping pairs whose value is null. */
export function definitions(pairs, attrs) {
  const dl = h('dl', { class: 'facts', ...attrs });
  for (const [term, value] of pairs) {
    if (value == null) continue;
    dl.append(h('dt', null, term), h('dd', null, value));
  }
  return dl;
}

export function section(title, id, ...children) {
  const headingId = `${id}-heading`;
  return h('section', { class: 'panel', id, 'aria-labelledby': headingId, 'data-testid': id },
    h('h2', { id: headingId }, title), children);
}

export function tagChips(tags) {
  const list = Array.isArray(tags) ? tags : Object.entries(tags ?? {}).map(([k, v]) => `${k}=${v}`);
  if (list.length === 0) return null;
  return h('ul', { class: 'chips', 'aria-label': 'Tags' }, list.map(t => h('li', { class: 'chip' }, t)));
}
