// The Insight Mesh catalog UI: a small single-page app over the catalog's own APIs, with no build
// step and nothing fetched from the internet. The bearer token lives in sessionStorage only (never
// in a URL, never logged); the APIs decide what each role may see, the UI only follows them.
'use strict';

const TOKEN_KEY = 'mesh.token';
const main = () => document.getElementById('main');
let refreshTimer = null;

// ---------- small DOM helpers (text is always set as text, never parsed as HTML) ----------

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'className') element.className = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

function badge(text, kind, title) {
  return h('span', { className: 'badge' + (kind ? ' ' + kind : ''), title }, text);
}

// replaceChildren would print an array as text; pages build nested arrays of nodes.
function fill(target, ...children) {
  target.replaceChildren();
  return append(target, children);
}

function show(...children) {
  const target = main();
  target.replaceChildren();
  append(target, children);
}

function section(title, id, ...children) {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

function number(value) {
  return value === null || value === undefined ? '—' : Number(value).toLocaleString('en-GB');
}

function percent(value) {
  return value === null || value === undefined || !isFinite(value)
    ? '—' : (value * 100).toFixed(1) + ' %';
}

// ---------- session ----------

function session() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (payload.exp && payload.exp * 1000 < Date.now()) {
      sessionStorage.removeItem(TOKEN_KEY);
      return null;
    }
    return { token, principal: payload.sub, roles: payload.groups || [] };
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
}

function hasRole(...roles) {
  const current = session();
  return !!current && current.roles.some(role => roles.includes(role));
}

function readsCatalog() {
  const current = session();
  return !!current && current.roles.some(role => role.startsWith('domain-owner:')
    || ['admin', 'analyst', 'pii-analyst', 'scoring-engine', 'trino'].includes(role));
}

function seesPii(product) {
  return hasRole('admin', 'pii-analyst', 'domain-owner:' + product.domain);
}

async function signIn(principal, secret) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials', client_id: principal, client_secret: secret });
  // credentials: 'omit' keeps the browser from answering the issuer's 401 (WWW-Authenticate:
  // Basic) with its own password dialog: the page reports a wrong secret itself.
  const response = await fetch('/oauth/token', {
    method: 'POST', body, credentials: 'omit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  if (!response.ok) {
    if (response.status === 429) {
      const wait = response.headers.get('Retry-After');
      throw new Error('Sign-in refused: too many failed sign-ins for this principal from here; try'
        + ' again in ' + (wait ? wait + ' s' : 'a minute') + '.');
    }
    throw new Error(response.status === 401
      ? 'Sign-in failed: the principal or the secret is wrong, or the principal is disabled.'
      : 'Sign-in failed: the catalog answered ' + response.status + '.');
  }
  sessionStorage.setItem(TOKEN_KEY, (await response.json()).access_token);
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  lastSearch = null;
  location.hash = '#/sign-in';
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const current = session();
  if (!current) { signOut(); throw new ApiError(401, 'Not signed in'); }
  const response = await fetch(path, {
    ...options,
    credentials: 'omit',
    headers: { Accept: 'application/json', ...(options.headers || {}),
      Authorization: 'Bearer ' + current.token } });
  if (response.status === 401) { signOut(); throw new ApiError(401, 'Your session has ended'); }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
  if (!response.ok) {
    const message = body && body.error
      ? (body.error.message || body.error_description || JSON.stringify(body.error))
      : 'HTTP ' + response.status;
    throw new ApiError(response.status, message);
  }
  return body;
}

// ---------- shared data ----------

// The search reads every page up to this many products (each is a table load for its freshness);
// past it the page says so and asks for a narrower search.
const PRODUCTS_LISTED = 1000;

/**
 * The products matching q, page after page: the facets count what matched, not the first page of
 * it. `more` says the listing went on past `limit`.
 */
async function listProducts(q, limit) {
  const params = new URLSearchParams({ pageSize: String(Math.min(200, limit)) });
  if (q) params.set('q', q);
  const found = [];
  for (;;) {
    const page = await api('/api/v1/products?' + params);
    found.push(...page.products);
    if (!page.nextPageToken) return { products: found, more: false };
    if (found.length >= limit) return { products: found.slice(0, limit), more: true };
    params.set('pageToken', page.nextPageToken);
  }
}

let icebergPrefix = null;
/**
 * A product's table as namespace levels and table name: the table is after the last dot, and a
 * namespace may be nested (claims.staging.claims_v1).
 */
function tableName(product) {
  const parts = product.icebergTable.split('.');
  return { levels: parts.slice(0, -1), table: parts[parts.length - 1] };
}

async function tableSnapshot(product) {
  // The live freshness comes from the table's current snapshot, not from the registry.
  if (icebergPrefix === null) {
    const config = await api('/iceberg/v1/config?warehouse=mesh');
    icebergPrefix = (config.overrides && config.overrides.prefix)
      || (config.defaults && config.defaults.prefix) || '';
  }
  const { levels, table } = tableName(product);
  const base = '/iceberg/v1/' + (icebergPrefix ? encodeURIComponent(icebergPrefix) + '/' : '');
  try {
    // The REST spec joins a nested namespace's levels with the unit separator.
    const loaded = await api(base + 'namespaces/' + encodeURIComponent(levels.join('\u001f'))
      + '/tables/' + encodeURIComponent(table));
    const metadata = loaded.metadata;
    const current = (metadata.snapshots || [])
      .find(snapshot => snapshot['snapshot-id'] === metadata['current-snapshot-id']);
    return current ? { at: new Date(current['timestamp-ms']) } : { at: null };
  } catch (e) {
    if (e.status === 404) return { at: null };
    throw e;
  }
}

function durationMillis(iso) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!match) return null;
  const [, d, hours, m, sec] = match.map(v => Number(v || 0));
  return (((d * 24 + hours) * 60 + m) * 60 + sec) * 1000;
}

function humanDuration(millis) {
  if (millis === null) return '—';
  const minutes = Math.round(millis / 60000);
  if (minutes < 1) return Math.round(millis / 1000) + ' s';
  if (minutes < 120) return minutes + ' min';
  const hours = Math.round(minutes / 60);
  return hours < 48 ? hours + ' h' : Math.round(hours / 24) + ' days';
}

async function freshness(product) {
  const sla = durationMillis(product.freshnessSla);
  try {
    const snapshot = await tableSnapshot(product);
    if (!snapshot.at) return { status: 'no data', sla, at: null };
    const age = Date.now() - snapshot.at.getTime();
    return { status: sla !== null && age > sla ? 'late' : 'met', sla, at: snapshot.at, age };
  } catch (e) {
    return { status: 'unknown', sla, at: null, error: e.message };
  }
}

