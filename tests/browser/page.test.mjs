// The search page in a real headless Chromium: search-as-you-type with highlights,
// cross-script badges, facets and dates, suggestions under the box, the article view
// with its related documents and back, a stale answer that must not win, `/` to
// focus, and documents with markup shown as text.
// Run by scripts/test.sh after the cargo tests (it uses their target/debug/hanseek).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, hanseek, chromiumPath, startServer, launchBrowser } from './support.mjs';

let work, server, base, browser;

before(async () => {
  assert.ok(existsSync(hanseek), `${hanseek} is missing: run cargo test (or cargo build) first`);
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  work = mkdtempSync(join(tmpdir(), 'hanseek-browser-'));
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  copyFileSync(join(root, 'corpus/kostec-weekly-2023-12-01.md'), join(corpus, 'kostec-weekly-2023-12-01.md'));
  copyFileSync(join(root, 'tests/fixtures/xss.jsonl'), join(corpus, 'xss.jsonl'));
  const index = join(work, 'index');
  execFileSync(hanseek, ['index', 'build', '--corpus', corpus, '--index', index, '--aliases', join(root, 'aliases.txt')], { stdio: 'ignore' });
  ({ child: server, url: base } = await startServer(index));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openPage(path = '/') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(base + path);
  return { page, errors };
}

const hitIds = (page) => page.$$eval('#hits .hit', (hits) => hits.map((h) => h.dataset.id));

test('typing 리튬배터리 shows highlighted hits, ranked', async () => {
  const { page, errors } = await openPage();
  await page.locator('#q').pressSequentially('리튬배터리', { delay: 30 });
  await page.waitForSelector('#hits .hit');
  const titles = await page.$$eval('#hits .hit h3', (h) => h.map((x) => x.textContent));
  assert.ok(titles[0].includes('리튬배터리'), titles.join(' | '));
  const marks = await page.$$eval('#hits mark', (m) => m.map((x) => x.textContent));
  assert.ok(marks.some((m) => m.includes('리튬') || m.includes('배터리')), marks.join(','));
  assert.match(await page.textContent('#status'), /총 3건/);
  assert.equal(new URL(page.url()).searchParams.get('q'), '리튬배터리');
  assert.deepEqual(errors, []);
  await page.close();
});

test('cross-script hits carry their badge; 無人機 finds the 无人机 source', async () => {
  const { page } = await openPage('/?q=' + encodeURIComponent('무인기'));
  await page.waitForSelector('#hits .hit .badge.bridge');
  const badge = await page.textContent('#hits .hit .badge.bridge');
  assert.match(badge, /한자 독음 무인기 ← 无人机/);
  await page.fill('#q', '無人機');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '無人機');
  // The answer for 無人機, not the one for 무인기 still on the page (its snippets mark 无人机 too).
  await page.waitForFunction(() => /간체/.test(document.querySelector('#hits .hit .badge.bridge')?.textContent || ''));
  await page.waitForFunction(() => [...document.querySelectorAll('#hits mark')].some((m) => m.textContent === '无人机'));
  const source = await page.$eval('#hits .hit', (hit) => hit.textContent);
  assert.match(source, /新型无人机/);
  assert.match(await page.textContent('#hits .hit .badge.bridge'), /간체 无人机 ← 無人機/);
  await page.close();
});

test('a typo and initials are badged as what they are, not as another script', async () => {
  const { page } = await openPage('/?q=' + encodeURIComponent('반도채'));
  await page.waitForSelector('#hits .hit .badge.bridge');
  const badge = await page.$('#hits .hit .badge.bridge');
  assert.match(await badge.textContent(), /오타 반도채 → 반도체/);
  assert.match(await badge.getAttribute('title'), /^입력과 다르게 일치: typo 반도채 → 반도체$/);
  await page.fill('#q', 'ㅂㄷㅊ');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => /초성 ㅂㄷㅊ → 반도체/.test(document.querySelector('#hits .hit .badge.bridge')?.textContent || ''));
  await page.close();
});

