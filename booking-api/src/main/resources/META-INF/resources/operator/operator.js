// The operator page: a thin client of booking-api's operator API. It keeps the token for this tab only.
const state = { releases: [], view: 'month', anchor: new Date(), token: sessionStorage.getItem('sluice.token') || '' };

const $ = id => document.getElementById(id);

function say(text, kind) {
  const p = document.createElement('p');
  p.className = kind;
  p.textContent = text;
  $('messages').prepend(p);
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    // Every error of the API is a problem document: show what was wrong, field by field.
    const fields = json && json.violations && json.violations.length
      ? ' (' + json.violations.map(v => v.field + ': ' + v.message).join('; ') + ')' : '';
    throw new Error((json && (json.detail || json.title)) || response.status + fields);
  }
  return json;
}

async function attempt(action, done) {
  try {
    await action();
    if (done) say(done, 'done');
  } catch (e) {
    say(e.message, 'error');
  }
}

function whoAmI() {
  $('who').textContent = signedInAs(state.token);
}

async function loadReleases() {
  const district = $('district-filter').value.trim();
  state.releases = await api('GET', '/api/operator/releases' + (district ? '?district=' + encodeURIComponent(district) : ''));
  render();
}

function localDay(instant) {
  const d = new Date(instant);
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

function badge(stateName) {
  const span = document.createElement('span');
  span.className = 'badge state-' + stateName;
  span.textContent = t('states')[stateName];
  return span;
}

function renderGrid() {
  const grid = $('grid');
  grid.replaceChildren();
  t('weekdayNames').forEach(name => {
    const dow = document.createElement('div');
    dow.className = 'dow';
    dow.textContent = name;
    grid.append(dow);
  });
  const anchor = new Date(state.anchor);
  let first, days;
  if (state.view === 'month') {
    first = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
    days = 42;
    $('period').textContent = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric' }).format(first);
  } else {
    first = new Date(anchor);
    days = 7;
  }
  first.setDate(first.getDate() - ((first.getDay() + 6) % 7));
  if (state.view === 'week') {
    $('period').textContent = formatTime(first).split(',')[0] + ' –';
  }
  const byDay = {};
  state.releases.forEach(r => (byDay[localDay(r.opensAt)] ||= []).push(r));
  for (let i = 0; i < days; i++) {
    const day = new Date(first);
    day.setDate(first.getDate() + i);
    const cell = document.createElement('div');
    cell.className = 'day' + (state.view === 'month' && day.getMonth() !== anchor.getMonth() ? ' other' : '');
    const num = document.createElement('span');
    num.className = 'num';
    num.textContent = day.getDate();
    cell.append(num);
    (byDay[localDay(day)] || []).forEach(r => {
      const chip = document.createElement('span');
      chip.className = 'chip state-' + r.state;
      chip.textContent = r.name + ' · ' + t('states')[r.state];
      chip.title = r.district + ', ' + formatTime(r.opensAt);
      cell.append(chip);
    });
    grid.append(cell);
  }
}

const ACTIONS = [
  ['announce', ['DRAFT']], ['open', ['DRAFT', 'ANNOUNCED', 'SOLD_OUT']], ['pause', ['OPEN']],
  ['resume', ['PAUSED']], ['close', ['DRAFT', 'ANNOUNCED', 'OPEN', 'PAUSED', 'SOLD_OUT']],
];

function renderTable() {
  const rows = $('release-rows');
  rows.replaceChildren();
  state.releases.forEach(r => {
    const tr = document.createElement('tr');
    tr.dataset.release = r.id;
    [r.name, r.district, formatTime(r.opensAt)].forEach(text => {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    });
    const stateCell = document.createElement('td');
    stateCell.append(badge(r.state));
    const slots = document.createElement('td');
    slots.textContent = r.slotCount + ' (' + r.freeSlots + ' ' + t('free') + ')';
    const actions = document.createElement('td');
    ACTIONS.forEach(([action, from]) => {
      const button = document.createElement('button');
      button.className = 'secondary';
      button.textContent = t(action);
      button.disabled = !from.includes(r.state);
      button.addEventListener('click', () => attempt(async () => {
        await api('POST', '/api/operator/releases/' + r.id + '/' + action);
        await loadReleases();
      }, t('saved')));
      actions.append(button, ' ');
    });
    tr.append(stateCell, slots, actions);
    rows.append(tr);
  });
}

function render() {
  renderGrid();
  renderTable();
}

function weekdayBoxes() {
  const holder = $('capacity-weekdays');
  holder.replaceChildren();
  t('weekdayNames').forEach((name, i) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = i + 1;
    box.checked = i < 5;
    label.append(box, ' ' + name + ' ');
    holder.append(label);
  });
}