const SLA_LABELS = { met: 'SLA met', late: 'SLA missed', 'no data': 'No data yet',
  unknown: 'SLA unknown' };

function slaBadge(fresh) {
  const kinds = { met: 'ok', late: 'bad', 'no data': 'warn', unknown: 'warn' };
  const label = SLA_LABELS[fresh.status];
  return badge(label, kinds[fresh.status],
    fresh.at ? 'Last snapshot ' + when(fresh.at.toISOString()) : fresh.error);
}

// ---------- routing ----------

const routes = [
  [/^#\/sign-in$/, signInPage, false],
  [/^#\/search(?:\?(.*))?$/, searchPage, true],
  [/^#\/products\/([^/?]+)$/, productPage, true],
  [/^#\/dashboard$/, dashboardPage, true],
  [/^#\/cases$/, casesPage, true],
];

// A page loads before it draws: a slower page of an earlier navigation (a search over many
// products) would otherwise finish after a newer one and cover it. Navigations run one at a time.
let routing = Promise.resolve();

function route() {
  routing = routing.then(routeNow, routeNow);
  return routing;
}

async function routeNow() {
  clearInterval(refreshTimer);
  const hash = location.hash || '#/search';
  const current = session();
  renderChrome(current, hash);
  for (const [pattern, page, needsSession] of routes) {
    const match = pattern.exec(hash);
    if (!match) continue;
    if (needsSession && !current) { location.hash = '#/sign-in'; return; }
    try {
      // Parts are passed as they are in the address: a search's query string is decoded by
      // URLSearchParams, and decoding it first too made 'R&D' a search for R.
      await page(...match.slice(1).map(part => part === undefined ? '' : part));
    } catch (e) {
      if (e.status === 403) {
        show(h('h1', { tabindex: '-1' }, 'Not available to your role'),
          h('p', { className: 'error', role: 'alert', id: 'denied' }, e.message));
      } else if (e.status !== 401) {
        show(h('h1', { tabindex: '-1' }, 'Something went wrong'),
          h('p', { className: 'error', role: 'alert' }, e.message));
      }
      const heading = main().querySelector('h1');
      if (heading) focusMain(heading);
    }
    // The page's own heading names the tab and the screen reader's window; main is no live
    // region, which read every page out whole (and the dashboard every 10 seconds).
    const heading = main().querySelector('h1');
    document.title = (heading ? heading.textContent + ' · ' : '') + 'Insight Mesh catalog';
    return;
  }
  location.hash = current ? '#/search' : '#/sign-in';
}

function renderChrome(current, hash) {
  document.getElementById('nav').hidden = !current;
  document.getElementById('who').hidden = !current;
  if (!current) return;
  document.getElementById('who-name').textContent =
    'Signed in as ' + current.principal + ' (' + current.roles.join(', ') + ')';
  for (const link of document.querySelectorAll('#nav a')) {
    const roles = link.dataset.roles;
    link.hidden = !!roles && !current.roles.some(role => roles.split(' ').includes(role));
    const active = hash.startsWith('#/' + link.dataset.nav)
      || (link.dataset.nav === 'search' && hash.startsWith('#/products'));
    if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
}

function focusMain(element) {
  (element || main()).focus();
}

// ---------- sign in ----------

function signInPage() {
  const error = h('p', { className: 'error', role: 'alert', hidden: true });
  const form = h('form', { className: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('p', { className: 'note' }, 'Use a platform principal and its client secret (',
      h('code', {}, './mesh token <principal>'), ' reads the embedded default\'s secrets).'),
    error,
    h('label', { for: 'principal' }, 'Principal'),
    h('input', { id: 'principal', name: 'principal', autocomplete: 'username', required: true }),
    h('label', { for: 'secret' }, 'Secret'),
    h('input', { id: 'secret', name: 'secret', type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    try {
      await signIn(form.principal.value.trim(), form.secret.value);
      // Case workers read decisions, not the product catalog: start them where their work is.
      location.hash = readsCatalog() || !hasRole('case-worker') ? '#/search' : '#/cases';
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      form.secret.value = '';
      form.secret.focus();
    }
  });
  show(form);
  form.principal.focus();
}

// ---------- search ----------

const FACETS = [
  ['domain', 'Domain', p => [p.domain]],
  ['tag', 'Tag', p => p.tags],
  ['pii', 'PII', p => [p.classification === 'PII' ? 'PII' : 'No PII']],
  ['sla', 'SLA status', p => [p.fresh.status], status => SLA_LABELS[status]],
];

// The last search's products with their freshness, for a facet ticked on its page: filtering what
// was read, instead of loading up to PRODUCTS_LISTED tables again for every box.
let lastSearch = null;
let facetTicked = false;
const FACET_REUSE_MILLIS = 60000;

async function searchedProducts(q) {
  const reuse = facetTicked && lastSearch && lastSearch.q === q
    && Date.now() - lastSearch.at < FACET_REUSE_MILLIS;
  facetTicked = false;
  if (reuse) return lastSearch;
  const { products: listed, more } = await listProducts(q, PRODUCTS_LISTED);
  await Promise.all(listed.map(async p => { p.fresh = await freshness(p); }));
  lastSearch = { q, at: Date.now(), listed, more };
  return lastSearch;
}

async function searchPage(query) {
  const params = new URLSearchParams(query || '');
  const q = params.get('q') || '';
  const { listed, more } = await searchedProducts(q);
  const chosen = Object.fromEntries(FACETS.map(([key]) => [key, params.getAll(key)]));
  const matches = listed.filter(p => FACETS.every(([key, , values]) =>
    chosen[key].length === 0 || values(p).some(v => chosen[key].includes(v))));

  const input = h('input', { id: 'q', name: 'q', type: 'search', value: q,
    placeholder: 'name, description, field or tag', 'aria-describedby': 'q-help' });
  const form = h('form', { className: 'inline', role: 'search' },
    h('label', { for: 'q' }, 'Search products', input),
    h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    go(input.value.trim(), chosen);
  });

  const facets = h('form', { className: 'facets', 'aria-label': 'Filters' },
    FACETS.map(([key, title, values, label = value => value]) => {
      const counts = new Map();
      for (const p of listed) for (const v of new Set(values(p))) counts.set(v, (counts.get(v) || 0) + 1);
      return h('fieldset', { id: 'facet-' + key }, h('legend', {}, title),
        [...counts.keys()].sort().map(value => {
          const box = h('input', { type: 'checkbox', name: key, value,
            checked: chosen[key].includes(value) });
          box.addEventListener('change', () => {
            const next = { ...chosen, [key]: chosen[key].filter(v => v !== value) };
            if (box.checked) next[key].push(value);
            facetTicked = true;
            go(q, next, { key, value });
          });
          return h('label', {}, box, ' ', label(value), ' ', h('span', { className: 'note' }, '(' + counts.get(value) + ')'));
        }));
    }));

  const list = h('ul', { className: 'results', id: 'results' },
    matches.map(p => h('li', { 'data-product': p.id },
      h('h2', {}, h('a', { href: '#/products/' + encodeURIComponent(p.id) }, p.id)),
      h('p', {}, p.description),
      h('p', {},
        badge(p.domain, null, 'Domain'),
        p.classification === 'PII' ? badge('PII', 'pii', 'Holds personal data') : badge('No PII', null),
        slaBadge(p.fresh),
        p.status !== 'ACTIVE' ? badge(p.status, 'warn') : null,
        p.tags.map(tag => badge('#' + tag))),
      h('p', { className: 'note' }, 'Owner ', p.owner.team, ' · contract ', p.contractVersion,
        ' · table ', h('code', {}, p.icebergTable)))));

  show(h('h1', {}, 'Data products'),
    form,
    h('p', { id: 'q-help', className: 'note' },
      'Finds products whose name, description, field names or tags contain every word.'),
    h('div', { className: 'layout' }, facets,
      h('div', {}, h('p', { id: 'result-count', role: 'status' },
        matches.length + (matches.length === 1 ? ' product' : ' products'),
        more ? ' among the first ' + number(PRODUCTS_LISTED) + ' listed; search for fewer' : ''),
      list)));
  // Back on the box just ticked (the page was drawn anew), not the first of its group.
  const focusTarget = JSON.parse(sessionStorage.getItem('mesh.focus') || 'null');
  sessionStorage.removeItem('mesh.focus');
  const facet = focusTarget && [...document.querySelectorAll('#facet-' + focusTarget.key + ' input')]
    .find(box => box.value === focusTarget.value);
  (facet || input).focus();
}

function go(q, chosen, focus) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [key, values] of Object.entries(chosen)) for (const v of values) params.append(key, v);
  if (focus) sessionStorage.setItem('mesh.focus', JSON.stringify(focus));
  const hash = '#/search' + (params.toString() ? '?' + params : '');
  if (location.hash === hash) route(); else location.hash = hash;
}

// ---------- product page ----------

const RELEASES_SHOWN = 50;

async function productPage(encodedId) {
  const id = decodeURIComponent(encodedId);
  const product = await api('/api/v1/products/' + encodeURIComponent(id));
  // One release more than shown: the oldest shown is classified against the one before it.
  const [page, contract, fresh] = await Promise.all([
    api('/api/v1/products/' + encodeURIComponent(id) + '/releases?pageSize=' + (RELEASES_SHOWN + 1))
      .then(r => r.releases),
    api('/api/v1/products/' + encodeURIComponent(id) + '/contract').catch(() => null),
    freshness(product)]);
  const releases = page.slice(0, RELEASES_SHOWN);
  const older = page[RELEASES_SHOWN];
  const contracts = await contractsOf(id, page, contract);

  show(
    h('p', {}, h('a', { href: '#/search' }, '← All products')),
    h('h1', { id: 'product-title' }, product.id),
    h('p', {},
      product.classification === 'PII' ? badge('PII', 'pii') : badge('No PII'),
      badge(product.status, product.status === 'ACTIVE' ? 'ok' : 'warn'),
      slaBadge(fresh), product.tags.map(tag => badge('#' + tag))),
    h('p', { id: 'description' }, product.description),
    section('Owner and freshness', 'owner-heading', h('dl', { className: 'facts' },
      h('dt', {}, 'Owner'), h('dd', { id: 'owner' }, product.owner.team),
      h('dt', {}, 'Contact'), h('dd', {}, h('a', { href: 'mailto:' + product.owner.contact }, product.owner.contact)),
      h('dt', {}, 'Freshness SLA'), h('dd', {}, 'new data at least every ' + humanDuration(fresh.sla),
        ' (', h('code', {}, product.freshnessSla), ')'),
      h('dt', {}, 'Live status'), h('dd', { id: 'sla-status' }, slaBadge(fresh), ' ',
        fresh.at ? 'last snapshot ' + when(fresh.at.toISOString()) + ', ' + humanDuration(fresh.age) + ' ago'
          : fresh.status === 'unknown' ? fresh.error : 'the table has no snapshot yet'),
      h('dt', {}, 'Contract'), h('dd', {}, product.contractVersion),
      h('dt', {}, 'Iceberg table'), h('dd', {}, h('code', {}, 'mesh.' + product.icebergTable)),
      product.deprecation ? [h('dt', {}, 'Deprecated'), h('dd', {}, product.deprecation.reason,
        product.deprecation.successor ? ' — use ' + product.deprecation.successor : '')] : null)),
    releasesSection(releases, older, contracts),
    schemaSection(product, contract),
    qualitySection(releases),
    h('section', { 'aria-labelledby': 'lineage-heading', id: 'lineage' },
      h('h2', { id: 'lineage-heading' }, 'Lineage'), h('p', {}, 'Loading lineage…')),
    h('section', { 'aria-labelledby': 'usage-heading', id: 'usage' },
      h('h2', { id: 'usage-heading' }, 'Consumers and usage'), h('p', {}, 'Loading…')),
    snippetsSection(product, releases));
  focusMain(document.getElementById('product-title').parentElement);
  await lineageSection(product);
}

async function contractsOf(id, releases, current) {
  const versions = [...new Set(releases.map(r => r.contractVersion))];
  const contracts = {};
  await Promise.all(versions.map(async version => {
    contracts[version] = await api('/api/v1/products/' + encodeURIComponent(id) + '/contracts/'
      + encodeURIComponent(version)).catch(() => null);
  }));
  return contracts;
}

function parseVersion(version) {
  const [core, build] = version.split('+');
  const [major, minor, patch] = core.split('.').map(Number);
  return { major, minor, patch, build };
}

function classify(release, previous) {
  if (!previous) return ['INITIAL', 'ok'];
  const a = parseVersion(previous.version), b = parseVersion(release.version);
  if (b.major !== a.major) return ['MAJOR', 'bad'];
  if (b.minor !== a.minor) return ['MINOR', 'warn'];
  if (b.patch !== a.patch) return ['PATCH', 'ok'];
  return ['DATA', null];
}

function flatten(schema) {
  const fields = [];
  const walk = (record, prefix) => {
    for (const field of (record && record.fields) || []) {
      const name = prefix + field.name;
      fields.push({ ...field, name, typeText: typeText(field.type) });
      const inner = Array.isArray(field.type) ? field.type.find(t => t && t.type === 'record') : field.type;
      if (inner && inner.type === 'record') walk(inner, name + '.');
    }
  };
  walk(schema, '');
  return fields;
}

function typeText(type) {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const others = type.filter(t => t !== 'null');
    return others.map(typeText).join(' | ') + (others.length < type.length ? ' (optional)' : '');
  }
  if (type.logicalType) {
    return type.logicalType + (type.precision ? '(' + type.precision + ',' + (type.scale || 0) + ')' : '');
  }
  if (type.type === 'enum') return 'enum ' + type.symbols.join(' | ');
  if (type.type === 'array') return 'array<' + typeText(type.items) + '>';
  if (type.type === 'map') return 'map<string, ' + typeText(type.values) + '>';
  if (type.type === 'record') return 'record';
  return type.type;
}

function changelog(contract, previous) {
  if (!contract) return ['contract not readable'];
  if (!previous) return ['first contract: ' + flatten(contract).length + ' fields'];
  const before = new Map(flatten(previous).map(f => [f.name, f]));
  const after = new Map(flatten(contract).map(f => [f.name, f]));
  const lines = [];
  for (const [name, field] of after) {
    const old = before.get(name);
    if (!old) { lines.push('added ' + name + ' (' + field.typeText + ')'); continue; }
    if (old.typeText !== field.typeText) lines.push(name + ': ' + old.typeText + ' → ' + field.typeText);
    if ((old.pii || '') !== (field.pii || '')) lines.push(name + ': PII tag ' + (old.pii || 'none') + ' → ' + (field.pii || 'none'));
    if ((old.mask || '') !== (field.mask || '')) lines.push(name + ': mask ' + (old.mask || 'none') + ' → ' + (field.mask || 'none'));
    if ((old.doc || '') !== (field.doc || '')) lines.push(name + ': description changed');
  }
  for (const name of before.keys()) if (!after.has(name)) lines.push('removed ' + name);
  return lines.length ? lines : ['no schema change'];
}

function releasesSection(releases, older, contracts) {
  if (releases.length === 0) {
    return section('Versions and releases', 'releases-heading', h('p', {}, 'No release yet.'));
  }
  const rows = releases.map((release, index) => {
    const previous = index + 1 < releases.length ? releases[index + 1] : older;
    const [kind, tone] = classify(release, previous);
    const lines = previous && previous.contractVersion === release.contractVersion
      ? ['data refresh under contract ' + release.contractVersion]
      : changelog(contracts[release.contractVersion], previous && contracts[previous.contractVersion]);
    return h('tr', { 'data-release': release.version },
      h('th', { scope: 'row' }, release.version),
      h('td', {}, h('code', {}, release.tag),
        release.tagPresent ? null
          : [' ', badge('tag expired', null, 'The table no longer has this tag at the released snapshot: the release cannot be read by it')]),
      h('td', {}, badge(kind, tone)), h('td', {}, release.contractVersion),
      h('td', {}, number(release.rowCount)), h('td', {}, when(release.createdAt)), h('td', {}, release.createdBy),
      h('td', {}, h('ul', {}, lines.map(line => h('li', {}, line)))));
  });
  return section('Versions and releases', 'releases-heading',
    older ? h('p', { className: 'note', id: 'releases-shown' },
      'The newest ' + RELEASES_SHOWN + ' releases; older ones are listed by the API (',
      h('code', {}, 'GET /api/v1/products/' + releases[0].productId + '/releases'), ').') : null,
    h('table', { id: 'releases' },
      h('thead', {}, h('tr', {}, ['Version', 'Tag', 'Change', 'Contract', 'Rows', 'Released', 'By', 'Changelog']
        .map(title => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, rows)));
}

function schemaSection(product, contract) {
  const visible = seesPii(product);
  const fields = contract ? flatten(contract)
    : product.fields.map(f => ({ name: f.name, doc: f.doc, pii: f.pii, typeText: '—' }));
  return section('Schema', 'schema-heading',
    h('p', { className: 'note' }, visible
      ? 'Your role reads personal fields in clear.'
      : 'Personal fields are masked for your role when you query them; the mask strategy is shown.'),
    h('table', { id: 'schema' },
      h('thead', {}, h('tr', {}, ['Field', 'Type', 'Description', 'Personal data', 'Mask']
        .map(title => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, fields.map(field => h('tr', { 'data-field': field.name },
        h('th', { scope: 'row' }, h('code', {}, field.name)), h('td', {}, field.typeText),
        h('td', {}, field.doc || ''),
        h('td', {}, field.pii ? badge('PII: ' + field.pii, 'pii') : ''),
        h('td', {}, field.pii ? [h('code', {}, field.mask || 'redact'), ' ',
          visible ? badge('clear for you', 'ok') : badge('masked for you', 'warn')] : ''))))));
}

function qualitySection(releases) {
  const withResults = releases.filter(r => r.qualityResults);
  if (withResults.length === 0) {
    return section('Quality', 'quality-heading', h('p', {}, 'No quality results recorded.'));
  }
  return section('Quality', 'quality-heading', h('div', { id: 'quality' }, withResults.map((release, index) => {
    // As the SDK's and the engine's quality reports record them (QualityReport.json).
    const results = release.qualityResults.rules || [];
    const passed = results.filter(r => r.passed).length;
    return h('details', { open: index === 0 ? true : null, 'data-release': release.version },
      h('summary', {}, 'Release ', release.version, ': ', passed, ' of ', results.length, ' rules passed ',
        passed === results.length ? badge('passed', 'ok') : badge('failed', 'bad')),
      h('table', {},
        h('thead', {}, h('tr', {}, ['Rule', 'Result', 'Failing rows', 'Detail'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, results.map(r => h('tr', {},
          h('th', { scope: 'row' }, h('code', {}, r.rule)),
          h('td', {}, r.passed ? badge('pass', 'ok') : badge('fail', 'bad')),
          h('td', {}, number(r.failing)), h('td', {}, r.detail || ''))))));
  })));
}

async function lineageSection(product) {
  const target = document.getElementById('lineage');
  const usage = document.getElementById('usage');
  let graph;
  try {
    graph = await api('/api/v1/lineage?nodeId=' + encodeURIComponent('dataset:' + product.id) + '&depth=2');
  } catch (e) {
    graph = e.status === 404 ? { nodes: [], edges: [] } : null;
    if (!graph) {
      fill(target, h('h2', { id: 'lineage-heading' }, 'Lineage'), h('p', { className: 'error' }, e.message));
      return;
    }
  }
  const root = 'dataset:' + product.id;
  const upstream = graph.edges.filter(e => e.destination === root).map(e => e.origin);
  const readers = graph.edges.filter(e => e.origin === root).map(e => e.destination);
  const label = id => nodeLabel(graph.nodes.find(n => n.id === id) || { id });
  const columns = h('div', { id: 'column-lineage' });
  const button = h('button', { type: 'button', className: 'secondary', id: 'show-columns',
    'aria-controls': 'column-lineage', 'aria-expanded': 'false' }, 'Show column-level lineage');
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-expanded') === 'true') {
      columns.replaceChildren();
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show column-level lineage';
      return;
    }
    const detailed = await api('/api/v1/lineage?nodeId=' + encodeURIComponent(root) + '&depth=2&columns=true');
    const edges = detailed.columnEdges || [];
    const name = id => nodeLabel(detailed.nodes.find(n => n.id === id) || { id });
    fill(columns, edges.length === 0 ? h('p', {}, 'No column-level lineage recorded.') :
      h('table', {},
        h('thead', {}, h('tr', {}, ['From', 'To', 'How'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, edges.map(edge => h('tr', {},
          h('td', {}, name(edge.origin.nodeId), '.', h('code', {}, edge.origin.column)),
          h('td', {}, name(edge.destination.nodeId), '.', h('code', {}, edge.destination.column)),
          h('td', {}, (edge.transformations || []).map(t =>
            [t.subtype || t.type || 'derived', t.masking ? badge('masked', 'pii') : null, ' ']))))))
    );
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Hide column-level lineage';
  });
  fill(target, 
    h('h2', { id: 'lineage-heading' }, 'Lineage'),
    graph.nodes.length === 0 ? h('p', {}, 'No lineage recorded yet.') : [
      h('div', { className: 'graph', id: 'lineage-graph' }, lineageSvg(graph, root)),
      h('dl', { className: 'facts' },
        h('dt', {}, 'Upstream'), h('dd', { id: 'upstream' }, upstream.length ? upstream.map(label).join(', ') : 'none'),
        h('dt', {}, 'Read by'), h('dd', { id: 'downstream' }, readers.length ? listed(readers.map(label), graph.truncated) : 'none')),
      graph.truncated ? h('p', { className: 'note', id: 'lineage-truncated' }, 'The lineage graph stops at '
        + number(graph.nodes.length) + ' nodes: more jobs read or write this product than are shown.') : null,
      h('p', {}, button), columns]);

  await usageSection(product, graph, readers, usage);
}

/** The first few names, and how many more: a product Trino queried a thousand times has a thousand readers. */
function listed(names, more) {
  const shown = 20;
  const rest = names.length - shown;
  if (rest <= 0) return names.join(', ') + (more ? ' and more' : '');
  return names.slice(0, shown).join(', ') + ' and ' + (more ? 'more than ' : '') + number(rest) + ' more';
}

function nodeLabel(node) {
  if (node.type === 'JOB') return 'job ' + (node.name || node.id.replace(/^job:/, ''));
  return node.product || node.table || node.name || node.id.replace(/^dataset:/, '');
}

function lineageSvg(graph, root) {
  // Layers by hops from the product: upstream to the left, downstream to the right.
  const layer = new Map([[root, 0]]);
  const queue = [root];
  while (queue.length) {
    const id = queue.shift();
    for (const edge of graph.edges) {
      if (edge.origin === id && !layer.has(edge.destination)) { layer.set(edge.destination, layer.get(id) + 1); queue.push(edge.destination); }
      if (edge.destination === id && !layer.has(edge.origin)) { layer.set(edge.origin, layer.get(id) - 1); queue.push(edge.origin); }
    }
  }
  for (const node of graph.nodes) if (!layer.has(node.id)) layer.set(node.id, 0);
  const layers = [...new Set(layer.values())].sort((a, b) => a - b);
  const width = 190, gap = 60, rowHeight = 46, boxHeight = 30;
  // A column shows its first boxes and counts the rest: a thousand readers would draw a graph
  // tens of thousands of pixels tall. The text below the graph names them.
  const perColumn = 20;
  const position = new Map();
  const hidden = [];
  let rows = 0;
  layers.forEach((value, column) => {
    const members = graph.nodes.filter(n => layer.get(n.id) === value)
      .sort((a, b) => (b.id === root) - (a.id === root));
    members.slice(0, perColumn).forEach((node, row) => position.set(node.id, { x: 10 + column * (width + gap), y: 10 + row * rowHeight }));
    if (members.length > perColumn) hidden.push({ x: 10 + column * (width + gap), y: 10 + perColumn * rowHeight, count: members.length - perColumn });
    rows = Math.max(rows, Math.min(members.length, perColumn + 1));
  });
  // A group, not an image: an image's contents are hidden from screen readers, and the graph's
  // boxes link to the products they show.
  const svg = s('svg', { width: layers.length * (width + gap), height: rows * rowHeight + 20,
    role: 'group', 'aria-label': 'Lineage graph of ' + root.replace(/^dataset:/, '') });
  for (const edge of graph.edges) {
    const a = position.get(edge.origin), b = position.get(edge.destination);
    if (!a || !b) continue;
    const x1 = a.x + width, y1 = a.y + boxHeight / 2, x2 = b.x, y2 = b.y + boxHeight / 2;
    svg.append(s('path', { d: `M${x1},${y1} C${x1 + gap / 2},${y1} ${x2 - gap / 2},${y2} ${x2},${y2}`,
      'marker-end': 'url(#arrow)' }));
  }
  svg.prepend(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5',
    markerWidth: '6', markerHeight: '6', orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#5d6b7a' }))));
  for (const more of hidden) {
    svg.append(s('text', { x: more.x + 10, y: more.y + 20, class: 'more' }, '… and ' + number(more.count) + ' more'));
  }
  for (const node of graph.nodes) {
    const p = position.get(node.id);
    if (!p) continue;
    const text = nodeLabel(node);
    const short = text.length > 28 ? text.slice(0, 27) + '…' : text;
    const group = s('g', { className: null, class: (node.type === 'JOB' ? 'job' : 'dataset') + (node.id === root ? ' root' : ''),
      transform: `translate(${p.x},${p.y})` },
      s('title', {}, text),
      s('rect', { width, height: boxHeight, rx: node.type === 'JOB' ? 4 : 14 }),
      s('text', { x: 10, y: 20 }, short));
    if (node.product && node.id !== root) {
      const link = s('a', { href: '#/products/' + encodeURIComponent(node.product) });
      link.append(group);
      svg.append(link);
    } else {
      svg.append(group);
    }
  }
  return svg;
}

const CONSUMER_ROWS = 50;

async function usageSection(product, graph, readers, target) {
  const consumers = readers.map(jobId => {
    const writes = graph.edges.filter(e => e.origin === jobId).map(e => e.destination);
    return { job: graph.nodes.find(n => n.id === jobId) || { id: jobId }, writes };
  });
  let usage;
  try {
    usage = await api('/api/v1/products/' + encodeURIComponent(product.id) + '/usage');
  } catch (e) {
    usage = e.status === 404 ? null : { error: e.message };
  }
  fill(target, 
    h('h2', { id: 'usage-heading' }, 'Consumers and usage'),
    h('h3', {}, 'Consumers (from lineage)'),
    consumers.length === 0 ? h('p', {}, 'No job has read this product yet.') :
      h('table', { id: 'consumers' },
        h('thead', {}, h('tr', {}, ['Job', 'Writes'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, consumers.slice(0, CONSUMER_ROWS).map(c => h('tr', {},
          h('td', {}, nodeLabel(c.job)),
          h('td', {}, c.writes.map(id => nodeLabel(graph.nodes.find(n => n.id === id) || { id })).join(', ') || '—'))))),
    consumers.length > CONSUMER_ROWS || graph.truncated ? h('p', { className: 'note', id: 'consumers-more' },
      'The first ' + number(Math.min(consumers.length, CONSUMER_ROWS)) + ' of '
      + (graph.truncated ? 'more than ' : '') + number(consumers.length) + ' jobs are listed.') : null,
    h('h3', {}, 'Usage (Trino queries and the scoring engine)'),
    h('div', { id: 'usage-figures' }, usage === null
      ? h('p', {}, 'No usage recorded yet.')
      : usage.error ? h('p', { className: 'error' }, usage.error) : usageView(usage)));
}

function usageView(usage) {
  // The catalog answers for every product, read or not: zero reads is "none yet", not a table.
  if (!usage.queries || usage.queries.total === 0) return h('p', {}, 'No usage recorded yet.');
  const reads = usage.queries;
  const summary = h('p', {}, number(reads.total) + (reads.total === 1 ? ' read' : ' reads')
    + ' (' + number(reads.last24Hours) + ' in the last 24 hours, ' + number(reads.last30Days)
    + ' in the last 30 days) by ' + number(usage.consumerCount)
    + (usage.consumerCount === 1 ? ' consumer' : ' consumers') + ', last ' + when(usage.lastUsedAt) + '.');
  // Who read it is the owners' to see: others get the counts alone.
  if (!usage.consumers) return summary;
  return [summary,
    h('table', { id: 'usage-consumers' },
      h('thead', {}, h('tr', {}, ['Consumer', 'Kind', 'Reads', 'Last 24 hours', 'First used', 'Last used']
        .map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, usage.consumers.map(c => h('tr', {},
        h('td', {}, c.name), h('td', {}, String(c.kind).toLowerCase()),
        h('td', {}, number(c.queries.total)), h('td', {}, number(c.queries.last24Hours)),
        h('td', {}, when(c.firstUsedAt)), h('td', {}, when(c.lastUsedAt)))))),
    usage.consumersTruncated ? h('p', { className: 'note' }, 'The ' + usage.consumers.length
      + ' consumers with the most reads are listed.') : null];
}

function usageCell(usage) {
  if (!usage) return 'usage unavailable';
  if (!usage.queries || usage.queries.total === 0) return 'no usage recorded yet';
  return number(usage.queries.total) + (usage.queries.total === 1 ? ' read' : ' reads')
    + ', last ' + when(usage.lastUsedAt);
}

function snippetsSection(product, releases) {
  const { levels, table } = tableName(product);
  // Trino names a nested namespace as one schema with dots, which SQL must quote.
  const schema = levels.join('.');
  const sqlSchema = levels.length === 1 ? schema : `"${schema}"`;
  // Time travel needs a tag the table still has; data-only releases' tags expire, and releases
  // of an earlier major are tags of that major's table, not of this one.
  const major = version => version.split('.')[0];
  const latest = releases.find(release => release.tagPresent
    && major(release.contractVersion) === major(product.contractVersion));
  const principal = session().principal;
  const sql = [
    '-- the latest data',
    `SELECT * FROM mesh.${sqlSchema}.${table} LIMIT 100;`,
    latest ? `-- pinned to release ${latest.version}` : null,
    latest ? `SELECT * FROM mesh.${sqlSchema}.${table} FOR VERSION AS OF '${latest.tag}' LIMIT 100;` : null,
  ].filter(Boolean).join('\n');
  // Trino accepts users only over HTTPS (MESH_TRINO_HTTPS_PORT, 8443 by default), with a token.
  const jdbc = [
    `// JDBC URL: jdbc:trino://localhost:8443/mesh/${schema}`,
    '// truststorePassword: <data-dir>/trino/connection.properties',
    `// token: ./mesh token ${principal} | tail -n1`,
    'Properties properties = new Properties();',
    'properties.setProperty("SSL", "true");',
    'properties.setProperty("SSLTrustStorePath", "data/trino/tls/truststore.p12");',
    'properties.setProperty("SSLTrustStorePassword", truststorePassword);',
    'properties.setProperty("SSLTrustStoreType", "PKCS12");',
    'properties.setProperty("accessToken", token);',
    `try (Connection connection = DriverManager.getConnection("jdbc:trino://localhost:8443/mesh/${schema}", properties);`,
    '     Statement statement = connection.createStatement();',
    `     ResultSet rows = statement.executeQuery("SELECT * FROM ${table} LIMIT 100")) {`,
    '  while (rows.next()) { /* ... */ }',
    '}',
  ].join('\n');
  return section('Query it', 'snippets-heading',
    h('p', { className: 'note' }, 'Through Trino (HTTPS, port 8443 by default), personal fields masked for your role. ',
      h('code', {}, './mesh sql "<query>"'), ' runs the same SQL from the command line.'),
    snippet('Trino SQL', 'sql-snippet', sql), snippet('Java (trino-jdbc)', 'jdbc-snippet', jdbc));
}

function snippet(title, id, text) {
  const status = h('span', { role: 'status', className: 'note' });
  const copy = h('button', { type: 'button', className: 'secondary', 'aria-label': 'Copy ' + title },
    'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied.';
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(id));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      status.textContent = 'Selected: press Ctrl+C to copy.';
    }
  });
  return h('div', {}, h('h3', {}, title, ' ', status),
    h('div', { className: 'snippet' }, h('pre', { id, tabindex: '0' }, h('code', {}, text)), copy));
}

// ---------- dashboard ----------

async function dashboardPage() {
  show(h('h1', { id: 'dashboard-title' }, 'Live figures'),
    h('p', { className: 'note' }, 'Refreshed every 10 seconds.'),
    h('div', { id: 'figures', className: 'cards' }), h('div', { id: 'product-usage' }));
  focusMain();
  await refreshDashboard();
  // One refresh at a time: one slower than ten seconds (an engine that does not answer) is not
  // joined by the next, which would draw older figures over newer ones.
  let refreshing = false;
  refreshTimer = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    refreshDashboard().catch(() => {}).finally(() => { refreshing = false; });
  }, 10000);
}

async function refreshDashboard() {
  const [figures, stats, products] = await Promise.all([
    api('/api/v1/ui/engine/figures').catch(e => ({ reachable: false, error: e.message })),
    api('/api/v1/ui/engine/stats').catch(e => ({ error: e.status === 403
      ? 'Decision rates are not visible to your role.' : e.message })),
    // A figure that cannot be read leaves its card empty; it never hides the others.
    // One page: the usage table asks two questions per product every ten seconds.
    readsCatalog() ? listProducts('', 200).then(listing => listing.products).catch(() => [])
      : Promise.resolve([])]);
  // Asked for by name: it need not be among the first page of products.
  const claims = readsCatalog()
    ? await api('/api/v1/products/claims.claims').catch(() => null) : null;
  const latestClaims = claims
    ? await api('/api/v1/products/claims.claims/releases?pageSize=1')
      .then(page => (page.releases || [])[0] || null).catch(() => null)
    : null;
  const rates = stats.rates || {};
  const assessedShare = figures.assessed !== null && figures.assessed !== undefined && latestClaims && latestClaims.rowCount
    ? Math.min(1, figures.assessed / latestClaims.rowCount) : null;
  const card = (id, label, value, note) => h('div', { className: 'card', id },
    h('div', { className: 'figure' }, value), h('div', { className: 'label' }, label),
    note ? h('div', { className: 'note' }, note) : null);
  const target = document.getElementById('figures');
  if (!target) return;
  fill(target, 
    card('fig-assessed', 'claims assessed', number(figures.assessed),
      figures.reachable ? null : 'the scoring engine is not reachable'),
    card('fig-per-hour', 'claims assessed per hour',
      figures.perHour === null || figures.perHour === undefined ? '—' : number(Math.round(figures.perHour)),
      figures.window ? 'over the last ' + humanDuration(figures.window * 1000) : 'measuring…'),
    card('fig-assessed-share', 'of claims assessed', percent(assessedShare),
      latestClaims ? number(latestClaims.rowCount) + ' claims in claims.claims ' + latestClaims.version : 'no claims release yet'),
    card('fig-flagged', 'flagged', percent(rates.flag), stats.error || null),
    card('fig-rejected', 'rejected', percent(rates.reject), stats.error || null),
    card('fig-searches', 'case-worker searches', number(figures.searches)));

  const rows = await Promise.all(products.map(async product => {
    const graph = await api('/api/v1/lineage?nodeId=' + encodeURIComponent('dataset:' + product.id) + '&depth=1&direction=downstream')
      .catch(() => ({ nodes: [], edges: [] }));
    const readers = graph.edges.filter(e => e.origin === 'dataset:' + product.id).length;
    const usage = await api('/api/v1/products/' + encodeURIComponent(product.id) + '/usage').catch(() => null);
    // The graph stops at its node limit: the count is then a floor, and says so.
    return { product, readers, more: Boolean(graph.truncated), usage };
  }));
  const usageTarget = document.getElementById('product-usage');
  if (!usageTarget) return;
  fill(usageTarget, h('h2', {}, 'Product usage'),
    h('table', { id: 'usage-table' },
      h('thead', {}, h('tr', {}, ['Product', 'Consumer jobs (lineage)', 'Usage'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map(row => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: '#/products/' + encodeURIComponent(row.product.id) }, row.product.id)),
        h('td', {}, (row.more ? 'more than ' : '') + number(row.readers)),
        h('td', {}, usageCell(row.usage)))))));
}

// ---------- case work ----------

const CRITERIA = [
  ['claim_id', 'Claim id'], ['nino', 'National Insurance number'], ['bank_account', 'Bank account (sort code-account)'],
  ['postcode', 'Postcode'], ['device', 'Device'], ['name', 'Name (fuzzy)'],
];

function casesPage() {
  if (!hasRole('case-worker', 'admin')) {
    show(h('h1', {}, 'Case work'), h('p', { className: 'error', role: 'alert', id: 'case-denied' },
      'Case work needs the case-worker role; you are signed in as ' + session().principal + '.'));
    focusMain();
    return;
  }
  const criterion = h('select', { id: 'criterion', name: 'criterion' },
    CRITERIA.map(([value, label]) => h('option', { value }, label)));
  const value = h('input', { id: 'value', name: 'value', required: true, autocomplete: 'off' });
  const reason = h('input', { id: 'reason', name: 'reason', required: true, placeholder: 'case-1234',
    pattern: '[A-Za-z0-9 ._:/#-]{1,100}', title: '1 to 100 letters, digits, spaces or . _ : / # -' });
  const results = h('div', { id: 'case-results', 'aria-live': 'polite' });
  const form = h('form', { className: 'inline', role: 'search', 'aria-label': 'Search claims' },
    h('label', { for: 'criterion' }, 'Search by', criterion),
    h('label', { for: 'value' }, 'Value', value),
    h('label', { for: 'reason' }, 'Reason (case reference)', reason),
    h('button', { type: 'submit', id: 'case-search' }, 'Search'));
  let cursor = null;
  let shown = { results: [], claimants: [] };
  // The search as submitted: "More results" pages it, whatever the form holds by then.
  let searched = null;
  // Each request's number: an answer to a request overtaken by a newer one is dropped.
  let latest = 0;
  const run = async (more, button) => {
    if (!more) {
      searched = new URLSearchParams({ [criterion.value]: value.value.trim(), reason: reason.value.trim() });
    }
    const params = new URLSearchParams(searched);
    if (more && cursor) params.set('cursor', cursor);
    const request = ++latest;
    if (button) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
    }
    try {
      const answer = await api('/api/v1/ui/engine/search?' + params);
      if (request !== latest) return;
      cursor = answer.next_cursor || null;
      const before = more ? shown.results.length : 0;
      shown = more
        ? { results: shown.results.concat(answer.results || []), claimants: shown.claimants.concat(answer.claimants || []) }
        : { results: answer.results || [], claimants: answer.claimants || [] };
      renderCases(shown, results, cursor ? next => run(true, next) : null);
      // The pressed button is gone with the old page of results: focus the first new claim.
      const added = more ? results.querySelectorAll('article')[before] : null;
      if (added) {
        added.setAttribute('tabindex', '-1');
        added.focus();
      }
    } catch (e) {
      if (request !== latest) return;
      fill(results, h('p', { className: 'error', role: 'alert' }, e.message));
    }
  };
  form.addEventListener('submit', event => { event.preventDefault(); run(false); });
  show(h('h1', {}, 'Case work'),
    h('p', { className: 'note' }, 'Searches go to the scoring engine with your token and are audited with your reason; the searched value is never stored.'),
    form, results);
  criterion.focus();
}

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

function pounds(amount) {
  return amount === null || amount === undefined || Number.isNaN(Number(amount)) ? '—'
    : POUNDS.format(Number(amount));
}

function decisionBadge(decision) {
  return badge(decision, { ACCEPT: 'ok', FLAG: 'warn', REJECT: 'bad' }[decision]);
}

function renderCases(answer, target, next) {
  const claims = (answer.results || []).map(result => {
    const claim = result.claim || {};
    const decision = result.decision || {};
    return h('article', { className: 'result-claim', 'data-claim': claim.claim_id },
      h('h3', {}, 'Claim ', h('code', {}, claim.claim_id), ' ', decision.decision ? decisionBadge(decision.decision) : null,
        result.outcome ? badge(result.outcome.outcome, result.outcome.outcome === 'CONFIRMED_FRAUD' ? 'bad' : 'ok') : null),
      h('dl', { className: 'facts' },
        h('dt', {}, 'Claimant'), h('dd', {}, claim.claimant_id, ' — ', claim.name || ''),
        h('dt', {}, 'Scheme'), h('dd', {}, claim.scheme || '—', ', ', pounds(claim.amount_claimed)),
        h('dt', {}, 'NINO'), h('dd', {}, claim.nino || '—'),
        h('dt', {}, 'Bank account'), h('dd', {}, [claim.bank_sort_code, claim.bank_account_number].filter(Boolean).join(' ') || '—'),
        h('dt', {}, 'Postcode'), h('dd', {}, claim.postcode || '—'),
        h('dt', {}, 'Risk score'), h('dd', {}, decision.risk_score ?? '—', decision.ruleset_version ? ' (ruleset ' + decision.ruleset_version + ')' : ''),
        h('dt', {}, 'Decided'), h('dd', {}, when(decision.decided_at)),
        result.similarity !== undefined ? [h('dt', {}, 'Name similarity'), h('dd', {}, result.similarity)] : null),
      h('h4', {}, 'Reasons'),
      (decision.reasons || []).length === 0 ? h('p', {}, 'No rule fired.') :
        h('ul', { className: 'reasons' }, decision.reasons.map(reason =>
          h('li', {}, h('code', {}, reason.code), ' ', reason.text, ' ', h('span', { className: 'note' }, '(' + reason.rule_id + ')')))));
  });
  fill(target, 
    h('p', { role: 'status', id: 'case-count' }, answer.results.length + (answer.results.length === 1 ? ' claim' : ' claims')),
    ...claims,
    next ? h('button', { type: 'button', className: 'secondary', id: 'case-more',
      onclick: event => next(event.currentTarget) }, 'More results') : '',
    h('h2', { id: 'links-heading' }, 'Linked claimants'),
    linkedGraph(answer.claimants));
}

function linkedGraph(claimants) {
  const withLinks = claimants.filter(c => (c.links || []).length > 0);
  if (withLinks.length === 0) return h('p', { id: 'links' }, 'No linked claimants: these claimants share no bank account, device or postcode with others.');
  // One row per claimant on the page, its linked claimants fanned out to the right.
  const rowHeight = 34, width = 760;
  let y = 10;
  const svg = s('svg', { role: 'img', 'aria-label': 'Linked claimants graph', width });
  const table = h('table', { id: 'links' },
    h('thead', {}, h('tr', {}, ['Claimant', 'Linked claimant', 'Shared', 'Claims'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}));
  for (const claimant of withLinks) {
    const top = y;
    for (const link of claimant.links) {
      svg.append(
        s('path', { d: `M200,${top + 15} C300,${top + 15} 330,${y + 15} 440,${y + 15}` }),
        s('text', { x: 450, y: y + 19 }, link.claimant_id + ' — ' + link.via + ' (' + link.shared_claims + ')'));
      table.tBodies[0].append(h('tr', {}, h('td', {}, claimant.claimant_id), h('td', {}, link.claimant_id),
        h('td', {}, link.via.replace('_', ' ')), h('td', {}, number(link.shared_claims))));
      y += rowHeight;
    }
    svg.append(s('g', { class: 'dataset root', transform: `translate(10,${top})` },
      s('rect', { width: 190, height: 30, rx: 14 }), s('text', { x: 10, y: 20 }, claimant.claimant_id)));
    y += 10;
  }
  svg.setAttribute('height', y + 10);
  return h('div', {}, h('div', { className: 'graph' }, svg), table);
}

// ---------- start ----------

document.getElementById('sign-out').addEventListener('click', signOut);
// The skip link must not change the hash: the hash is the page.
document.querySelector('.skip').addEventListener('click', event => {
  event.preventDefault();
  focusMain();
});
window.addEventListener('hashchange', route);
route();
