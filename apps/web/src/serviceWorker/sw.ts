// Admit's service worker, built on its own into dist/sw.js (vite.config.ts; never imported by the app).
// It keeps the app shell — the gate page (/gate) and the built files the build lists in sw-assets.json —
// so the gate screen opens with the server down. It never answers for the API: the gate screen decides
// offline by itself, from the bundle it keeps in IndexedDB, and must see a failed request as failed.
//
// The page is cached whole, headers included: the server writes a fresh CSP nonce into each copy of the
// page and into its Content-Security-Policy header, and the cached copy keeps the two that belong
// together (the policy is not weakened). Pages: network first, so a new release is seen at once; the
// kept page when the server does not answer. Built files have hashed names: cache first.

// The worker's own types (the DOM library the app compiles with has none of them).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;

const CACHE = 'admit-shell-v1';
const SHELL = '/gate';
const STATIC_FILES = ['/manifest.webmanifest', '/favicon.svg'];
const PAGE_TIMEOUT_MS = 4000;

async function listedFiles(): Promise<string[]> {
  const response = await fetch('/sw-assets.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`sw-assets.json: HTTP ${response.status}`);
  const { assets } = (await response.json()) as { assets: string[] };
  return [...assets.map((file) => `/${file}`), ...STATIC_FILES];
}

const pathOf = (request: Request) => new URL(request.url).pathname;

/** Caches every listed file not cached yet, and drops the files of older releases. */
async function cacheFiles(cache: Cache): Promise<void> {
  const files = await listedFiles();
  const cached = new Set((await cache.keys()).map(pathOf));
  await Promise.all(files.filter((file) => !cached.has(file)).map((file) => cache.add(file)));
  const wanted = new Set([SHELL, ...files]);
  for (const request of await cache.keys()) {
    if (!wanted.has(pathOf(request))) await cache.delete(request);
  }
}

/** The page and its files, before this worker takes over. */
async function cacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  const page = await fetch(SHELL, { headers: { Accept: 'text/html' }, cache: 'no-store' });
  if (!page.ok) throw new Error(`${SHELL}: HTTP ${page.status}`);
  await cache.put(SHELL, page);
  await cacheFiles(cache);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

async function fetchWithTimeout(request: Request, ms: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function page(event: FetchEvent): Promise<Response> {
  try {
    const response = await fetchWithTimeout(event.request, PAGE_TIMEOUT_MS);
    if (response.ok && pathOf(event.request) === SHELL) {
      // A fresh copy of the gate page, and whatever built files a new release brought with it.
      const copy = response.clone();
      event.waitUntil(
        caches
          .open(CACHE)
          .then((cache) => cache.put(SHELL, copy).then(() => cacheFiles(cache)))
          .catch(() => undefined),
      );
    }
    return response;
  } catch {
    // The server does not answer: the kept page (the app routes in the browser, whatever the path).
    return (await caches.match(SHELL)) ?? Response.error();
  }
}

/** A built file (its hashed name never changes): the kept copy, else the network's, then kept. */
async function builtFile(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached !== undefined) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    await caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

/** The manifest and the icon: the network's when it answers, else the kept copy. */
async function staticFile(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match(request)) ?? Response.error();
  }
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  // The API and the probes go to the network, untouched.
  if (/^\/(api|healthz|readyz)(\/|$)/.test(url.pathname)) return;
  if (request.mode === 'navigate') event.respondWith(page(event));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(builtFile(request));
  else if (STATIC_FILES.includes(url.pathname)) event.respondWith(staticFile(request));
});

export {};
