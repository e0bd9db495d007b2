// hanseek's search page. Everything a document says is put into the page with
// textContent (never innerHTML), highlights come as character ranges from the API,
// and links open only http(s) addresses: a document holding markup shows it as text.
'use strict';

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;
// Suggestions follow each keystroke more closely than results: they are one small
// request (p99 under a millisecond on a 10^5-article archive, BENCHMARKS.md).
const SUGGEST_MS = 80;
const SUGGESTIONS = 8;
const RELATED = 5;
const KIND_LABELS = { article: '기사', reference: '인용 출처' };
const LINK_LABELS = { reference: '참고자료', source: '출처', image_source: '이미지 출처' };
const VIA_LABELS = { reading: '한자 독음', transliteration: '음역', alias: '별칭', simplified: '간체', typo: '오타' };
const FACET_TITLES = { kind: '종류', section: '섹션', category: '분야' };

const $ = (id) => document.getElementById(id);
let requestNumber = 0; // only the newest request's answer is shown
let typingTimer = null;
// An input method (a Korean or pinyin IME) is composing: the box holds what the user
// has not committed yet (인공ㅈ, 이; rengong), which is not a search.
let composing = false;
// When the last search made by typing went into the history: typing on within a
// moment replaces that entry, a new search after a pause adds one (Back returns to
// the previous search, not out of the site).
let lastTypedSearch = 0;
const TYPING_ENTRY_MS = 1500;
// The search whose facets are shown, and its total then: another page of it needs no
// new count (the facets do not depend on the page), unless the index changed since.
let countedFor = { key: null, total: null };
let suggestNumber = 0; // as requestNumber, for suggestions
let suggestTimer = null;
let shownSuggestions = []; // { text, korean } under the box
let activeSuggestion = -1;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// The page's state lives in the URL: shareable, and the back button works.
function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    section: p.getAll('section'),
    category: p.getAll('category'),
    kind: p.get('kind') || '',
    since: p.get('since') || '',
    until: p.get('until') || '',
    sort: p.get('sort') === 'date' ? 'date' : 'relevance',
    page: Math.max(1, parseInt(p.get('page') || '1', 10) || 1),
    doc: p.get('doc') || '',
  };
}

function queryParameters(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const s of state.section) p.append('section', s);
  for (const c of state.category) p.append('category', c);
  if (state.kind) p.set('kind', state.kind);
  if (state.since) p.set('since', state.since);
  if (state.until) p.set('until', state.until);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  return p;
}

function pageUrl(state) {
  const p = queryParameters(state);
  if (state.page > 1) p.set('page', String(state.page));
  if (state.doc) p.set('doc', state.doc);
  const query = p.toString();
  return query ? '?' + query : location.pathname;
}

// `fromResults` marks an article opened from a result list, so that "back" returns
// to exactly that list.
function go(changes, { replace = false, fromResults = false, typing = false } = {}) {
  const state = { ...readState(), ...changes };
  const url = pageUrl(state);
  if (replace) history.replaceState(history.state, '', url);
  else history.pushState({ fromResults }, '', url);
  render({ typing });
}

// `typing`: the user is typing in the box, which is theirs until they stop; any other
// change (a link, back, a facet) shows the URL's query in it.
function render({ typing = false } = {}) {
  const state = readState();
  if (!typing) $('q').value = state.q;
  $('sort').value = state.sort;
  $('since').value = dateInputValue(state.since, false);
  $('until').value = dateInputValue(state.until, true);
  if (state.doc) {
    $('results-view').hidden = true;
    $('document-view').hidden = false;
    showDocument(state.doc);
  } else {
    $('document-view').hidden = true;
    $('results-view').hidden = false;
    search(state);
  }
}

// The date inputs show a full day; a month or year filter (from a facet) shows its
// first or last day.
function dateInputValue(value, end) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^\d{4}-\d{2}$/.test(value)) {
    if (!end) return value + '-01';
    const [y, m] = value.split('-').map(Number);
    return value + '-' + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0');
  }
  if (/^\d{4}$/.test(value)) return value + (end ? '-12-31' : '-01-01');
  return '';
}

