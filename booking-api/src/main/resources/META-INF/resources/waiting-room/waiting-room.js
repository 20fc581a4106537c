// The citizen's page: join a release's queue, wait, book when admitted, learn the answer. The ticket is
// all the server needs to know who we are; it is kept in localStorage, so a reload keeps the place.
const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const page = {
  releaseId: Number(params.get('release')) || null,
  release: null, room: null, status: null, pools: [], view: null,
  pollTimer: null, requestTimer: null, ticker: null, worker: null,
};

const store = {
  key: name => 'sluice.' + name + '.' + page.releaseId,
  get(name) { return localStorage.getItem(store.key(name)); },
  set(name, value) { if (value == null) localStorage.removeItem(store.key(name)); else localStorage.setItem(store.key(name), value); },
};

function fmt(key, values) {
  return t(key).replace(/\{(\w+)\}/g, (match, name) => (values[name] === undefined ? '' : values[name]));
}

function show(view) {
  document.querySelectorAll('.view').forEach(section => { section.hidden = section.id !== 'view-' + view; });
  if (page.view !== view) {
    page.view = view;
    // Moving focus to the new heading tells screen-reader users that the page changed.
    const heading = document.querySelector('#view-' + view + ' h2');
    if (heading) heading.focus();
  }
}

function problem(text) {
  $('problem').textContent = text || '';
  $('problem').hidden = !text;
}

/** A request to the API; an error answer becomes an Error carrying the problem document. */
async function api(method, path, body, headers) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((json && (json.detail || json.title)) || String(response.status));
    error.status = response.status;
    error.problem = json;
    error.retryAfter = Number(response.headers.get('Retry-After')) || 0;
    throw error;
  }
  return { json, headers: response.headers };
}

function duration(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  const two = n => String(n).padStart(2, '0');
  return (h > 0 ? h + ':' + two(m) : String(m)) + ':' + two(s);
}

function roughWait(seconds) {
  if (seconds == null) return t('unknown');
  if (seconds < 60) return t('underAMinute');
  if (seconds < 3600) return fmt('aboutMinutes', { n: Math.round(seconds / 60) });
  return fmt('aboutHours', { h: Math.floor(seconds / 3600), m: Math.round((seconds % 3600) / 60) });
}

function localTime(instant, timeZone, withDate) {
  const options = withDate ? { dateStyle: 'full', timeStyle: 'short' } : { timeStyle: 'short' };
  if (timeZone) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', options).format(new Date(instant));
}

function number(n) {
  return n == null ? '–' : new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB').format(n);
}

// ---- choosing a release -------------------------------------------------------------------------

async function chooseRelease() {
  show('choose');
  const { json } = await api('GET', '/api/calendar/releases');
  const list = $('release-list');
  list.replaceChildren();
  json.filter(entry => entry.state !== 'CLOSED').forEach(entry => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '?release=' + entry.id;
    a.textContent = entry.name;
    li.append(a, ' – ' + entry.district + ', ' + formatTime(entry.opensAt) + ' (' + t('states')[entry.state] + ')');
    list.append(li);
  });
  $('no-releases').hidden = json.length > 0;
}

// ---- before joining -----------------------------------------------------------------------------

async function loadRelease() {
  const [release, room] = await Promise.all([
    api('GET', '/api/releases/' + page.releaseId), api('GET', '/api/releases/' + page.releaseId + '/waiting-room')]);
  page.release = release.json;
  page.room = room.json;
  const e = page.release.eligibility || {};
  document.querySelectorAll('.invitation').forEach(el => { el.hidden = !e.invitationOnly; });
  document.querySelectorAll('.age').forEach(el => { el.hidden = e.minAge == null && e.maxAge == null; });
  document.querySelectorAll('.group').forEach(el => { el.hidden = !e.priorityGroups; });
  const groups = $('priority-group');
  groups.replaceChildren();
  (e.priorityGroups || []).forEach(group => groups.append(new Option(group, group)));
  renderIntro();
}