test('a total past the bound reads "이상" and the facets say what they count (issue 29.1)', async () => {
  const { page, errors } = await openPage();
  // The bundled report is too small to pass 10,000 matches: the server's answer is
  // made to say what a large archive's would (the server side is tested in Rust).
  await page.route('**/api/search?*', async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    await route.fulfill({ response, json: { ...json, total: 10000, total_relation: 'gte', facets_counted: 1000 } });
  });
  await page.goto(base + '/?q=' + encodeURIComponent('인공지능'));
  await page.waitForSelector('#hits .hit');
  assert.match(await page.textContent('#status'), /총 10,000건 이상 중 1–\d+ \(/);
  assert.equal(await page.textContent('#facets .facet-note'), '관련도 상위 1,000건 기준');
  await page.unroute('**/api/search?*');
  await page.fill('#q', '리튬배터리');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => /총 3건 중/.test(document.querySelector('#status')?.textContent || ''));
  await page.waitForSelector('#facets[aria-busy=false]');
  assert.equal(await page.$('#facets .facet-note'), null, 'every match counted: no note');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the hits show before the facets are counted, which follow in their own request (issue 29.3)', async () => {
  const { page, errors } = await openPage();
  const asked = [];
  // The facets' request (limit=0) answers 1.5 s late, as a large archive's would later.
  await page.route('**/api/search?*', async (route) => {
    const parameters = new URL(route.request().url()).searchParams;
    asked.push(Object.fromEntries(parameters));
    if (parameters.get('limit') === '0') await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(base + '/?q=' + encodeURIComponent('인공지능'));
  await page.waitForSelector('#hits .hit');
  assert.equal(await page.getAttribute('#facets', 'aria-busy'), 'true', 'the facets are still being counted');
  assert.equal(await page.$('#facets button[data-facet=section]'), null);
  await page.waitForSelector('#facets button[data-facet=section]');
  assert.equal(await page.getAttribute('#facets', 'aria-busy'), 'false');
  assert.equal(asked[0].facets, 'false', 'the hits are asked for without facets');
  assert.ok(asked.some((p) => p.limit === '0' && p.facets === undefined), JSON.stringify(asked));
  // A newer search's hits are not held up by the older one's facets.
  await page.fill('#q', '리튬배터리');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => /총 3건 중/.test(document.querySelector('#status')?.textContent || ''));
  assert.equal(await page.getAttribute('#facets', 'aria-busy'), 'true');
  await page.waitForSelector('#facets[aria-busy=false] button[data-facet=section]');
  // Another page of the same search: its hits only, the facets do not depend on the page.
  await page.unroute('**/api/search?*');
  await page.fill('#q', '중국');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#pager button');
  await page.waitForSelector('#facets[aria-busy=false] button[data-facet=section]');
  const counts = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/search') counts.push(url.searchParams.get('limit'));
  });
  const facetsBefore = await page.textContent('#facets');
  await page.click('#pager button[aria-label^="2"]');
  await page.waitForFunction(() => /중 11–/.test(document.querySelector('#status')?.textContent || ''));
  await page.waitForTimeout(300);
  assert.deepEqual(counts, ['10'], 'page 2 asks for its hits alone');
  assert.equal(await page.getAttribute('#facets', 'aria-busy'), 'false');
  assert.equal(await page.textContent('#facets'), facetsBefore);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a hit with some of the words says how many and which it lacks (issue 26.4)', async () => {
  const { page, errors } = await openPage('/?q=' + encodeURIComponent('国家创新指数报告'));
  await page.waitForSelector('#hits .hit .badge.partial');
  const first = page.locator('#hits .hit').first();
  assert.match(await first.locator('h3').textContent(), /국가 혁신지수 보고/);
  const badge = first.locator('.badge.partial');
  assert.equal(await badge.textContent(), '일부 일치 3/4');
  assert.match(await badge.getAttribute('title'), /검색어 4개 중 3개 일치 · 없는 검색어: 创新/);
  // Its reading badge still says how the rest matched, without the partial part.
  assert.match(await first.locator('.badge.bridge').textContent(), /^한자 독음 국가 ← 国家$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a section facet and a date range narrow the results, in the URL', async () => {
  const { page } = await openPage('/?q=' + encodeURIComponent('인공지능'));
  await page.waitForSelector('#facets button[data-facet=section]');
  const before = await page.textContent('#status');
  await page.click('#facets button[data-facet=section][data-value="정책동향"]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('section') === '정책동향');
  await page.waitForSelector('#facets button[data-facet=section][aria-pressed=true]');
  const sections = await page.$$eval('#hits .hit .meta', (m) => m.map((x) => x.textContent));
  assert.ok(sections.length > 0 && sections.every((s) => s.includes('정책동향')), sections.join(' | '));
  assert.notEqual(await page.textContent('#status'), before);
  await page.fill('#since', '2023-11-24');
  await page.dispatchEvent('#since', 'change');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('since') === '2023-11-24');
  // The section's chip is there already: wait for the answer to the date filter itself.
  await page.waitForFunction(() => document.querySelectorAll('#active-filters button').length === 2);
  const dates = await page.$$eval('#hits .hit time', (t) => t.map((x) => x.getAttribute('datetime')));
  assert.ok(dates.length > 0 && dates.every((d) => d >= '2023-11-24'), dates.join(','));
  await page.close();
});