function hasQuery(state) {
  return state.q.trim() || state.section.length || state.category.length || state.kind || state.since || state.until;
}

async function search(state) {
  const number = ++requestNumber;
  if (!hasQuery(state)) {
    $('status').textContent = '검색어를 입력하세요.';
    $('status').classList.remove('error');
    for (const id of ['hits', 'facets', 'pager', 'active-filters', 'help']) $(id).replaceChildren();
    countedFor = { key: null, total: null };
    return;
  }
  // The hits first, without facets: on a large archive counting the facets (over the
  // best 1,000 matches) is most of a search, and the reader needs the hits first.
  const p = queryParameters(state);
  p.set('limit', String(PAGE_SIZE));
  p.set('offset', String((state.page - 1) * PAGE_SIZE));
  p.set('facets', 'false');
  let answer;
  try {
    const response = await fetch('api/search?' + p.toString());
    answer = { ok: response.ok, status: response.status, body: await response.json() };
  } catch (error) {
    answer = { ok: false, status: 0, body: { error: error.message } };
  }
  if (number !== requestNumber) return; // a newer request was made meanwhile
  if (!answer.ok) {
    showError(answer.status, answer.body);
    return;
  }
  showResults(state, answer.body);
  if (answer.body.total === 0) {
    countedFor = { key: null, total: null };
    showFacets(state, answer.body.facets, 0);
    return;
  }
  const key = queryParameters(state).toString();
  const total = `${answer.body.total} ${answer.body.total_relation}`;
  if (countedFor.key === key && countedFor.total === total) return;
  countedFor = { key: null, total: null };
  // Then the facets alone (limit=0), in parallel: sections and categories are chosen
  // several at a time, so each one's counts come from the search without its own
  // choice, or choosing 정책동향 would hide the others.
  $('facets').setAttribute('aria-busy', 'true');
  const counted = (changes) => {
    const q = queryParameters({ ...state, ...changes });
    q.set('limit', '0');
    return fetch('api/search?' + q.toString())
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
  };
  const names = ['section', 'category'].filter((name) => state[name].length);
  const [all, ...without] = await Promise.all([counted({}), ...names.map((name) => counted({ [name]: [] }))]);
  if (number !== requestNumber) return;
  if (!all) {
    // The hits stay; the facets could not be counted.
    $('facets').replaceChildren();
    $('facets').setAttribute('aria-busy', 'false');
    return;
  }
  const facets = { ...all.facets };
  names.forEach((name, i) => {
    if (without[i]) facets[name] = without[i].facets[name];
  });
  // Bounded, the facets may cover fewer than the matches even when paging deep.
  const sampled = all.facets_counted < all.total || all.total_relation === 'gte';
  showFacets(state, facets, sampled ? all.facets_counted : 0);
  countedFor = { key, total };
}

// What an error means, in Korean; the server's own words follow in smaller type.
const ERRORS = {
  0: '서버에 연결할 수 없습니다',
  400: '검색어를 확인하세요',
  404: '찾는 문서가 없습니다',
  408: '검색이 너무 오래 걸렸습니다 — 단어나 조건을 더해 좁혀 보세요',
  414: '검색어가 너무 깁니다',
  429: '지금 요청이 많습니다 — 잠시 후 다시 시도하세요',
  503: '아직 검색할 색인이 없습니다 — 관리자에게 색인 생성(hanseek index build)을 요청하세요',
};

function showError(code, body) {
  const status = $('status');
  status.classList.add('error');
  const detail = body.error || '';
  let korean = ERRORS[code] || '오류가 났습니다';
  if (/no searchable words/.test(detail)) korean = '검색할 수 있는 단어가 없습니다 (조사·어미·문장부호만으로는 찾지 않습니다)';
  status.replaceChildren(el('span', { text: korean }), detail ? el('small', { class: 'detail', lang: 'en', text: ' (' + detail + ')' }) : null);
  for (const id of ['hits', 'facets', 'pager', 'help']) $(id).replaceChildren();
  $('facets').setAttribute('aria-busy', 'false');
  countedFor = { key: null, total: null };
}

