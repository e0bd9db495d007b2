// Issue 27: /api/openapi.json checked by real validators, against real answers.
// The document itself by @seriousme/openapi-schema-validator (the OpenAPI 3.0 JSON
// schema); each answer of a running server — every path, successes and errors — by
// openapi-response-validator (Ajv), with every object schema closed
// (additionalProperties: false), so that a field the server sends and the description
// lacks fails too. OpenAPI 3.0.3 says a nullable enum must list null: today's file
// declared korean_via nullable with an enum without null, so a strict validator
// rejected real /api/suggest answers; that rule is checked here as well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import responseValidator from 'openapi-response-validator';

// A CommonJS module: its class is the default export's `default`.
const ResponseValidator = responseValidator.default ?? responseValidator;
import { root, hanseek, startServer } from './support.mjs';

const description = JSON.parse(readFileSync(join(root, 'crates/server/openapi.json'), 'utf8'));
let work, server, base;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'hanseek-openapi-'));
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  copyFileSync(join(root, 'corpus/kostec-weekly-2023-12-01.md'), join(corpus, 'kostec-weekly-2023-12-01.md'));
  copyFileSync(join(root, 'tests/fixtures/pdf/report/kostec-weekly-2023-12-08.pdf'), join(corpus, 'kostec-weekly-2023-12-08.pdf'));
  const index = join(work, 'index');
  execFileSync(hanseek, ['index', 'build', '--corpus', corpus, '--index', index, '--aliases', join(root, 'aliases.txt')], { stdio: 'ignore' });
  ({ child: server, url: base } = await startServer(index));
});

after(() => {
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the description is a valid OpenAPI 3.0 document', async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(description));
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.equal(validator.version, '3.0');
});

test('every nullable enum lists null (OpenAPI 3.0.3)', () => {
  const wrong = [];
  const visit = (schema, path) => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) wrong.push(path);
    for (const [key, value] of Object.entries(schema)) visit(value, `${path}/${key}`);
  };
  visit(description, '#');
  assert.deepEqual(wrong, []);
});

// Each object schema closed: a field the server sends must be described.
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]));
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

const components = closed(description.components);

// The real answer to `target`, checked against what `template` says of its status.
async function check(template, target) {
  const operation = description.paths[template]?.get;
  assert.ok(operation, `${template} is not described`);
  const response = await fetch(base + target);
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  const validator = new ResponseValidator({ responses: closed(operation.responses), components });
  const error = validator.validateResponse(response.status, body);
  return { status: response.status, error: error && JSON.stringify(error.errors.slice(0, 5)), body };
}

test('real answers of every path, successes and errors, are what the description says', async () => {
  const q = (text) => encodeURIComponent(text);
  const cases = [
    ['/api/search', `/api/search?q=${q('무인기')}`, 200],
    ['/api/search', `/api/search?q=${q('ㅇㄱㅈㄴ')}&explain=true`, 200],
    ['/api/search', `/api/search?q=${q('반도채')}&sort=date&kind=article`, 200],
    ['/api/search', `/api/search?q=${q('雙飛翼 OR 취젠')}&section=${q('정책동향')}&since=2023-01-01`, 200],
    ['/api/search', `/api/search?q=${q('国家创新指数报告')}`, 200],
    ['/api/search', `/api/search?q=${q('중국')}&limit=0`, 200],
    ['/api/search', `/api/search?q=${q('"unclosed')}`, 400],
    ['/api/search', '/api/search?q=x&color=red', 400],
    ['/api/suggest', `/api/suggest?q=${q('广东')}`, 200],
    ['/api/suggest', `/api/suggest?q=${q('인공ㅈ')}&limit=3`, 200],
    ['/api/suggest', '/api/suggest', 400],
    ['/api/analyze', `/api/analyze?text=${q('인공지능 人工智能 CASTED 2023년')}&analyzer=hanseek_bridge`, 200],
    ['/api/analyze', `/api/analyze?text=x&analyzer=nori`, 400],
    ['/api/documents/{id}', '/api/documents/kostec-weekly-2023-12-01/III-01', 200],
    ['/api/documents/{id}', '/api/documents/kostec-weekly-2023-12-01/III-01/ref-1', 200],
    ['/api/documents/{id}', '/api/documents/kostec-weekly-2023-12-08/I-01', 200],
    ['/api/documents/{id}', '/api/documents/kostec-weekly-2023-12-01/III-01?body_chars=100&body_from=50', 200],
    ['/api/documents/{id}', `/api/documents/kostec-weekly-2023-12-01/II-04?q=${q('광둥성')}`, 200],
    ['/api/documents/{id}', `/api/documents/kostec-weekly-2023-12-01/III-01/ref-2?q=${q('무인기')}`, 200],
    ['/api/documents/{id}', `/api/documents/kostec-weekly-2023-12-01/II-04?q=${q('"광둥성')}`, 400],
    ['/api/documents/{id}', '/api/documents/no/such', 404],
    ['/api/documents/{id}/related', '/api/documents/kostec-weekly-2023-12-01/III-01/related?limit=5', 200],
    ['/api/documents/{id}/related', '/api/documents/kostec-weekly-2023-12-01/III-01/related?limit=500', 400],
    ['/api/documents/{id}/related', '/api/documents/no/such/related?limit=5', 404],
    ['/api/documents/{id}/original', '/api/documents/kostec-weekly-2023-12-01/III-01/original', 404],
    ['/api/stats', '/api/stats', 200],
    ['/api/openapi.json', '/api/openapi.json', 200],
    ['/health', '/health', 200],
    ['/metrics', '/metrics', 200],
  ];
  const failures = [];
  for (const [template, target, expected] of cases) {
    const { status, error } = await check(template, target);
    if (status !== expected) failures.push(`${target}: ${status}, not ${expected}`);
    else if (error) failures.push(`${target} (${status}): ${error}`);
  }
  // Refusals the server makes for any path: the description's default answer.
  for (const [template, target, init, expected] of [
    ['/api/search', `/api/search?q=${q('무인기')}`, { method: 'POST' }, 405],
    ['/api/search', `/api/search?q=${'a'.repeat(9000)}`, {}, 414],
  ]) {
    const response = await fetch(base + target, init);
    const validator = new ResponseValidator({ responses: closed(description.paths[template].get.responses), components });
    assert.equal(response.status, expected);
    const error = validator.validateResponse(response.status, await response.json());
    assert.equal(error, undefined, JSON.stringify(error));
  }
  // The original PDF: its status and type as described.
  const pdf = await fetch(base + '/api/documents/kostec-weekly-2023-12-08/I-01/original');
  assert.equal(pdf.status, 200);
  assert.ok(Object.keys(description.paths['/api/documents/{id}/original'].get.responses['200'].content).includes('application/pdf'));
  assert.deepEqual(failures, []);
});