test('an article opens with its sources, and back returns to the same results', async () => {
  const { page } = await openPage('/?q=' + encodeURIComponent('드론'));
  await page.waitForSelector('#hits .hit');
  const list = await hitIds(page);
  const url = page.url();
  await page.click('#hits .hit[data-id="kostec-weekly-2023-12-01/III-01"] h3 a');
  await page.waitForSelector('#document h1');
  assert.equal(await page.isVisible('#results-view'), false);
  assert.match(await page.textContent('#document .body'), /틸트로터/);
  const links = await page.$$eval('#document .references a', (a) => a.map((x) => [x.href, x.target, x.rel]));
  assert.ok(links.length > 0 && links.every(([href, target, rel]) => href.startsWith('http') && target === '_blank' && rel.includes('noopener')), JSON.stringify(links));
  await page.click('#back');
  await page.waitForSelector('#results-view:not([hidden]) #hits .hit');
  assert.equal(page.url(), url);
  assert.deepEqual(await hitIds(page), list);
  await page.close();
});

test('suggestions complete a half-typed word by jamo; arrow keys and Enter pick one', async () => {
  const { page, errors } = await openPage();
  await page.locator('#q').pressSequentially('인공ㅈ', { delay: 30 });
  await page.waitForSelector('#suggestions:not([hidden]) .suggestion');
  // The list for a prefix typed on the way (인공) may show first; wait for 인공ㅈ's.
  await page
    .waitForFunction(() => document.querySelector('#suggestions .suggestion')?.textContent === '인공지능', null, { timeout: 3000 })
    .catch(() => {});
  const offered = await page.$$eval('#suggestions .suggestion', (s) => s.map((x) => x.textContent));
  assert.equal(offered[0], '인공지능', offered.join(' | '));
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), 'suggestion-0');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '인공지능');
  await page.waitForSelector('#hits .hit');
  assert.equal(await page.inputValue('#q'), '인공지능');
  assert.equal(await page.isVisible('#suggestions'), false);
  // A Chinese word comes with its Korean spelling; a click picks it and keeps the
  // words before it.
  await page.fill('#q', '');
  await page.locator('#q').pressSequentially('드론 广东', { delay: 30 });
  const province = page.locator('#suggestions .suggestion', { hasText: '广东省' });
  await province.waitFor();
  assert.match(await province.textContent(), /广东省 · 광둥성/);
  await province.click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '드론 广东省');
  // Escape closes the list; filters are not completed.
  await page.locator('#q').pressSequentially(' 반도', { delay: 30 });
  await page.waitForSelector('#suggestions:not([hidden])');
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#suggestions'), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an article lists related documents, the Chinese source it summarizes first', async () => {
  const { page, errors } = await openPage('/?doc=' + encodeURIComponent('kostec-weekly-2023-12-01/III-02'));
  await page.waitForSelector('#related .related li');
  const related = await page.$$eval('#related .related li', (items) => items.map((li) => li.dataset.id));
  assert.equal(related[0], 'kostec-weekly-2023-12-01/III-02/ref-1', related.join(' | '));
  assert.ok(!related.includes('kostec-weekly-2023-12-01/III-02'), 'not itself');
  await page.click('#related .related li:first-child a');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('doc') === 'kostec-weekly-2023-12-01/III-02/ref-1');
  await page.waitForSelector('#document h1');
  assert.match(await page.textContent('#document h1'), /双循环/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a stale answer never replaces a newer one', async () => {
  const { page } = await openPage();
  // The answer for 반도체 arrives 1.5 s late, after the one for 리튬배터리.
  await page.route('**/api/search?**', async (route) => {
    if (new URL(route.request().url()).searchParams.get('q') === '반도체') await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.fill('#q', '반도체');
  await page.press('#q', 'Enter');
  await page.fill('#q', '리튬배터리');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#hits .hit');
  await page.waitForTimeout(2000);
  const titles = await page.$$eval('#hits .hit h3', (h) => h.map((x) => x.textContent));
  assert.ok(titles[0].includes('리튬배터리'), titles.join(' | '));
  await page.close();
});

test('/ focuses the search box', async () => {
  const { page } = await openPage();
  await page.click('#status');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.close();
});

test('markup in a document is shown as text and runs nothing', async () => {
  const { page, errors } = await openPage('/?q=' + encodeURIComponent('리튬배터리'));
  await page.waitForSelector('#hits .hit[data-id=xss]');
  const title = await page.textContent('#hits .hit[data-id=xss] h3');
  assert.equal(title, '<script>window.pwned=1</script> 리튬배터리 "><b>굵게</b>');
  assert.equal(await page.$$eval('#hits b, #hits img, #hits svg, #hits script', (x) => x.length), 0);
  await page.click('#hits .hit[data-id=xss] h3 a');
  await page.waitForSelector('#document h1');
  assert.match(await page.textContent('#document .body'), /<img src=x onerror="window\.pwned=2">/);
  assert.equal(await page.$$eval('#document img, #document svg, #document b, a[href^="javascript:"]', (x) => x.length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the page fits a phone', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(base + '/?q=' + encodeURIComponent('인공지능'));
  await page.waitForSelector('#hits .hit');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'phone.png') });
  await page.close();
});

