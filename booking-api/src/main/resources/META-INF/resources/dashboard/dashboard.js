// The staff dashboard: one server-sent event stream of the whole picture, four times a second. The stream
// needs the bearer token, which EventSource cannot send, so it is read with fetch.
Object.assign(TEXTS.de, {
  dashboardTitle: 'Sluice – Live-Übersicht', overall: 'Gesamt', prequeue: 'Vorab', queue: 'Wartend', serving: 'Aufgerufen',
  admittedPerSecond: 'Einlass/s', admittedNotDecided: 'Eingelassen, offen', undecided: 'Offen', confirmed: 'Bestätigt',
  rejected: 'Abgelehnt', confirmedPerSecond: 'Bestätigt/s', rejectedPerSecond: 'Abgelehnt/s', slotsLeft: 'Frei',
  sellOut: 'Ausgebucht in', attendance: 'Anwesenheit', csv: 'CSV', latency: 'Entscheidungszeit p50/p95/p99',
  chartFlow: 'Eingelassen und entschieden je Sekunde', chartQueue: 'Wartende',
  chartLatency: 'Entscheidungszeit p95 (ms) und Rückstand', allocator: 'Zuteilung', notifier: 'Benachrichtigung',
  errors: 'Fehler (diese Instanz)', instances: 'Instanzen', lag: 'Rückstand (Anfragen)', partition: 'Partition',
  backlog: 'Rückstand (Ereignisse)', sent: 'Gesendet', failed: 'Fehlgeschlagen', deadLetters: 'Unzustellbar',
  errorsPerSecond: '5xx je Sekunde', errorRatio: 'Anteil 5xx', nextRelease: 'Nächste Freigabe: {name} öffnet in {time}',
  noNextRelease: 'Keine angekündigte Freigabe.', updated: 'Stand {time}', streamLost: 'Verbindung verloren, neuer Versuch …',
  refused: 'Nur für Mitarbeitende: bitte mit einem Token der Rolle staff oder operator anmelden.', admitted: 'Eingelassen',
});
Object.assign(TEXTS.en, {
  dashboardTitle: 'Sluice – live overview', overall: 'Overall', prequeue: 'Pre-queue', queue: 'Waiting', serving: 'Serving',
  admittedPerSecond: 'Admitted/s', admittedNotDecided: 'Admitted, undecided', undecided: 'Undecided', confirmed: 'Confirmed',
  rejected: 'Rejected', confirmedPerSecond: 'Confirmed/s', rejectedPerSecond: 'Rejected/s', slotsLeft: 'Slots left',
  sellOut: 'Sold out in', attendance: 'Attendance', csv: 'CSV', latency: 'Decision time p50/p95/p99',
  chartFlow: 'Admitted and decided per second', chartQueue: 'Waiting', chartLatency: 'Decision time p95 (ms) and lag',
  allocator: 'Allocation', notifier: 'Notifications', errors: 'Errors (this instance)', instances: 'Instances',
  lag: 'Lag (requests)', partition: 'Partition', backlog: 'Backlog (events)', sent: 'Sent', failed: 'Failed',
  deadLetters: 'Dead letters', errorsPerSecond: '5xx per second', errorRatio: '5xx share',
  nextRelease: 'Next release: {name} opens in {time}', noNextRelease: 'No announced release.', updated: 'As of {time}',
  streamLost: 'Connection lost, retrying …',
  refused: 'Staff only: please sign in with a token of the role staff or operator.', admitted: 'Admitted',
});

const state = { token: sessionStorage.getItem('sluice.token') || '', view: null, stream: null, charts: {}, history: [] };
const $ = id => document.getElementById(id);
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
const number = value => value === null || value === undefined ? '–'
  : new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(value);

function say(text, kind) {
  $('messages').replaceChildren();
  $('messages').hidden = !text;
  if (!text) return;
  const p = document.createElement('p');
  p.className = kind;
  p.textContent = text;
  $('messages').append(p);
}