function renderIntro() {
  if (!page.release) return;
  const release = page.release, e = release.eligibility || {};
  $('release-name').textContent = release.name;
  $('release-facts').textContent = fmt('releaseFacts', {
    district: release.district, opens: formatTime(release.opensAt), slots: number(release.slotCount) });
  const rules = [];
  if (e.minAge != null || e.maxAge != null) rules.push(fmt('ageBand', { min: e.minAge == null ? 0 : e.minAge, max: e.maxAge == null ? '∞' : e.maxAge }));
  if (e.priorityGroups) rules.push(fmt('forGroups', { groups: e.priorityGroups.join(', ') }));
  if (e.invitationOnly) rules.push(t('invitationOnly'));
  $('release-eligibility').textContent = rules.join(' ');
  tickIntro();
}

function tickIntro() {
  const until = (new Date(page.room.joinOpensAt) - Date.now()) / 1000;
  $('join').disabled = until > 0;
  $('join-countdown').textContent = until > 0 ? fmt('roomOpensIn', { time: duration(until) }) : t('roomOpen');
}

async function join(event) {
  event.preventDefault();
  problem('');
  const code = $('join-code').value.trim();
  if (page.release.eligibility && page.release.eligibility.invitationOnly && !code) {
    problem(t('invitationCode') + '?');
    $('join-code').focus();
    return;
  }
  show('joining');
  try {
    const { json: challenge } = await api('GET', '/api/releases/' + page.releaseId + '/waiting-room/challenge');
    const solution = await solve(challenge.challenge, challenge.difficulty);
    const body = { challenge: challenge.challenge, solution };
    if (code) body.invitationCode = code;
    const { json: status } = await api('POST', '/api/releases/' + page.releaseId + '/waiting-room/tickets', body);
    if (code) store.set('code', code);
    store.set('firstAhead', null);
    handle(status);
  } catch (e) {
    show('intro');
    problem(e.message);
  }
}

/** Solves the join puzzle in a worker so that the page stays responsive. */
function solve(challenge, difficulty) {
  return new Promise((resolve, reject) => {
    const worker = new Worker('/waiting-room/pow-worker.js');
    const expected = Math.pow(2, difficulty);
    worker.onmessage = event => {
      if (event.data.solution !== undefined) {
        worker.terminate();
        resolve(event.data.solution);
      } else {
        $('pow-progress').max = 100;
        $('pow-progress').value = Math.min(95, 100 * event.data.tried / (2 * expected));
      }
    };
    worker.onerror = error => { worker.terminate(); reject(error); };
    worker.postMessage({ challenge, difficulty });
  });
}

// ---- waiting ------------------------------------------------------------------------------------

async function poll() {
  clearTimeout(page.pollTimer);
  const ticket = store.get('ticket');
  if (!ticket) return;
  try {
    const { json } = await api('GET', '/api/releases/' + page.releaseId + '/waiting-room/status', undefined,
      { 'Sluice-Ticket': ticket });
    handle(json);
  } catch (e) {
    if (e.status === 400 || e.status === 410) {
      // The ticket is not (or no longer) good: start over.
      store.set('ticket', null);
      show('intro');
      problem(e.message);
      return;
    }
    page.pollTimer = setTimeout(poll, 1000 * (e.retryAfter || 5));
  }
}

function handle(status) {
  page.status = status;
  if (status.ticket) store.set('ticket', status.ticket);
  render();
  if (['WAITING', 'PREQUEUE', 'PAUSED', 'ADMITTED'].includes(status.phase)) {
    page.pollTimer = setTimeout(poll, 1000 * Math.max(1, status.pollAfterSeconds));
  }
}

function render() {
  const status = page.status;
  if (!status) return;
  switch (status.phase) {
    case 'PREQUEUE': case 'WAITING': case 'PAUSED': renderWaiting(status); break;
    case 'ADMITTED': renderAdmitted(status); break;
    case 'SOLD_OUT': renderSoldOut(status.position, status.slotCount); break;
    case 'EXPIRED': show('expired'); break;
    default: show('closed');
  }
}