// Nothing found: what to try — fewer conditions, other spellings, what the index has.
async function showHelp(state, number) {
  const filtered = state.section.length || state.category.length || state.kind || state.since || state.until;
  const parts = [el('h2', { text: '검색 결과가 없습니다' })];
  const tips = el('ul', {});
  if (filtered) {
    tips.append(el('li', {}, el('button', { type: 'button', class: 'link', text: '조건을 모두 해제하고 다시 찾기', onclick: () => go({ section: [], category: [], kind: '', since: '', until: '', page: 1 }) })));
  }
  tips.append(
    el('li', { text: '띄어쓰기나 철자를 바꿔 보세요 — 한 글자 틀린 단어는 찾아 드립니다 (반도채 → 반도체).' }),
    el('li', { text: '초성만으로도 찾을 수 있습니다 (ㅇㄱㅈㄴ → 인공지능).' }),
    el('li', { text: '중국어로도 찾아 보세요 (무인기 ↔ 无人机).' }),
  );
  parts.push(tips);
  $('help').replaceChildren(...parts);
  const word = state.q.trim().split(/\s+/).pop();
  if (!word) return;
  try {
    const response = await fetch(`api/suggest?limit=5&q=` + encodeURIComponent(word.slice(0, Math.max(1, word.length - 1))));
    if (!response.ok) return;
    const body = await response.json();
    if (number !== requestNumber || !body.suggestions.length) return;
    const buttons = body.suggestions.map((s) =>
      el('button', { type: 'button', class: 'link', text: s.text, onclick: () => go({ q: state.q.trim().slice(0, -word.length) + s.text, page: 1, doc: '' }) }),
    );
    $('help').append(el('p', {}, el('span', { text: '이런 검색어는 어떠세요: ' }), ...buttons));
  } catch {
    // the tips stay
  }
}

function showResults(state, result) {
  const status = $('status');
  status.classList.remove('error');
  const first = (state.page - 1) * PAGE_SIZE + 1;
  const last = first + result.hits.length - 1;
  // Past 10,000 matches the server stops counting (total_relation "gte").
  const atLeast = result.total_relation === 'gte' ? ' 이상' : '';
  let text = `총 ${result.total.toLocaleString('ko-KR')}건${atLeast}`;
  if (result.hits.length) text += ` 중 ${first}–${last}`;
  text += ` (${result.took_ms.toFixed(1)} ms)`;
  if (result.partial) text += ' · 모든 검색어를 포함한 문서가 없어 일부만 포함한 문서를 보여 줍니다';
  if (result.ignored.length) text += ' · 무시된 단어: ' + result.ignored.join(', ');
  status.textContent = text;
  showActiveFilters(state);
  if (result.total === 0) showHelp(state, requestNumber);
  else $('help').replaceChildren();
  $('hits').replaceChildren(...result.hits.map((hit) => hitItem(hit)));
  showPager(state, result.total);
}

function showActiveFilters(state) {
  const chips = [];
  const chip = (label, changes) =>
    chips.push(el('button', { type: 'button', text: label + ' ✕', 'aria-label': label + ' 조건 해제', onclick: () => go({ ...changes, page: 1 }) }));
  for (const s of state.section) chip('섹션: ' + s, { section: state.section.filter((x) => x !== s) });
  for (const c of state.category) chip('분야: ' + c, { category: state.category.filter((x) => x !== c) });
  if (state.kind) chip('종류: ' + (KIND_LABELS[state.kind] || state.kind), { kind: '' });
  if (state.since || state.until) chip(`기간: ${state.since || '…'} ~ ${state.until || '…'}`, { since: '', until: '' });
  $('active-filters').replaceChildren(...chips);
  // On a phone the conditions are behind a button: it says how many are chosen.
  $('filters-toggle').textContent = chips.length ? `검색 조건 (${chips.length})` : '검색 조건';
}

function toggleFilters() {
  const open = $('results-view').classList.toggle('filters-open');
  $('filters-toggle').setAttribute('aria-expanded', String(open));
}

function kindLabel(hit) {
  if (hit.kind === 'reference') return LINK_LABELS[hit.link_kind] || KIND_LABELS.reference;
  return KIND_LABELS[hit.kind] || hit.kind;
}

