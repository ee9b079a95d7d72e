// The one k6 script behind every scenario. Options and parameters come from the Python model
// (perf/k6harness/plan.py, built from the seed's facts in seed.py) through the JSON file named by
// K6_PLAN. No remote imports.
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Rate, Trend } from 'k6/metrics';

const plan = JSON.parse(open(__ENV.K6_PLAN));
const P = plan.params;
const API_KEY = __ENV.SHLINK_API_KEY;
// Through a port-forward to the ingress gateway the URL host is 127.0.0.1: route by Host header instead.
const HOST = P.hostHeader ? { Host: P.hostHeader } : {};
const JSON_HEADERS = { ...HOST, 'Content-Type': 'application/json', 'X-Api-Key': API_KEY, Accept: 'application/json' };

export const options = plan.options;

// The seed's extra latency checks (e.g. viral "cached (fast response)" < 100 ms), reported, not thresholded.
const seedLatencyChecks = new Rate('seed_latency_checks');
// The SLO spec's latency SLI (slo/shlink.yaml): requests slower than the SLO threshold, per type.
const sloSlow = new Rate('slo_slow');
// The seed's cache-scenario metrics: a redirect under cacheSplitMs counts as a "hit" (latency classification).
const cacheMetrics = P.seedCacheMetrics ? {
  hit: new Rate('cache_hit_rate'), cached: new Trend('cached_response_time', true),
  uncached: new Trend('uncached_response_time', true), success: new Rate('redirect_success_rate'),
} : null;

let failuresLogged = 0; // per VU: the harness keeps the first N of these lines

function logFailure(type, res, what) {
  if (failuresLogged >= P.failureBodies) return;
  failuresLogged += 1;
  const body = (res.body || '').toString().slice(0, 300).replace(/\s+/g, ' ');
  console.warn(`perf-failure type=${type} what=${what} status=${res.status} error=${res.error || ''} body=${body}`);
}

function fill(template, vars) {
  return template == null ? null : template.replace(/\{(\w+)\}/g, (m, k) => String(vars[k]));
}

function createBody(payload, vars) {
  const body = { longUrl: fill(payload.longUrl, vars) };
  if (payload.slug) body.customSlug = fill(payload.slug, vars);
  if (payload.findIfExists !== null) body.findIfExists = payload.findIfExists;
  if (payload.tags.length) body.tags = payload.tags;
  if (payload.title) body.title = fill(payload.title, vars);
  return body;
}

function jsonField(res, field) {
  try { return res.json(field); } catch (e) { return undefined; }
}

// POST one short URL; returns its short code or null. A taken custom slug (problem type
// non-unique-slug) counts as existing in setup, so the cache scenario's fixed slugs survive re-runs.
function create(type, payload, index, timeout) {
  const vars = { ts: Date.now(), i: index, n: index + 1, rand: Math.floor(Math.random() * 1000000) };
  const body = createBody(payload, vars);
  const res = http.post(`${P.baseUrl}/rest/v3/short-urls`, JSON.stringify(body), {
    headers: JSON_HEADERS, tags: { type }, timeout,
  });
  let code = (res.status === 200 || res.status === 201) ? jsonField(res, 'shortCode') : undefined;
  const taken = type === 'setup' && res.status === 400 && body.customSlug
    && String(jsonField(res, 'type') || '').endsWith('/non-unique-slug');
  if (taken) code = body.customSlug;
  const ok = check(res, { [`${type}: created (200/201 with shortCode)`]: () => !!code }, { type });
  if (!ok) logFailure(type, res, 'create');
  return { ok, code: ok ? code : null, res };
}

export function setup() {
  const all = [];
  const groups = {};
  const viral = [];
  let planned = 0;
  for (const g of P.setup) {
    groups[g.name] = [];
    for (let i = 0; i < g.count; i++) {
      planned += 1;
      const { code } = create('setup', g.payload, i, P.creationTimeout);
      if (code) {
        groups[g.name].push(code);
        all.push(code);
        if (i < P.viralUrls) viral.push(code); // the seed marks setup indices below 10 as viral candidates
      }
      if (g.pauseS > 0) sleep(g.pauseS);
    }
  }
  if (all.length === 0) throw new Error(`setup created none of ${planned} short URLs`);
  return { all, groups, viral, planned, created: all.length, loadStartMs: Date.now() };
}

let poolCache = null;

function pools(data) {
  if (poolCache) return poolCache;
  const p = { all: data.all, top20: data.all.slice(0, Math.floor(data.all.length * 0.2)), viral: data.viral };
  p.viral3 = data.viral.slice(0, Math.min(3, data.viral.length));
  for (const name of Object.keys(data.groups)) if (!p[name]) p[name] = data.groups[name];
  p.hot = new Set(p[P.hotPool] || []);
  poolCache = p;
  return p;
}

// The seed's else-if chain: one uniform draw; a branch whose guard fails falls through to the next.
function pick(data, mix) {
  const p = pools(data);
  const u = Math.random();
  let cum = 0;
  for (let b = 0; b < mix.length; b++) {
    cum += mix[b].share;
    const codes = p[mix[b].pool] || [];
    const guard = codes.length > 0 && (mix[b].pool === 'viral' || data.all.length > mix[b].minAll);
    if ((u < cum || b === mix.length - 1) && guard) return codes[Math.floor(Math.random() * codes.length)];
  }
  return p.all[Math.floor(Math.random() * p.all.length)];
}

function pause(S) {
  const [lo, hi] = S.pauseS;
  const s = lo === hi ? lo : lo + Math.random() * (hi - lo);
  if (s > 0) sleep(s);
}

function follow(type, data) {
  const S = P.streams[type];
  const code = pick(data, S.mix);
  const rank = pools(data).hot.has(code) ? 'hot' : 'tail';
  const tags = { type, rank };
  // opt-in cold-vs-warm split: seconds since setup() ended (when the scenarios' clock starts)
  if (P.warmupS !== null) tags.phase = (Date.now() - data.loadStartMs) / 1000 < P.warmupS ? 'warmup' : 'steady';
  const res = http.get(`${P.baseUrl}/${code}`, { redirects: 0, headers: HOST, tags, timeout: S.timeout });
  const ok = check(res, {
    [`${type}: ${S.okStatus.join('/')} with Location`]: (r) => S.okStatus.includes(r.status) && !!r.headers.Location,
  }, { type, rank });
  if (!ok) logFailure(type, res, code);
  const d = res.timings.duration;
  if (S.latencyCheckMs) seedLatencyChecks.add(d < S.latencyCheckMs, { type });
  if (P.sloSlowMs[type]) sloSlow.add(d > P.sloSlowMs[type], { type });
  if (cacheMetrics) {
    const fast = d < P.cacheSplitMs;
    cacheMetrics.hit.add(fast);
    (fast ? cacheMetrics.cached : cacheMetrics.uncached).add(d);
    cacheMetrics.success.add(ok && d < S.latencyCheckMs);
  }
  pause(S);
}

export function creation() {
  const S = P.streams.creation;
  const { res } = create('creation', S.payload, 0, S.timeout);
  if (S.latencyCheckMs) seedLatencyChecks.add(res.timings.duration < S.latencyCheckMs, { type: 'creation' });
  if (P.sloSlowMs.creation) sloSlow.add(res.timings.duration > P.sloSlowMs.creation, { type: 'creation' });
  pause(S);
}

export function redirect(data) { follow('redirect', data); }

export function viral(data) { follow('viral', data); }

export function handleSummary(data) {
  return { [__ENV.K6_SUMMARY]: JSON.stringify(data, null, 2) };
}