function renderWaiting(status) {
  show('waiting');
  const prequeue = status.phase === 'PREQUEUE';
  $('prequeue-note').hidden = !prequeue;
  $('paused-note').hidden = status.phase !== 'PAUSED';
  $('opening-countdown').hidden = !prequeue;
  $('position').textContent = prequeue ? t('drawnAtOpening') : number(status.position);
  $('ahead').textContent = prequeue ? '–' : number(status.peopleAhead);
  $('wait').textContent = prequeue ? t('unknown') : roughWait(status.estimatedWaitSeconds);
  $('slots-left').textContent = number(status.slotsLeft);
  if (!prequeue && status.peopleAhead != null) {
    // Progress since this page first saw a place: how much of the way to the front is done.
    const first = Number(store.get('firstAhead')) || status.peopleAhead;
    if (!store.get('firstAhead')) store.set('firstAhead', String(status.peopleAhead));
    $('queue-progress').value = first === 0 ? 100 : Math.round(100 * (1 - status.peopleAhead / first));
  }
  tickWaiting();
}

function tickWaiting() {
  if (page.status && page.status.phase === 'PREQUEUE') {
    const until = (new Date(page.status.opensAt) - Date.now()) / 1000;
    $('opening-countdown').textContent = fmt('openingIn', { time: duration(until) });
  }
}

// ---- admitted: choose and book --------------------------------------------------------------------

async function renderAdmitted(status) {
  const first = page.view !== 'admitted';
  show('admitted');
  tickAdmitted();
  if (first) {
    const code = store.get('code');
    if (code) $('booking-code').value = code;
    try {
      const { json } = await api('GET', '/api/releases/' + page.releaseId + '/availability');
      page.pools = json;
      renderPools();
    } catch (e) {
      problem(e.message);
    }
  }
}

function renderPools() {
  const box = $('pools');
  const chosen = (document.querySelector('input[name=pool]:checked') || {}).value;
  box.replaceChildren();
  page.pools.forEach((pool, index) => {
    const row = document.createElement('div');
    row.className = 'pool';
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'pool';
    radio.id = 'pool-' + index;
    radio.value = pool.poolKey;
    radio.disabled = pool.freeSlots === 0;
    radio.checked = chosen ? chosen === pool.poolKey : (index === page.pools.findIndex(p => p.freeSlots > 0));
    const label = document.createElement('label');
    label.htmlFor = radio.id;
    const day = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'full', timeZone: 'UTC' })
      .format(new Date(pool.day + 'T00:00:00Z'));
    const free = pool.freeSlots === 0 ? t('bookedUp') : fmt('freeCount', { free: number(pool.freeSlots) })
      + (pool.nextFree.length ? ', ' + fmt('earliestAt', { time: localTime(pool.nextFree[0], pool.timeZone) }) : '');
    label.textContent = pool.siteName + ' – ' + day + ' (' + free + ')';
    const address = document.createElement('div');
    address.className = 'muted';
    address.textContent = pool.address;
    label.append(address);
    row.append(radio, label);
    box.append(row);
  });
}

function tickAdmitted() {
  if (page.status && page.status.admissionExpiresAt) {
    const left = (new Date(page.status.admissionExpiresAt) - Date.now()) / 1000;
    $('admission-countdown').textContent = fmt('bookWithin', { time: duration(left) });
  }
}