// `via` says how a hit matched other than as typed: across scripts ("reading 무인기 ←
// 无人机", "transliteration 취젠 ← 曲建", "simplified 无人机 ← 無人機"), by an alias
// ("alias 징진지 = 京津冀"), from initials ("초성 ㅇㄱㅈㄴ → 인공지능") or a typo
// ("typo 반도채 → 반도체").
function viaBadge(via) {
  if (!via) return null;
  const space = via.indexOf(' ');
  const how = space > 0 ? via.slice(0, space) : via;
  const words = space > 0 ? via.slice(space + 1) : '';
  const label = VIA_LABELS[how] || how;
  return el('span', { class: 'badge bridge', title: '입력과 다르게 일치: ' + via, text: `${label} ${words}`.trim() });
}

// A hit of a search in which no document has every word: how many it has, and which
// it lacks (`words_matched`; its `via` says the same first, then any bridge).
function partialBadge(hit) {
  const words = hit.words_matched;
  if (!words) return null;
  const missing = words.missing.length ? ' · 없는 검색어: ' + words.missing.join(', ') : '';
  return el('span', {
    class: 'badge partial',
    title: `검색어 ${words.of}개 중 ${words.found}개 일치${missing}`,
    text: `일부 일치 ${words.found}/${words.of}`,
  });
}

// The bridge a hit was found through, without what partialBadge shows.
function bridgeVia(hit) {
  if (!hit.via || !hit.words_matched) return hit.via;
  const rest = hit.via.split('; ').slice(1).join('; ');
  return rest || null;
}

function highlighted(text, ranges) {
  // Ranges count characters (code points), as Array.from splits them.
  const chars = Array.from(text);
  const parts = [];
  let at = 0;
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (from < at) continue;
    if (from > at) parts.push(document.createTextNode(chars.slice(at, from).join('')));
    parts.push(el('mark', { text: chars.slice(from, to).join('') }));
    at = to;
  }
  if (at < chars.length) parts.push(document.createTextNode(chars.slice(at).join('')));
  return parts;
}

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function externalLink(url) {
  const href = safeUrl(url);
  if (!href) return el('span', { text: url });
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: url });
}

function documentLink(id, text) {
  const state = { ...readState(), doc: id };
  return el('a', {
    href: pageUrl(state),
    text,
    onclick: (event) => {
      event.preventDefault();
      go({ doc: id }, { fromResults: !readState().doc });
      window.scrollTo(0, 0);
    },
  });
}

// Kind, section, category and date of a hit or a document, then `extra`.
function metaLine(item, ...extra) {
  return el(
    'div',
    { class: 'meta' },
    el('span', { class: 'badge kind', text: kindLabel(item) }),
    item.section && el('span', { text: item.section }),
    item.category && el('span', { text: item.category }),
    item.date && el('time', { datetime: item.date, text: item.date }),
    ...extra,
  );
}

function hitItem(hit) {
  const showScore = $('show-score').checked;
  const meta = metaLine(
    hit,
    showScore && el('span', { class: 'score', text: '점수 ' + hit.score.toFixed(2) }),
    partialBadge(hit),
    viaBadge(bridgeVia(hit)),
  );
  const snippet = hit.snippet ? el('p', { class: 'snippet' }, ...highlighted(hit.snippet, hit.highlights)) : null;
  let source = null;
  if (hit.url || hit.parent_id) {
    source = el('div', { class: 'source' });
    if (hit.url) source.append(externalLink(hit.url));
    if (hit.parent_id) {
      source.append(el('span', { text: hit.url ? ' · 인용한 기사: ' : '인용한 기사: ' }));
      source.append(documentLink(hit.parent_id, hit.parent_title || hit.parent_id));
    }
  }
  const title = el('h3', chineseText(hit.title) ? { lang: 'zh' } : {}, documentLink(hit.id, hit.title || '(제목 없음)'));
  return el('li', { class: 'hit', 'data-id': hit.id }, title, meta, snippet, source);
}

