// German and English texts of Sluice's pages; the choice is kept per browser.
const TEXTS = {
  de: {
    operatorTitle: 'Sluice – Verwaltung', calendarTitle: 'Sluice – Terminfreigaben', language: 'Sprache',
    token: 'Zugangstoken', signIn: 'Anmelden', signedInAs: 'Angemeldet als', notSignedIn: 'Nicht angemeldet',
    calendar: 'Kalender', month: 'Monat', week: 'Woche', previous: 'Zurück', next: 'Weiter', district: 'Bezirk',
    releases: 'Freigaben', name: 'Name', opens: 'Öffnet', state: 'Status', slots: 'Termine', free: 'frei', actions: 'Aktionen',
    announce: 'Ankündigen', open: 'Öffnen', pause: 'Pausieren', resume: 'Fortsetzen', close: 'Schließen',
    newSite: 'Neuer Standort', code: 'Kürzel', address: 'Adresse', timeZone: 'Zeitzone', createSite: 'Standort anlegen',
    capacity: 'Kapazität', site: 'Standort', weekdays: 'Wochentage', opensAt: 'Öffnet um', closesAt: 'Schließt um',
    slotMinutes: 'Minuten je Termin', lanes: 'Parallele Plätze', saveCapacity: 'Kapazität speichern',
    from: 'Von', to: 'Bis', generateSlots: 'Termine erzeugen',
    newRelease: 'Neue Freigabe', day: 'Tag', fromCapacity: 'Aus Kapazität (Anzahl)', startTime: 'Beginn', endTime: 'Ende',
    openNow: 'Sofort öffnen', opensAtTime: 'Öffnet am', createRelease: 'Freigabe anlegen',
    upcoming: 'Angekündigte und offene Freigaben', none: 'Zurzeit keine Freigaben.', at: 'am', sites: 'Standorte',
    saved: 'Gespeichert.', weekdayNames: ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'],
    states: { DRAFT: 'Entwurf', ANNOUNCED: 'Angekündigt', OPEN: 'Offen', PAUSED: 'Pausiert', CLOSED: 'Geschlossen', SOLD_OUT: 'Ausgebucht' },
  },
  en: {
    operatorTitle: 'Sluice – Administration', calendarTitle: 'Sluice – Appointment releases', language: 'Language',
    token: 'Access token', signIn: 'Sign in', signedInAs: 'Signed in as', notSignedIn: 'Not signed in',
    calendar: 'Calendar', month: 'Month', week: 'Week', previous: 'Previous', next: 'Next', district: 'District',
    releases: 'Releases', name: 'Name', opens: 'Opens', state: 'State', slots: 'Slots', free: 'free', actions: 'Actions',
    announce: 'Announce', open: 'Open', pause: 'Pause', resume: 'Resume', close: 'Close',
    newSite: 'New site', code: 'Code', address: 'Address', timeZone: 'Time zone', createSite: 'Create site',
    capacity: 'Capacity', site: 'Site', weekdays: 'Weekdays', opensAt: 'Opens at', closesAt: 'Closes at',
    slotMinutes: 'Minutes per slot', lanes: 'Parallel lanes', saveCapacity: 'Save capacity',
    from: 'From', to: 'To', generateSlots: 'Generate slots',
    newRelease: 'New release', day: 'Day', fromCapacity: 'From capacity (count)', startTime: 'Start', endTime: 'End',
    openNow: 'Open now', opensAtTime: 'Opens on', createRelease: 'Create release',
    upcoming: 'Announced and open releases', none: 'No releases at the moment.', at: 'on', sites: 'Sites',
    saved: 'Saved.', weekdayNames: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    states: { DRAFT: 'Draft', ANNOUNCED: 'Announced', OPEN: 'Open', PAUSED: 'Paused', CLOSED: 'Closed', SOLD_OUT: 'Sold out' },
  },
};

let language = localStorage.getItem('sluice.language')
  || ((navigator.language || 'de').startsWith('en') ? 'en' : 'de');
if (!TEXTS[language]) language = 'de';

function t(key) { return TEXTS[language][key]; }

function setLanguage(next) {
  language = next;
  localStorage.setItem('sluice.language', next);
  document.documentElement.lang = next;
  document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
}

function formatTime(instant) {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB',
    { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
}
