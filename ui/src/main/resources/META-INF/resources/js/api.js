// The UI's only door to the server: the public REST API, like any other client.

/** An API error with the server's code, readable message and the field at fault. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field ?? null;
  }
}

const TOKEN_KEY = 'granary.token';

/**
 * The bearer token for a server with security on. It lives in this tab's sessionStorage and travels only in the
 * Authorization header: never in a cookie (a foreign page could make the browser send it) nor in a URL (it would
 * reach logs and history).
 */
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: value => (value ? sessionStorage.setItem(TOKEN_KEY, value.trim()) : sessionStorage.removeItem(TOKEN_KEY)),
};

let asking = null;

/**
 * Asks for a token in a form above the page and resolves once one is entered. One form at a time: calls that
 * fail together wait for the same answer.
 */
function askForToken(message) {
  if (asking) return asking;
  asking = new Promise(resolve => {
    const form = document.createElement('form');
    form.className = 'notice token-form';
    form.setAttribute('data-token-form', '');
    form.setAttribute('aria-label', 'Token');
    const text = document.createElement('p');
    text.textContent = message;
    const label = document.createElement('label');
    label.textContent = 'Token ';
    const input = document.createElement('input');
    input.type = 'password';
    input.name = 'token';
    input.autocomplete = 'off';
    input.required = true;
    label.append(input);
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Use token';
    form.append(text, label, button);
    form.addEventListener('submit', event => {
      event.preventDefault();
      token.set(input.value);
      form.remove();
      asking = null;
      resolve();
    });
    (document.querySelector('main') ?? document.body).prepend(form);
    input.focus();
  });
  return asking;
}

/**
 * GETs JSON from the API. params: an object whose null/empty values are left out. When the server asks for a
 * token (401), the user is asked for one and the call is made again with it.
 * Throws ApiError (status 0 when the server could not be reached); AbortError passes through.
 */
export async function getJson(path, params, signal) {
  for (;;) {
    try {
      return await getJsonOnce(path, params, signal);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      token.set(null);
      await askForToken(`This Granary server needs a token: ${e.message}`);
    }
  }
}

async function getJsonOnce(path, params, signal) {
  const url = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value == null || value === '') continue;
    url.searchParams.append(key, String(value));
  }
  let response;
  try {
    const headers = { Accept: 'application/json' };
    const bearer = token.get();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    response = await fetch(url, { headers, signal, credentials: 'omit' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'UNREACHABLE', `The Granary server could not be reached (${e.message}); is granary serve running?`);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? `HTTP_${response.status}`,
      body?.message ?? `The server answered ${response.status} ${response.statusText}`.trim(), body?.field);
  }
  if (body === null) {
    throw new ApiError(response.status, 'BAD_RESPONSE', `The server's answer to ${url.pathname} is not JSON`);
  }
  return body;
}

const p = encodeURIComponent;

export const api = {
  projects: () => getJson('api/v1/projects'),
  project: name => getJson(`api/v1/projects/${p(name)}`),
  versions: name => getJson(`api/v1/projects/${p(name)}/versions`),
  version: (name, n) => getJson(`api/v1/projects/${p(name)}/versions/${p(n)}`),
  feature: (name, view, feature) => getJson(`api/v1/projects/${p(name)}/features/${p(view)}/${p(feature)}`),
  search: (params, signal) => getJson('api/v1/search', params, signal),
  health: (name, service, params) => getJson(`api/v1/projects/${p(name)}/feature-services/${p(service)}/health`, params),
  healthHistory: (name, service, params) =>
    getJson(`api/v1/projects/${p(name)}/feature-services/${p(service)}/health/history`, params),
};

/** True when an error says the route itself does not exist (an older server), not that an object is missing. */
export function isMissingEndpoint(error) {
  return error instanceof ApiError && error.status === 404 && /no such endpoint/i.test(error.message);
}