// Chinese, not Korean: a screen reader reads it in Chinese (lang="zh") and a browser
// picks Chinese glyphs.
function chineseText(text) {
  return /[\u4e00-\u9fff]/.test(text || '') && !/[\uac00-\ud7a3]/.test(text || '');
}

function facetList(name, counts, selected, toggle) {
  const entries = Object.entries(counts || {});
  if (!entries.length) return null;
  const items = entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, count]) => {
      const pressed = selected.includes(value);
      const label = name === 'kind' ? KIND_LABELS[value] || value : value;
      return el(
        'li',
        {},
        el(
          'button',
          { type: 'button', 'aria-pressed': String(pressed), 'data-facet': name, 'data-value': value, onclick: () => toggle(value, pressed) },
          el('span', { text: label }),
          el('span', { class: 'count', text: count.toLocaleString('ko-KR') }),
        ),
      );
    });
  return el('div', { class: 'facet' }, el('h2', { text: FACET_TITLES[name] }), el('ul', {}, ...items));
}

// Months are grouped by year: a year, then its months once the year is chosen.
function dateFacet(state, months) {
  const years = {};
  for (const [month, count] of Object.entries(months || {})) {
    const year = month.slice(0, 4);
    (years[year] = years[year] || { count: 0, months: [] }).count += count;
    years[year].months.push([month, count]);
  }
  const yearNames = Object.keys(years).sort().reverse();
  if (!yearNames.length) return null;
  const items = yearNames.map((year) => {
    const chosenYear = state.since.startsWith(year) && state.until.startsWith(year);
    const wholeYear = state.since === year && state.until === year;
    const li = el(
      'li',
      {},
      el(
        'button',
        { type: 'button', 'aria-pressed': String(wholeYear), 'data-facet': 'year', 'data-value': year, onclick: () => go(wholeYear ? { since: '', until: '', page: 1 } : { since: year, until: year, page: 1 }) },
        el('span', { text: year + '년' }),
        el('span', { class: 'count', text: years[year].count.toLocaleString('ko-KR') }),
      ),
    );
    if (chosenYear) {
      const months = years[year].months.sort().reverse().map(([month, count]) => {
        const chosen = state.since === month && state.until === month;
        return el(
          'li',
          {},
          el(
            'button',
            { type: 'button', 'aria-pressed': String(chosen), 'data-facet': 'month', 'data-value': month, onclick: () => go(chosen ? { since: year, until: year, page: 1 } : { since: month, until: month, page: 1 }) },
            el('span', { text: Number(month.slice(5)) + '월' }),
            el('span', { class: 'count', text: count.toLocaleString('ko-KR') }),
          ),
        );
      });
      li.append(el('ul', { class: 'months' }, ...months));
    }
    return li;
  });
  return el('div', { class: 'facet' }, el('h2', { text: '연도 · 월' }), el('ul', {}, ...items));
}

// `sampled`: the counts cover only the best this many matches (0: every match).
function showFacets(state, facets, sampled) {
  const multi = (name) => (value, pressed) =>
    go({ [name]: pressed ? state[name].filter((v) => v !== value) : [...state[name], value], page: 1 });
  const note = sampled ? el('p', { class: 'facet-note', text: `관련도 상위 ${sampled.toLocaleString('ko-KR')}건 기준` }) : null;
  $('facets').setAttribute('aria-busy', 'false');
  $('facets').replaceChildren(
    ...[
      note,
      facetList('kind', facets.kind, state.kind ? [state.kind] : [], (value, pressed) => go({ kind: pressed ? '' : value, page: 1 })),
      facetList('section', facets.section, state.section, multi('section')),
      facetList('category', facets.category, state.category, multi('category')),
      dateFacet(state, facets.month),
    ].filter(Boolean),
  );
}

