// The one k6 script behind every scenario. Options and parameters come from the Python model
// (perf/k6harness/plan.py) through the JSON file named by K6_PLAN. No remote imports.
import http from 'k6/http';
import { check, sleep } from 'k6';

const plan = JSON.parse(open(__ENV.K6_PLAN));
const P = plan.params;
const API_KEY = __ENV.SHLINK_API_KEY;
// Through a port-forward to the ingress gateway the URL host is 127.0.0.1: route by Host header instead.
const HOST = P.hostHeader ? { Host: P.hostHeader } : {};
const JSON_HEADERS = { ...HOST, 'Content-Type': 'application/json', 'X-Api-Key': API_KEY, Accept: 'application/json' };

export const options = plan.options;

function createShortUrl(type) {
  const longUrl = `https://example.com/${type}/${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const res = http.post(`${P.baseUrl}/rest/v3/short-urls`, JSON.stringify({ longUrl }), {
    headers: JSON_HEADERS, tags: { type },
  });
  const ok = check(res, { 'created 200 with shortCode': (r) => r.status === 200 && !!r.json('shortCode') }, { type });
  return ok ? res.json('shortCode') : null;
}

export function setup() {
  // Paced creation of the URL population; setupPauseS is already scaled by --time-scale.
  const codes = [];
  for (let i = 0; i < P.setupUrls; i++) {
    const code = createShortUrl('setup');
    if (code) codes.push(code);
    if (P.setupPauseS > 0) sleep(P.setupPauseS);
  }
  if (codes.length === 0) throw new Error('setup created no short URLs');
  return { codes, viral: codes.slice(0, Math.max(1, P.viralUrls)) };
}

function pareto(codes) {
  const cum = P.paretoCumulative;
  const u = Math.random() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < u) lo = mid + 1; else hi = mid;
  }
  return codes[Math.min(lo, codes.length - 1)];
}

function pick(data, how) {
  if (how === 'viral') return data.viral[Math.floor(Math.random() * data.viral.length)];
  if (how === 'pareto') return pareto(data.codes);
  return data.codes[Math.floor(Math.random() * data.codes.length)];
}

function follow(type, code) {
  const res = http.get(`${P.baseUrl}/${code}`, { redirects: 0, headers: HOST, tags: { type } });
  check(res, { 'redirect 302 with Location': (r) => r.status === 302 && !!r.headers.Location }, { type });
}

export function creation() { createShortUrl('creation'); }

export function redirect(data) { follow('redirect', pick(data, P.popular.redirect)); }

export function viral(data) { follow('viral', pick(data, 'viral')); }

export function handleSummary(data) {
  return { [__ENV.K6_SUMMARY]: JSON.stringify(data, null, 2) };
}