test('an article read from a PDF links to its original, opened at its first page', async () => {
  // A server of its own: the PDF's articles would change the other tests' counts.
  const corpus = join(work, 'pdf-corpus');
  mkdirSync(corpus);
  copyFileSync(join(root, 'tests/fixtures/pdf/report/kostec-weekly-2023-12-08.pdf'), join(corpus, 'kostec-weekly-2023-12-08.pdf'));
  const index = join(work, 'pdf-index');
  execFileSync(hanseek, ['index', 'build', '--corpus', corpus, '--index', index], { stdio: 'ignore' });
  const { child, url } = await startServer(index);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url + '/?q=' + encodeURIComponent('리튬배터리'));
    await page.click('#hits .hit[data-id="kostec-weekly-2023-12-08/III-02"] h3 a');
    await page.waitForSelector('#document a.original');
    const link = await page.$eval('#document a.original', (a) => ({ href: a.getAttribute('href'), text: a.textContent, target: a.target }));
    // Relative, so that the page works under a proxy's sub-path (/hanseek/).
    assert.equal(link.href, 'api/documents/kostec-weekly-2023-12-08/III-02/original#page=14');
    assert.match(link.text, /원문 PDF/);
    assert.match(link.text, /14/);
    assert.equal(link.target, '_blank');
    const served = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get('content-type'), head: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5)) };
    }, link.href);
    assert.deepEqual(served, { status: 200, type: 'application/pdf', head: '%PDF-' });
    // An article read from Markdown has no such link.
    await page.goto(base + '/?doc=' + encodeURIComponent('kostec-weekly-2023-12-01/III-02'));
    await page.waitForSelector('#document h1');
    assert.equal(await page.$$eval('#document a.original', (a) => a.length), 0);
    await page.close();
  } finally {
    child.kill();
  }
});

