// Stand-ins for chrome.storage.local and fetch, for the worker's tests.

export function memoryArea(initial = {}) {
  const data = structuredClone(initial);
  return {
    data,
    async get(keys) {
      const list = typeof keys === 'string' ? [keys] : keys;
      const out = {};
      for (const key of list) if (key in data) out[key] = structuredClone(data[key]);
      return out;
    },
    async set(values) { Object.assign(data, structuredClone(values)); },
  };
}

// Routes "METHOD /path" to a responder; records every call.
export function fakeFetch(routes) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init, body: init.body ? JSON.parse(init.body) : undefined });
    const key = `${init.method} ${new URL(url).pathname}`;
    const responder = routes[key];
    if (!responder) return jsonResponse(404, { error: { code: 'not_found', message: 'no such route' } });
    return responder({ url, init, body: init.body ? JSON.parse(init.body) : undefined });
  };
  fetchImpl.calls = calls;
  return fetchImpl;
}

export function jsonResponse(status, data) {
  return new Response(JSON.stringify(data), { status, headers: { 'Content-Type': 'application/json' } });
}

export function refused() {
  throw new TypeError('Failed to fetch');
}