function showPager(state, total) {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) {
    $('pager').replaceChildren();
    return;
  }
  // The spoken name starts with the visible text (axe: label-content-name-mismatch).
  const button = (page, label, current = false) =>
    el('button', { type: 'button', text: label, 'aria-label': label === String(page) ? `${page} 쪽` : `${label} (${page} 쪽)`, ...(current ? { 'aria-current': 'page' } : {}), onclick: () => { go({ page }); window.scrollTo(0, 0); } });
  const buttons = [];
  if (state.page > 1) buttons.push(button(state.page - 1, '이전'));
  const from = Math.max(1, state.page - 4);
  const to = Math.min(pages, from + 9);
  for (let page = from; page <= to; page++) buttons.push(button(page, String(page), page === state.page));
  if (state.page < pages) buttons.push(button(state.page + 1, '다음'));
  $('pager').replaceChildren(...buttons);
}

// A document id in an API path: each part encoded, its slashes kept.
function documentPath(id) {
  return id.split('/').map(encodeURIComponent).join('/');
}

async function showDocument(id) {
  const number = ++requestNumber;
  const target = $('document');
  target.replaceChildren(el('p', { class: 'status', text: '불러오는 중…' }));
  // With the query, the article comes with where its words match (across scripts too).
  const query = readState().q.trim();
  let answer;
  try {
    const response = await fetch(documentAddress(id, query));
    answer = { ok: response.ok, body: await response.json() };
  } catch (error) {
    answer = { ok: false, body: { error: error.message } };
  }
  if (number !== requestNumber) return;
  if (!answer.ok) {
    target.replaceChildren(el('p', { class: 'status error', text: '오류: ' + (answer.body.error || '알 수 없는 오류') }));
    return;
  }
  const doc = answer.body;
  document.title = doc.title + ' — hanseek';
  const meta = metaLine(doc, doc.path && el('span', { text: '보고서: ' + doc.path + (doc.issue_date ? ` (${doc.issue_date})` : '') }));
  const marks = doc.highlights || { title: [], subtitle: [], body: [], summary: [] };
  const titleMarks = (linked) => (linked.highlights ? linked.highlights.title : []);
  const parts = [el('h1', chineseText(doc.title) ? { lang: 'zh' } : {}, ...highlighted(doc.title, marks.title)), meta];
  const original = originalLink(doc);
  if (original) parts.push(el('p', { class: 'original' }, original));
  if (doc.subtitle) parts.push(el('p', { class: 'subtitle' }, ...highlighted(doc.subtitle, marks.subtitle)));
  if (doc.url) parts.push(el('p', { class: 'source' }, externalLink(doc.url), doc.outlet ? el('span', { text: ' · ' + doc.outlet }) : null));
  if (doc.summary && doc.summary.length) {
    parts.push(el('h2', { text: '요약' }), el('ul', {}, ...doc.summary.map((s, i) => el('li', {}, ...highlighted(s, marks.summary[i] || [])))));
  }
  if (doc.body) {
    const body = el('div', { class: 'body' }, ...paragraphs(doc.body, marks.body));
    parts.push(body);
    if (doc.body_chars !== undefined) parts.push(morePartsButton(id, number, body, doc, query));
  }
  if (doc.references && doc.references.length) {
    const items = doc.references.map((ref) =>
      el('li', {}, el('span', chineseText(ref.title) ? { lang: 'zh' } : {}, ...highlighted(ref.title, titleMarks(ref))), document.createTextNode(' '), ref.url ? externalLink(ref.url) : null, el('span', { class: 'meta', text: ' ' + (LINK_LABELS[ref.link_kind] || '') + (ref.outlet ? ' · ' + ref.outlet : '') })),
    );
    parts.push(el('h2', { text: '참고자료 · 출처' }), el('ol', { class: 'references' }, ...items));
  }
  if (doc.article) parts.push(el('h2', { text: '인용한 기사' }), el('p', {}, documentLink(doc.article.id, doc.article.title)));
  const related = el('section', { id: 'related', 'aria-label': '관련 문서' });
  parts.push(related);
  target.replaceChildren(...parts);
  showRelated(id, number, related);
}

// A document's API address: with the query whose matches come marked, and from which
// character of its body (a long body comes in parts).
function documentAddress(id, query, bodyFrom = 0) {
  const p = new URLSearchParams();
  if (bodyFrom) p.set('body_from', String(bodyFrom));
  if (query) p.set('q', query);
  const asked = p.toString();
  return `api/documents/${documentPath(id)}` + (asked ? '?' + asked : '');
}