$('sign-in').addEventListener('click', () => {
  state.token = $('token').value.trim();
  sessionStorage.setItem('sluice.token', state.token);
  whoAmI();
  attempt(loadReleases);
});

$('language').addEventListener('change', e => { setLanguage(e.target.value); weekdayBoxes(); whoAmI(); render(); });
$('previous').addEventListener('click', () => { shift(-1); });
$('next').addEventListener('click', () => { shift(1); });
$('district-filter').addEventListener('change', () => attempt(loadReleases));
document.querySelectorAll('input[name=view]').forEach(radio => radio.addEventListener('change', e => {
  state.view = e.target.value;
  render();
}));

function shift(direction) {
  const anchor = new Date(state.anchor);
  if (state.view === 'month') anchor.setMonth(anchor.getMonth() + direction);
  else anchor.setDate(anchor.getDate() + 7 * direction);
  state.anchor = anchor;
  render();
}

$('site-form').addEventListener('submit', e => {
  e.preventDefault();
  const form = Object.fromEntries(new FormData(e.target));
  attempt(() => api('POST', '/api/operator/sites', form), t('saved'));
});

$('capacity-form').addEventListener('submit', e => {
  e.preventDefault();
  const days = [...document.querySelectorAll('#capacity-weekdays input:checked')].map(box => Number(box.value));
  const rules = days.map(weekday => ({
    weekday, opens: $('capacity-opens').value, closes: $('capacity-closes').value,
    slotMinutes: Number($('capacity-minutes').value), lanes: Number($('capacity-lanes').value),
  }));
  attempt(() => api('PUT', '/api/operator/sites/' + encodeURIComponent($('capacity-site').value) + '/capacity', { rules }),
    t('saved'));
});

$('generate-form').addEventListener('submit', e => {
  e.preventDefault();
  attempt(async () => {
    const report = await api('POST', '/api/operator/sites/' + encodeURIComponent($('capacity-site').value) + '/slots',
      { from: $('generate-from').value, to: $('generate-to').value });
    say('+' + report.created + ' / −' + report.removed + ' / ' + report.kept.length + ' kept', 'done');
  });
});

$('release-form').addEventListener('submit', e => {
  e.preventDefault();
  const block = { siteCode: $('release-site').value, day: $('release-day').value };
  if ($('release-start').value) {
    Object.assign(block, { from: $('release-start').value, to: $('release-end').value,
      slotMinutes: Number($('release-minutes').value), lanes: Number($('release-lanes').value) });
  } else if ($('release-count').value) {
    block.count = Number($('release-count').value);
  }
  const openNow = $('release-open-now').checked;
  const body = { name: $('release-name').value, district: $('release-district').value, openNow, slots: [block] };
  if (!openNow && $('release-opens').value) body.opensAt = new Date($('release-opens').value).toISOString();
  attempt(async () => {
    await api('POST', '/api/operator/releases', body);
    await loadReleases();
  }, t('saved'));
});

$('language').value = language;
setLanguage(language);
weekdayBoxes();
whoAmI();
render();
if (state.token) attempt(loadReleases);