async function book(event) {
  event.preventDefault();
  problem('');
  const chosen = document.querySelector('input[name=pool]:checked');
  if (!chosen) {
    problem(t('pickAPool'));
    return;
  }
  const pool = page.pools.find(p => p.poolKey === chosen.value);
  const body = { siteCode: pool.siteCode, day: pool.day, name: $('name').value.trim(), email: $('email').value.trim(), language };
  if (!$('birth-date').hidden && $('birth-date').value) body.birthDate = $('birth-date').value;
  if (!$('priority-group').hidden) body.priorityGroup = $('priority-group').value;
  if (!$('booking-code').hidden) body.invitationCode = $('booking-code').value.trim();
  try {
    const { json } = await api('POST', '/api/releases/' + page.releaseId + '/booking-requests', body,
      { 'Sluice-Admission': page.status.admission });
    clearTimeout(page.pollTimer);
    store.set('request', json.requestId);
    show('pending');
    pollRequest();
  } catch (e) {
    const fields = e.problem && e.problem.violations && e.problem.violations.length
      ? ' (' + e.problem.violations.map(v => v.field + ': ' + v.message).join('; ') + ')' : '';
    problem(e.message + (e.message.includes(fields) ? '' : fields));
  }
}

async function pollRequest() {
  clearTimeout(page.requestTimer);
  const requestId = store.get('request');
  try {
    const { json } = await api('GET', '/api/booking-requests/' + requestId);
    if (json.status === 'PENDING') {
      show('pending');
      page.requestTimer = setTimeout(pollRequest, 1000);
    } else if (json.status === 'CONFIRMED') {
      show('confirmed');
      $('appointment').textContent = json.slotStartsAt ? localTime(json.slotStartsAt, null, true) : '–';
      $('booking-code-value').textContent = json.bookingCode;
    } else {
      if (json.reason === 'SOLD_OUT') {
        renderSoldOut(page.status && page.status.position, page.release && page.release.slotCount);
      } else {
        show('rejected');
      }
      $('rejection-reason').textContent = t('reasons')[json.reason] || json.reason;
    }
  } catch (e) {
    page.requestTimer = setTimeout(pollRequest, 3000);
  }
}

// ---- sold out and the waitlist --------------------------------------------------------------------

function renderSoldOut(position, slots) {
  show('soldout');
  $('soldout-detail').textContent = fmt('soldOutDetail', { slots: number(slots), position: number(position) });
}

async function joinWaitlist(event) {
  event.preventDefault();
  problem('');
  try {
    await api('POST', '/api/releases/' + page.releaseId + '/waitlist', { email: $('waitlist-email').value.trim(), language },
      { 'Sluice-Ticket': store.get('ticket') || '' });
    $('waitlist-form').hidden = true;
    $('waitlist-done').hidden = false;
    $('waitlist-done').focus();
  } catch (e) {
    problem(e.message);
  }
}

async function confirmWaitlist() {
  problem('');
  try {
    await api('POST', '/api/waitlist/confirmations', { token: params.get('confirm') });
    $('confirm-waitlist').hidden = true;
    $('waitlist-confirmed').hidden = false;
  } catch (e) {
    problem(e.message);
  }
}

// ---- start ----------------------------------------------------------------------------------------

function rerender() {
  renderIntro();
  if (page.view === 'admitted') renderPools();
  if (['waiting', 'admitted', 'soldout'].includes(page.view)) render();
}

async function start() {
  $('language').value = language;
  setLanguage(language);
  $('language').addEventListener('change', e => { setLanguage(e.target.value); rerender(); });
  $('join-form').addEventListener('submit', join);
  $('booking-form').addEventListener('submit', book);
  $('waitlist-form').addEventListener('submit', joinWaitlist);
  $('confirm-waitlist').addEventListener('click', confirmWaitlist);
  $('rejoin').addEventListener('click', () => { store.set('ticket', null); show('intro'); renderIntro(); });
  page.ticker = setInterval(() => {
    if (page.view === 'intro') tickIntro();
    if (page.view === 'waiting') tickWaiting();
    if (page.view === 'admitted') tickAdmitted();
  }, 1000);
  try {
    if (params.get('confirm')) {
      show('confirm-waitlist');
      return;
    }
    if (!page.releaseId) {
      await chooseRelease();
      return;
    }
    await loadRelease();
    if (store.get('request')) {
      show('pending');
      pollRequest();
    } else if (store.get('ticket')) {
      poll();
    } else {
      show('intro');
    }
  } catch (e) {
    problem(e.message);
  }
}

start();