// One paragraph per line, with the matches (character offsets into `text`) marked.
function paragraphs(text, ranges = []) {
  let at = 0;
  return text.split('\n').map((line) => {
    const length = Array.from(line).length;
    const inLine = ranges
      .filter(([from, to]) => from < at + length && to > at)
      .map(([from, to]) => [Math.max(from, at) - at, Math.min(to, at + length) - at]);
    at += length + 1;
    return el('p', {}, ...highlighted(line, inLine));
  });
}

// A very long body comes in parts (the server sends at most 200,000 characters at a
// time): a button fetches the next one and adds it, until the whole text is shown.
function morePartsButton(id, number, body, doc, query) {
  let shown = doc.body_from + [...doc.body].length;
  const note = el('p', { class: 'status' });
  const button = el('button', { type: 'button', class: 'more' });
  const label = () => {
    note.textContent = `본문이 길어 ${doc.body_chars.toLocaleString('ko-KR')}자 중 ${shown.toLocaleString('ko-KR')}자를 보여 줍니다.`;
    button.textContent = '이어서 보기';
    button.hidden = shown >= doc.body_chars;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch(documentAddress(id, query, shown));
      const part = await response.json();
      if (!response.ok || number !== requestNumber) return;
      body.append(...paragraphs(part.body, part.highlights ? part.highlights.body : []));
      shown = part.body_from + [...part.body].length;
      label();
    } finally {
      button.disabled = false;
    }
  });
  label();
  return el('div', { class: 'parts' }, note, button);
}

// For an article read from a PDF (or a link cited in one): the PDF, opened at the
// article's first page, in a new tab.
function originalLink(doc) {
  const pages = doc.pages && doc.pages.length ? doc.pages : (doc.article && doc.article.pages) || [];
  if (!pages.length) return null;
  const first = pages[0];
  const last = pages[pages.length - 1];
  const label = first === last ? `${first}쪽` : `${first}–${last}쪽`;
  return el('a', {
    class: 'original',
    href: `api/documents/${documentPath(doc.id)}/original#page=${first}`,
    target: '_blank',
    rel: 'noopener',
    text: `원문 PDF (${label})`,
  });
}

// The documents most like this one, across scripts (a Korean article's Chinese
// sources among them), under the document once they arrive.
async function showRelated(id, number, target) {
  let body;
  try {
    const response = await fetch(`api/documents/${documentPath(id)}/related?limit=${RELATED}`);
    if (!response.ok) return;
    body = await response.json();
  } catch {
    return; // the document is shown; related documents are an extra
  }
  if (number !== requestNumber || !body.hits.length) return;
  const items = body.hits.map((hit) =>
    el('li', { class: 'hit', 'data-id': hit.id }, documentLink(hit.id, hit.title || '(제목 없음)'), metaLine(hit, viaBadge(hit.via))),
  );
  target.replaceChildren(el('h2', { text: '관련 문서' }), el('ol', { class: 'related' }, ...items));
}

