// Copyable snippets for using a feature or a feature service: the online API with curl, the Java client, the CLI
// export and the reference in the Java DSL. Built from what the page already knows (names and join keys), with an
// example key value to replace.
import { h } from './dom.js';

const EXAMPLE_KEY = 1001;

/** Snippets for one feature, view:feature. */
export function featureSnippets({ project, view, feature, joinKeys }) {
  const ref = `${view}:${feature}`;
  const keys = joinKeys?.length ? joinKeys : ['entity_id'];
  return snippetList([
    ['curl', 'Online lookup (curl)', curl(project, `"features": ["${ref}"]`, keys)],
    ['java', 'Java client (GranaryClient)', java(`List.of("${ref}")`, keys, `features.row(0).get("${feature}")`)],
    ['cli', 'Training set (CLI)', `granary export --entities entities.parquet --features ${ref} --output train.parquet`],
    ['dsl', 'Reference in the DSL', `"${ref}"   // e.g. repo.featureService("my_model", "${ref}")`],
  ]);
}

/** Snippets for one feature service, with the view:feature references it lists. */
export function serviceSnippets({ project, service, joinKeys, refs }) {
  const keys = joinKeys?.length ? joinKeys : ['entity_id'];
  const first = refs?.[0]?.split(':')[1];
  return snippetList([
    ['curl', 'Online lookup (curl)', curl(project, `"feature_service": "${service}"`, keys)],
    ['java', 'Java client (GranaryClient)', java(`"${service}"`, keys,
      first ? `features.row(0).get("${first}")` : 'features.row(0)')],
    ['cli', 'Training set (CLI)', `granary export --entities entities.parquet --feature-service ${service} --output train.parquet`],
    ['dsl', 'Definition in the DSL', `repo.featureService("${service}", ${(refs ?? []).map(r => `"${r}"`).join(', ')})`],
  ]);
}

function curl(project, what, keys) {
  const entities = keys.map(k => `"${k}": [${EXAMPLE_KEY}]`).join(', ');
  return `curl -s -X POST ${location.origin}/get-online-features -H 'Content-Type: application/json' -d '{\n`
    + `  "project": "${project}",\n  ${what},\n  "entities": {${entities}}\n}'`;
}

function java(what, keys, read) {
  const row = keys.map(k => `"${k}", ${EXAMPLE_KEY}L`).join(', ');
  return `try (GranaryClient client = GranaryClient.http(URI.create("${location.origin}"))) {\n`
    + `    OnlineFeatures features = client.getOnlineFeatures(${what}, List.of(Map.of(${row})));\n`
    + `    Object value = ${read};\n}`;
}

function snippetList(snippets) {
  return h('div', { class: 'snippets' }, snippets.map(([id, label, text]) => snippet(id, label, text)));
}

function snippet(id, label, text) {
  const status = h('span', { class: 'copy-status muted small', role: 'status' });
  const button = h('button', { type: 'button', class: 'copy', 'data-testid': `copy-${id}`,
    'aria-label': `Copy: ${label}` }, 'Copy');
  button.addEventListener('click', async () => {
    status.textContent = await copy(text) ? 'Copied' : 'Select the text and copy it';
  });
  return h('figure', { class: 'snippet', 'data-testid': `snippet-${id}` },
    h('figcaption', null, h('span', null, label), button, status),
    h('pre', null, h('code', { 'data-testid': `snippet-${id}-text` }, text)));
}

/** Copies through the clipboard API, or by selecting a hidden text area where that API is missing. */
async function copy(text) {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // a page not allowed the clipboard API falls back to a selection below
  }
  const area = h('textarea', { class: 'offscreen', readonly: '' });
  area.value = text;
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  area.remove();
  return done;
}
