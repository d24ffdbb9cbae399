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

/**
 * GETs JSON from the API. params: an object whose null/empty values are left out.
 * Throws ApiError (status 0 when the server could not be reached); AbortError passes through.
 */
export async function getJson(path, params, signal) {
  const url = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value == null || value === '') continue;
    url.searchParams.append(key, String(value));
  }
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, signal });
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
};

/** True when an error says the route itself does not exist (an older server), not that an object is missing. */
export function isMissingEndpoint(error) {
  return error instanceof ApiError && error.status === 404 && /no such endpoint/i.test(error.message);
}