// Issue 27: searches fired while a Korean IME was still composing (0건 for 인공ㅈ, an
// error for 이, unrelated hits for 인), and typing replaced the history entry, so Back
// left the site. Composition events as Chromium sends them for 인공지능.
test('no search while an input method composes; one history entry per search', async () => {
  const { page, errors } = await openPage('/');
  const searched = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    // Each search's hits; its facets follow in their own request (limit=0).
    if (url.pathname === '/api/search' && url.searchParams.get('limit') !== '0') searched.push(url.searchParams.get('q'));
  });
  const startLength = await page.evaluate(() => history.length);
  await page.focus('#q');
  const compose = async (steps, committed) => {
    await page.evaluate(() => document.getElementById('q').dispatchEvent(new CompositionEvent('compositionstart', { data: '' })));
    for (const value of steps) {
      await page.evaluate((value) => {
        const q = document.getElementById('q');
        q.value = value;
        q.dispatchEvent(new CompositionEvent('compositionupdate', { data: value }));
        q.dispatchEvent(new InputEvent('input', { data: value, inputType: 'insertCompositionText', isComposing: true }));
      }, value);
      await page.waitForTimeout(300); // longer than the search's debounce
    }
    await page.evaluate((committed) => {
      const q = document.getElementById('q');
      q.value = committed;
      q.dispatchEvent(new CompositionEvent('compositionend', { data: committed }));
    }, committed);
  };
  await compose(['ㅇ', '이', '인', '인ㄱ', '인고', '인공', '인공ㅈ', '인공지', '인공진', '인공지느', '인공지능'], '인공지능');
  await page.waitForSelector('#hits .hit');
  assert.deepEqual(searched, ['인공지능'], `searched while composing: ${searched.join(', ')}`);
  assert.match(await page.textContent('#status'), /건/);
  assert.equal(await page.evaluate(() => history.length), startLength + 1, 'the search is one history entry');
  // A pinyin IME shows Latin letters until the Chinese is committed.
  await page.waitForTimeout(1600);
  await page.evaluate(() => { document.getElementById('q').value = ''; });
  await compose(['w', 'wu', 'wur', 'wuren', 'wurenji'], '无人机');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '无人机');
  assert.deepEqual(searched, ['인공지능', '无人机']);
  // Back returns to the previous search, then to the start: the site is not left.
  await page.goBack();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '인공지능');
  assert.equal(await page.inputValue('#q'), '인공지능');
  assert.deepEqual(errors, []);
  await page.close();
});

// Issue 27: Korean words broke across lines (인공|지능); no skip link and no h1;
// aria-live re-read the whole list at each keystroke; Chinese titles were not marked
// as Chinese; no dark mode.
test('the page reads well: whole Korean words, a skip link, an h1, a live count only, Chinese marked, dark mode', async () => {
  const { page } = await openPage('/?q=' + encodeURIComponent('无人机'));
  await page.waitForSelector('#hits .hit');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).wordBreak), 'keep-all');
  assert.equal(await page.$$eval('h1', (h) => h.length), 1);
  assert.deepEqual(await page.$$eval('[aria-live]', (nodes) => nodes.map((n) => n.id)), ['status']);
  const zh = await page.$$eval('#hits .hit h3[lang=zh]', (h) => h.map((x) => x.textContent));
  assert.ok(zh.some((t) => t.includes('无人机')), JSON.stringify(zh));
  assert.equal(await page.$$eval('#hits .hit h3[lang=zh]', (h) => h.filter((x) => /[가-힣]/.test(x.textContent)).length), 0);
  // The skip link is the first stop of the keyboard and leads to the results.
  const first = await page.evaluate(() => document.querySelector('a[href], button, input, select, [tabindex]').className);
  assert.equal(first, 'skip');
  await page.focus('a.skip');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#results');
  const background = async () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  const brightness = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((sum, v) => sum + Number(v), 0);
  assert.ok(brightness(dark) < 150 && brightness(light) > 600, `${light} → ${dark}`);
  await page.close();
});

