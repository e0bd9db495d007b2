// Issue 27: the team's deployment, exercised as it is documented — Debian's nginx in
// front, TLS on a self-signed certificate, the page under a sub-path (/hanseek/),
// names and secrets from an access file — with the recipe docs/deploy/nginx-hanseek.conf
// itself (its ports, names and certificate paths replaced), searched in Chromium.
// Before, under a sub-path the page loaded /app.js, /style.css and /api/… from the
// root and did nothing, and there was no access control.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, rmSync, existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, hanseek, startServer, launchBrowser } from './support.mjs';

const nginxPath = process.env.NGINX || '/usr/sbin/nginx';
const user = '김분석';
const secret = '수요일마다-보고서-읽기';
let work, server, nginx, proxied, browser;

// A free loopback port (taken, then given back to nginx).
function freePort() {
  return new Promise((ready) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ready(port));
    });
  });
}

// The recipe, made to run here: loopback ports, this run's certificate.
function recipe(port, hanseekAddress, certificate, key) {
  const text = readFileSync(join(root, 'docs/deploy/nginx-hanseek.conf'), 'utf8');
  const replaced = text
    .replace('listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`)
    .replace('/etc/ssl/hanseek/cert.pem', certificate)
    .replace('/etc/ssl/hanseek/key.pem', key)
    .replace('http://127.0.0.1:8417/', `http://${hanseekAddress}/`);
  for (const original of ['listen 443', '/etc/ssl/hanseek', '127.0.0.1:8417']) {
    assert.ok(!replaced.includes(original), `the recipe changed: ${original} is still in it`);
  }
  return replaced;
}

// nginx in the foreground, one process (no user switch), logs and temp files in `dir`.
async function startNginx(dir, site, port) {
  const temp = (name) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(join(dir, 'nginx.conf'), `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  ${site}
}
`);
  const child = spawn(nginxPath, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr.on('data', (chunk) => { said += chunk; });
  // Ready when it accepts connections.
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${said} ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    const up = await new Promise((done) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); done(true); });
      socket.on('error', () => done(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen: ${said}`);
}

before(async () => {
  assert.ok(existsSync(nginxPath), `${nginxPath} is missing: apt-get install nginx`);
  work = mkdtempSync(join(tmpdir(), 'hanseek-deploy-'));
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  copyFileSync(join(root, 'corpus/kostec-weekly-2023-12-01.md'), join(corpus, 'kostec-weekly-2023-12-01.md'));
  copyFileSync(join(root, 'tests/fixtures/pdf/report/kostec-weekly-2023-12-08.pdf'), join(corpus, 'kostec-weekly-2023-12-08.pdf'));
  const index = join(work, 'index');
  execFileSync(hanseek, ['index', 'build', '--corpus', corpus, '--index', index], { stdio: 'ignore' });
  const access = join(work, 'access');
  writeFileSync(access, `${user}:${secret}\n`);
  chmodSync(access, 0o600);
  const started = await startServer(index, ['--behind-proxy', '--auth-file', access]);
  server = started.child;
  const certificate = join(work, 'cert.pem');
  const key = join(work, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', certificate], { stdio: 'ignore' });
  const port = await freePort();
  const nginxDir = join(work, 'nginx');
  mkdirSync(nginxDir);
  nginx = await startNginx(nginxDir, recipe(port, started.url.replace('http://', ''), certificate, key), port);
  proxied = `https://127.0.0.1:${port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  nginx?.kill();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('through nginx over TLS under /hanseek/, signed in: search, an article, its PDF', async () => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, httpCredentials: { username: user, password: secret } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  const requested = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requested.push(request.url()));
  // Without the slash, nginx sends the browser to it.
  await page.goto(`${proxied}/hanseek`);
  assert.equal(new URL(page.url()).pathname, '/hanseek/');
  await page.locator('#q').pressSequentially('리튬배터리', { delay: 30 });
  await page.waitForSelector('#hits .hit');
  const ids = await page.$$eval('#hits .hit', (hits) => hits.map((h) => h.dataset.id));
  assert.ok(ids.includes('kostec-weekly-2023-12-08/III-02'), ids.join(' '));
  await page.click('#hits .hit[data-id="kostec-weekly-2023-12-08/III-02"] h3 a');
  await page.waitForSelector('#document a.original');
  const original = await page.$eval('#document a.original', (a) => a.href);
  assert.equal(original, `${proxied}/hanseek/api/documents/kostec-weekly-2023-12-08/III-02/original#page=14`);
  const pdf = await page.evaluate(async (href) => {
    const response = await fetch(href);
    return { status: response.status, head: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5)) };
  }, original);
  assert.deepEqual(pdf, { status: 200, head: '%PDF-' });
  // Every file and every API call went through the sub-path.
  const outside = requested.filter((url) => !url.startsWith(`${proxied}/hanseek`));
  assert.deepEqual(outside, []);
  assert.ok(requested.some((url) => url.startsWith(`${proxied}/hanseek/api/search?`)), requested.join('\n'));
  // The answers come compressed through the proxy.
  const answer = await page.evaluate(async () => {
    const response = await fetch('api/search?q=' + encodeURIComponent('중국') + '&limit=100');
    return { status: response.status, total: (await response.json()).total };
  });
  assert.equal(answer.status, 200);
  assert.ok(answer.total > 10);
  assert.deepEqual(errors, []);
  await context.close();
});

test('through nginx without the access file\'s secret: 401, and the browser is asked', async () => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  // A headless browser cannot show the sign-in prompt (navigating fails with
  // ERR_INVALID_AUTH_CREDENTIALS); the answer that makes a browser show it is read.
  const response = await context.request.get(`${proxied}/hanseek/`);
  assert.equal(response.status(), 401);
  assert.match(response.headers()['www-authenticate'], /^Basic realm="hanseek"/);
  assert.match((await response.json()).error, /name and secret/);
  const health = await context.request.get(`${proxied}/hanseek/health`);
  assert.equal(health.status(), 200);
  const compressed = await context.request.get(`${proxied}/hanseek/api/search?q=${encodeURIComponent('중국')}&limit=100`, {
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`, 'Accept-Encoding': 'gzip' },
  });
  assert.equal(compressed.status(), 200);
  assert.equal(compressed.headers()['content-encoding'], 'gzip');
  await context.close();
});