function whoAmI() {
  $('who').textContent = signedInAs(state.token);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds % 3600 / 60);
  const s = seconds % 60;
  return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(s).padStart(2, '0');
}

/** Reads the stream until it ends; a refusal stops, anything else reconnects after a second. */
async function connect() {
  if (state.stream) state.stream.abort();
  const controller = new AbortController();
  state.stream = controller;
  try {
    const response = await fetch('/api/staff/dashboard/stream', {
      headers: state.token ? { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' } : { Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (response.status === 401 || response.status === 403) {
      showFigures(false);
      say(t('refused'), 'error');
      return;
    }
    say('');
    state.history = [];
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).replace(/^ /, '')).join('\n');
        if (data) render(JSON.parse(data));
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  if (state.stream === controller) {
    say(t('streamLost'), 'error');
    setTimeout(connect, 1000);
  }
}

function showFigures(visible) {
  ['overall', 'charts', 'releases-section', 'services'].forEach(id => { $(id).hidden = !visible; });
}

function tiles(figures, allocator) {
  const items = [
    ['prequeue', figures.prequeue], ['queue', figures.queue], ['admittedPerSecond', figures.admittedPerSecond],
    ['admittedNotDecided', figures.admittedNotDecided], ['undecided', figures.undecided],
    ['confirmed', figures.confirmed], ['rejected', Object.values(figures.rejected).reduce((a, b) => a + b, 0)],
    ['confirmedPerSecond', figures.confirmedPerSecond], ['rejectedPerSecond', figures.rejectedPerSecond],
    ['slotsLeft', figures.slotsLeft], ['sellOut', duration(figures.secondsToSellOut)],
    ['latency', [allocator.latencyP50Ms, allocator.latencyP95Ms, allocator.latencyP99Ms].map(number).join(' / ')],
    ['lag', allocator.lag],
  ];
  $('tiles').replaceChildren(...items.map(([key, value]) => {
    const div = document.createElement('div');
    div.dataset.figure = key;
    const dt = document.createElement('dt');
    dt.textContent = t(key);
    const dd = document.createElement('dd');
    dd.textContent = typeof value === 'string' ? value : number(value);
    div.append(dt, dd);
    return div;
  }));
}

function facts(id, pairs) {
  $(id).replaceChildren(...pairs.flatMap(([label, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function releaseRow(release) {
  const f = release.figures;
  const tr = document.createElement('tr');
  tr.dataset.release = release.id;
  const name = cell(release.name);
  if (release.sites.length) {
    const sites = document.createElement('div');
    sites.className = 'sites';
    sites.textContent = release.sites.map(s => s.siteCode + ' ' + s.day + ': ' + s.freeSlots + '/' + s.slotCount).join(' · ');
    name.append(sites);
  }
  const stateCell = document.createElement('td');
  const badge = document.createElement('span');
  // The calendar keeps an open release OPEN when its last slot goes; staff must see that it is sold out.
  const shown = release.soldOut && release.state === 'OPEN' ? 'SOLD_OUT' : release.state;
  badge.className = 'badge state-' + shown;
  badge.textContent = (t('states') || {})[shown] || shown;
  stateCell.append(badge);
  const rejected = Object.entries(f.rejected).filter(([, n]) => n > 0).map(([reason, n]) => reason + ' ' + n).join(', ');
  const attendance = document.createElement('td');
  const link = document.createElement('button');
  link.className = 'secondary';
  link.textContent = t('csv');
  link.addEventListener('click', () => downloadAttendance(release.id));
  attendance.append(link);
  tr.append(name, stateCell, cell(number(f.prequeue)), cell(number(f.queue)), cell(number(release.serving)),
    cell(number(f.admittedPerSecond)), cell(number(f.undecided)), cell(number(f.confirmed)), cell(rejected || '0'),
    cell(number(f.slotsLeft)), cell(duration(f.secondsToSellOut)), attendance);
  return tr;
}

async function downloadAttendance(releaseId) {
  const response = await fetch('/api/staff/releases/' + releaseId + '/attendance.csv',
    { headers: { Authorization: 'Bearer ' + state.token } });
  if (!response.ok) {
    say((await response.json()).detail || response.status, 'error');
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = 'attendance-' + releaseId + '.csv';
  link.click();
  URL.revokeObjectURL(link.href);
}

function chart(id) {
  if (!state.charts[id]) {
    state.charts[id] = echarts.init($(id), null, { renderer: 'canvas' });
    window.addEventListener('resize', () => state.charts[id].resize());
  }
  return state.charts[id];
}

function line(name, points, extra) {
  return Object.assign({ name, type: 'line', showSymbol: false, data: points }, extra || {});
}

function drawCharts(history) {
  const at = s => s.second * 1000;
  const base = {
    animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 48, top: 30, bottom: 24 },
    xAxis: { type: 'time', splitNumber: 4, axisLabel: { hideOverlap: true } },
  };
  chart('chart-flow').setOption(Object.assign({}, base, {
    yAxis: { type: 'value', minInterval: 1 },
    series: [line(t('admitted'), history.map(s => [at(s), s.admitted])),
      line(t('confirmed'), history.map(s => [at(s), s.confirmed])),
      line(t('rejected'), history.map(s => [at(s), s.rejected]))],
  }));
  chart('chart-queue').setOption(Object.assign({}, base, {
    yAxis: { type: 'value', minInterval: 1 },
    series: [line(t('queue'), history.map(s => [at(s), s.queue]), { areaStyle: {} })],
  }));
  chart('chart-latency').setOption(Object.assign({}, base, {
    yAxis: [{ type: 'value', name: 'ms' }, { type: 'value', minInterval: 1 }],
    series: [line('p95', history.map(s => [at(s), s.latencyP95Ms])),
      line(t('lag'), history.map(s => [at(s), s.lag]), { yAxisIndex: 1 })],
  }));
}

/** The first event brings the charts' history, later ones its last seconds: merged by second. */
function remember(samples) {
  const history = state.history;
  for (const sample of samples) {
    if (!history.length || sample.second > history[history.length - 1].second) history.push(sample);
  }
  history.splice(0, Math.max(0, history.length - 300));
  return history;
}

function render(view) {
  state.view = view;
  showFigures(true);
  tiles(view.overall, view.allocator);
  const next = view.nextRelease;
  $('next-release').textContent = next ? fill(t('nextRelease'), { name: next.name, time: duration(next.secondsUntil) })
    : t('noNextRelease');
  $('release-rows').replaceChildren(...view.releases.map(releaseRow));
  const lag = Object.entries(view.allocator.partitionLag).map(([p, n]) => [t('partition') + ' ' + p, number(n)]);
  facts('allocator', [[t('instances'), view.allocator.instances], [t('lag'), number(view.allocator.lag)], ...lag,
    [t('latency'), [view.allocator.latencyP50Ms, view.allocator.latencyP95Ms, view.allocator.latencyP99Ms].map(number).join(' / ') + ' ms']]);
  facts('notifier', [[t('instances'), view.notifier.instances], [t('backlog'), number(view.notifier.backlog)],
    [t('sent'), number(view.notifier.sent)], [t('failed'), number(view.notifier.failed)],
    [t('deadLetters'), number(view.notifier.deadLetters)]]);
  facts('errors', [[t('errorsPerSecond'), number(view.errors.perSecond)],
    [t('errorRatio'), number(view.errors.ratio * 100) + ' %']]);
  $('freshness').textContent = fill(t('updated'), { time: new Date(view.at).toLocaleTimeString() });
  drawCharts(remember(view.history));
}

$('sign-in').addEventListener('click', () => {
  state.token = $('token').value.trim();
  sessionStorage.setItem('sluice.token', state.token);
  whoAmI();
  connect();
});
$('language').addEventListener('change', e => {
  setLanguage(e.target.value);
  whoAmI();
  if (state.view) render(Object.assign({}, state.view, { history: [] }));
});

$('language').value = language;
setLanguage(language);
whoAmI();
connect();