// Issue 27: facets were single-choice in effect — choosing 정책동향 hid the other
// sections, though the API takes several. Each facet counts without its own choice.
test('sections and categories are chosen several at a time', async () => {
  const { page, errors } = await openPage('/?q=' + encodeURIComponent('인공지능'));
  await page.waitForSelector('#facets button[data-facet=section]');
  const sections = await page.$$eval('#facets button[data-facet=section]', (b) => b.map((x) => x.dataset.value));
  assert.ok(sections.length >= 2, sections.join(','));
  await page.click(`#facets button[data-facet=section][data-value="${sections[0]}"]`);
  await page.waitForFunction((s) => new URL(location.href).searchParams.getAll('section').join() === s, sections[0]);
  // The answer for the first section, not the list still shown from before it.
  await page.waitForSelector(`#facets button[data-facet=section][data-value="${sections[0]}"][aria-pressed=true]`);
  await page.waitForSelector(`#facets button[data-facet=section][data-value="${sections[1]}"]`);
  const one = Number((await page.textContent('#status')).match(/총 ([\d,]+)건/)[1].replace(/,/g, ''));
  await page.click(`#facets button[data-facet=section][data-value="${sections[1]}"]`);
  await page.waitForFunction((s) => new URL(location.href).searchParams.getAll('section').length === 2, null);
  await page.waitForFunction((one) => {
    const found = document.getElementById('status').textContent.match(/총 ([\d,]+)건/);
    return found && Number(found[1].replace(/,/g, '')) > one;
  }, one);
  // The facets are counted after the hits are shown.
  await page.waitForSelector('#facets[aria-busy=false]');
  const pressed = await page.$$eval('#facets button[data-facet=section][aria-pressed=true]', (b) => b.map((x) => x.dataset.value));
  assert.deepEqual(pressed.sort(), [sections[0], sections[1]].sort());
  assert.deepEqual(errors, []);
  await page.close();
});

// Issue 27: errors were English on a Korean page (a lone particle got "no searchable
// words"), and a search that found nothing offered no help.
test('errors in Korean; a search without hits says what to try', async () => {
  const { page, errors } = await openPage('/?q=' + encodeURIComponent('이'));
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /검색할 수 있는 단어가 없습니다/);
  await page.goto(base + '/?q=' + encodeURIComponent('리튬배텨') + '&section=' + encodeURIComponent('단신동향'));
  await page.waitForSelector('#help h2');
  const help = await page.textContent('#help');
  assert.match(help, /검색 결과가 없습니다/);
  assert.match(help, /초성/);
  // Fewer conditions, one click away.
  await page.click('#help button:has-text("조건을 모두 해제")');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('section'));
  assert.deepEqual(errors, []);
  await page.close();
});

// Issue 27: a huge document was sent whole (52 MB) to the article view. It comes in
// parts of 200,000 characters; the view says how much is shown and adds the rest on
// request, until the whole text is there.
test('a huge document is shown in parts, the rest on request', async () => {
  const corpus = join(work, 'huge-corpus');
  mkdirSync(corpus);
  const line = '표준화 인재 양성 액션계획 발표 '.repeat(20).trim();
  const body = Array.from({ length: 800 }, (_, i) => `${i} ${line}`).join('\n');
  writeFileSync(join(corpus, 'dump.txt'), `긴 문서\n\n${body}\n`);
  const index = join(work, 'huge-index');
  execFileSync(hanseek, ['index', 'build', '--corpus', corpus, '--index', index], { stdio: 'ignore' });
  const { child, url } = await startServer(index);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // With a query: its marks come with each part.
    await page.goto(url + '/?q=' + encodeURIComponent('액션계획') + '&doc=dump');
    await page.waitForSelector('#document .parts button');
    const total = [...body].length;
    assert.match(await page.textContent('#document .parts .status'), new RegExp(`${total.toLocaleString('ko-KR')}자 중 200,000자`));
    const shownChars = () => page.$$eval('#document .body p', (ps) => ps.map((p) => [...p.textContent].length).reduce((a, b) => a + b, 0));
    const before = await shownChars();
    await page.click('#document .parts button');
    await page.waitForSelector('#document .parts button', { state: 'hidden' });
    assert.ok((await shownChars()) > before);
    const text = await page.$$eval('#document .body p', (ps) => ps.map((p) => p.textContent).join(''));
    assert.equal(text, body.replace(/\n/g, ''));
    assert.ok((await page.$$eval('#document .body mark', (m) => m.length)) > 0);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    child.kill();
  }
});