// The word being typed: the query's last word, unless it is a filter (section:…),
// an exclusion or inside quotes, which suggestions do not complete.
function typedWord(value) {
  if ((value.match(/"/g) || []).length % 2 === 1) return null;
  const found = value.match(/(?:^|\s)([^\s"-][^\s"]*)$/);
  if (!found || found[1].includes(':') || found[1] === 'OR' || found[1] === 'AND') return null;
  return found[1];
}

async function suggest(value) {
  const number = ++suggestNumber;
  const word = typedWord(value);
  if (!word) return hideSuggestions();
  let body;
  try {
    const response = await fetch(`api/suggest?limit=${SUGGESTIONS}&q=` + encodeURIComponent(word));
    if (!response.ok) return hideSuggestions();
    body = await response.json();
  } catch {
    return hideSuggestions();
  }
  if (number !== suggestNumber) return; // typed on meanwhile
  const found = body.suggestions.filter((s) => s.text !== word);
  if (!found.length) return hideSuggestions();
  shownSuggestions = found;
  activeSuggestion = -1;
  const items = found.map((s, i) =>
    el(
      'li',
      {
        id: 'suggestion-' + i,
        class: 'suggestion',
        role: 'option',
        'aria-selected': 'false',
        // mousedown, not click: the box keeps the focus and does not close the list first
        onmousedown: (event) => {
          event.preventDefault();
          pickSuggestion(i);
        },
      },
      el('span', { text: s.text }),
      s.korean ? el('span', { class: 'spelling', text: ' · ' + s.korean }) : null,
    ),
  );
  $('suggestions').replaceChildren(...items);
  $('suggestions').hidden = false;
  $('q').setAttribute('aria-expanded', 'true');
}

function hideSuggestions() {
  suggestNumber++;
  shownSuggestions = [];
  activeSuggestion = -1;
  $('suggestions').hidden = true;
  $('suggestions').replaceChildren();
  $('q').setAttribute('aria-expanded', 'false');
  $('q').removeAttribute('aria-activedescendant');
}

function moveSuggestion(step) {
  // The box itself (-1) and each suggestion, round in a circle.
  const states = shownSuggestions.length + 1;
  activeSuggestion = ((((activeSuggestion + 1 + step) % states) + states) % states) - 1;
  $('suggestions').querySelectorAll('.suggestion').forEach((item, i) => item.setAttribute('aria-selected', String(i === activeSuggestion)));
  if (activeSuggestion >= 0) $('q').setAttribute('aria-activedescendant', 'suggestion-' + activeSuggestion);
  else $('q').removeAttribute('aria-activedescendant');
}

// The suggestion replaces the word being typed, and the query is searched at once.
function pickSuggestion(i) {
  const q = $('q');
  const word = typedWord(q.value) || '';
  q.value = q.value.slice(0, q.value.length - word.length) + shownSuggestions[i].text;
  hideSuggestions();
  clearTimeout(typingTimer);
  go({ q: q.value, page: 1, doc: '' });
}

function setUp() {
  const q = $('q');
  const searchTyped = () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      const replace = Date.now() - lastTypedSearch < TYPING_ENTRY_MS;
      lastTypedSearch = Date.now();
      go({ q: q.value, page: 1, doc: '' }, { replace, typing: true });
    }, DEBOUNCE_MS);
  };
  q.addEventListener('compositionstart', () => {
    composing = true;
    clearTimeout(typingTimer);
  });
  // The committed text is searched; Chromium sends no input event after this one.
  q.addEventListener('compositionend', () => {
    composing = false;
    searchTyped();
  });
  q.addEventListener('input', (event) => {
    // While a Korean IME composes a syllable (인공ㅈ), the box already holds it: the
    // suggestions complete it by jamo, but it is searched once committed.
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => suggest(q.value), SUGGEST_MS);
    if (composing || event.isComposing) {
      clearTimeout(typingTimer);
      return;
    }
    searchTyped();
  });
  q.addEventListener('keydown', (event) => {
    if (event.isComposing || $('suggestions').hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveSuggestion(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' && activeSuggestion >= 0) {
      event.preventDefault();
      pickSuggestion(activeSuggestion);
    } else if (event.key === 'Escape') {
      hideSuggestions();
    }
  });
  q.addEventListener('blur', () => hideSuggestions());
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    clearTimeout(suggestTimer);
    hideSuggestions();
    go({ q: q.value, page: 1, doc: '' });
  });
  $('sort').addEventListener('change', () => go({ sort: $('sort').value, page: 1 }));
  $('since').addEventListener('change', () => go({ since: $('since').value, page: 1 }));
  $('until').addEventListener('change', () => go({ until: $('until').value, page: 1 }));
  $('show-score').addEventListener('change', () => render({ typing: true }));
  $('filters-toggle').addEventListener('click', toggleFilters);
  $('back').addEventListener('click', () => {
    if (history.state && history.state.fromResults) history.back();
    else go({ doc: '' });
  });
  document.addEventListener('keydown', (event) => {
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
    if (event.key === '/' && !typing) {
      event.preventDefault();
      q.focus();
      q.select();
    }
  });
  window.addEventListener('popstate', () => render());
  render();
}

setUp();