// Issue 27: at a phone's width the filters came after every result and the pager
// (~2,100 px down). They wait behind a button above the results, which says how many
// conditions are chosen, and open above the results.
test('on a phone, the conditions are behind a button above the results', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  page.setDefaultTimeout(10_000);
  await page.goto(base + '/?q=' + encodeURIComponent('중국') + '&section=' + encodeURIComponent('정책동향'));
  await page.waitForSelector('#hits .hit');
  const toggle = page.locator('#filters-toggle');
  assert.ok(await toggle.isVisible());
  assert.equal(await toggle.textContent(), '검색 조건 (1)');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#facets').isVisible(), false);
  const top = async (selector) => (await page.locator(selector).first().boundingBox()).y;
  assert.ok((await top('#filters-toggle')) < (await top('#hits .hit')));
  assert.ok((await top('#hits .hit')) < 400, `the first hit is ${await top('#hits .hit')} px down`);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.waitForSelector('#facets button[data-facet=section]');
  assert.ok(await page.locator('#facets').isVisible());
  assert.ok((await top('#facets')) < (await top('#hits .hit')));
  // The page is no wider than the phone.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  // On a wide screen there is no such button: the conditions are beside the results.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await toggle.isVisible(), false);
  assert.ok(await page.locator('#facets').isVisible());
  await page.close();
});

// Issue 27: the page's accessibility, checked by axe-core (WCAG 2.1 A and AA, and
// axe's best practices) in each state a user sees: results, a search without hits,
// an article, the phone layout with its conditions open, and dark mode.
test('axe-core finds no accessibility violations in any state of the page', async () => {
  const axeSource = join(root, 'tests/browser/node_modules/axe-core/axe.min.js');
  const states = [
    { name: 'results', path: '/?q=' + encodeURIComponent('리튬배터리'), ready: '#hits .hit' },
    { name: 'no hits', path: '/?q=' + encodeURIComponent('없는낱말입니다'), ready: '#help h2' },
    { name: 'article', path: '/?doc=' + encodeURIComponent('kostec-weekly-2023-12-01/III-01'), ready: '#related li' },
    { name: 'phone', path: '/?q=' + encodeURIComponent('무인기'), ready: '#hits .hit', phone: true },
    { name: 'dark', path: '/?q=' + encodeURIComponent('중국'), ready: '#pager button', dark: true },
    { name: 'dark article', path: '/?doc=' + encodeURIComponent('kostec-weekly-2023-12-01/III-01'), ready: '#related li', dark: true },
  ];
  const found = [];
  for (const state of states) {
    // The policy forbids injected scripts: this context alone is allowed axe's.
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: state.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
      colorScheme: state.dark ? 'dark' : 'light',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(base + state.path);
    await page.waitForSelector(state.ready);
    if (state.phone) await page.click('#filters-toggle');
    await page.addScriptTag({ path: axeSource });
    const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
    for (const violation of result.violations) {
      found.push(`${state.name}: ${violation.id} (${violation.impact}) ${violation.help} — ${violation.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    await context.close();
  }
  assert.deepEqual(found, []);
});

// Issue 27: the article view did not mark the query. Opened from results, it marks
// the query's words in the text and their other script in the cited sources.
test('the article view marks the query, in both scripts', async () => {
  const { page, errors } = await openPage('/?q=' + encodeURIComponent('광둥성'));
  await page.click('#hits .hit[data-id="kostec-weekly-2023-12-01/II-04"] h3 a');
  await page.waitForSelector('#document .body mark');
  const inBody = await page.$$eval('#document .body mark', (m) => [...new Set(m.map((x) => x.textContent))]);
  assert.deepEqual(inBody, ['광둥성']);
  const inSources = await page.$$eval('#document .references mark', (m) => [...new Set(m.map((x) => x.textContent))]);
  assert.ok(inSources.includes('广东省'), inSources.join(' '));
  assert.equal(await page.$eval('#document .references li span[lang=zh]', (s) => s.lang), 'zh');
  // Without a query, nothing is marked.
  await page.goto(base + '/?doc=' + encodeURIComponent('kostec-weekly-2023-12-01/II-04'));
  await page.waitForSelector('#document .body p');
  assert.equal(await page.$$eval('#document mark', (m) => m.length), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
