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
    // The citizen's waiting room and booking page.
    citizenTitle: 'Sluice – Termin buchen', chooseRelease: 'Freigabe wählen', invitationCode: 'Einladungscode',
    joinQueue: 'In die Warteschlange', joining: 'Ihr Platz wird vorbereitet …',
    fairNote: 'Wer vor der Öffnung kommt, erhält seinen Platz bei der Öffnung per Los; danach gilt die Reihenfolge des Eintreffens.',
    joiningNote: 'Eine kurze Rechenaufgabe im Browser schützt die Warteschlange vor Bots.',
    waiting: 'Sie sind in der Warteschlange',
    prequeueNote: 'Sie sind in der Vorab-Warteschlange. Die Plätze werden bei der Öffnung ausgelost – früher zu kommen bringt keinen Vorteil.',
    yourPosition: 'Ihr Platz', peopleAhead: 'Vor Ihnen', estimatedWait: 'Geschätzte Wartezeit', slotsLeft: 'Freie Termine',
    pausedNote: 'Die Freigabe ist pausiert. Ihr Platz bleibt erhalten.',
    keepOpen: 'Lassen Sie diese Seite offen; sie aktualisiert sich selbst. Neu laden kostet Sie den Platz nicht.',
    admitted: 'Sie sind an der Reihe', chooseSiteDay: 'Standort und Tag wählen', email: 'E-Mail',
    birthDate: 'Geburtsdatum', priorityGroup: 'Berechtigungsgruppe', book: 'Termin anfragen',
    pending: 'Ihre Anfrage wird bearbeitet …', confirmed: 'Ihr Termin ist bestätigt', appointment: 'Termin',
    bookingCode: 'Buchungscode', confirmationMail: 'Sie erhalten eine Bestätigung per E-Mail.', rejected: 'Kein Termin',
    soldOut: 'Alle Termine sind vergeben', waitlistEmail: 'E-Mail für die Warteliste', joinWaitlist: 'Benachrichtigt werden',
    waitlistNote: 'Wir schreiben Ihnen, wenn Termine frei werden oder die nächste Freigabe kommt. Sie bestätigen die Adresse über einen Link.',
    waitlistDone: 'Fast geschafft: Bitte bestätigen Sie den Link in der E-Mail, die wir Ihnen gerade senden.',
    expired: 'Ihre Zeit zum Buchen ist abgelaufen', expiredNote: 'Der Platz ging an die nächste Person. Sie können sich erneut anstellen.',
    rejoin: 'Erneut anstellen', closed: 'Diese Freigabe ist geschlossen', confirmWaitlist: 'Warteliste bestätigen',
    confirmWaitlistButton: 'Ja, benachrichtigen Sie mich', waitlistConfirmed: 'Danke! Ihr Eintrag ist bestätigt.',
    roomOpensIn: 'Die Warteschlange öffnet in {time}.', roomOpen: 'Die Warteschlange ist geöffnet.',
    openingIn: 'Öffnung und Auslosung in {time}', bookWithin: 'Bitte fragen Sie Ihren Termin innerhalb von {time} an.',
    soldOutDetail: 'Alle {slots} Termine sind vergeben. Sie hatten Platz {position}.',
    releaseFacts: '{district} · öffnet {opens} · {slots} Termine', unknown: 'noch unbekannt', underAMinute: 'unter einer Minute',
    aboutMinutes: 'etwa {n} Min.', aboutHours: 'etwa {h} Std. {m} Min.', freeCount: '{free} frei', earliestAt: 'frühester {time}',
    bookedUp: 'ausgebucht', ageBand: 'Für Personen von {min} bis {max} Jahren.', forGroups: 'Für: {groups}.',
    invitationOnly: 'Nur mit Einladungscode.', drawnAtOpening: 'wird bei der Öffnung ausgelost', pickAPool: 'Bitte wählen Sie einen Standort und Tag.', joinNow: 'Jetzt anstellen',
    reasons: { SOLD_OUT: 'An diesem Standort und Tag ist kein Termin mehr frei.', SLOT_TAKEN: 'Dieser Termin wurde gerade vergeben.',
      ALREADY_BOOKED: 'Für diese Person besteht bereits eine Buchung in dieser Freigabe.',
      RELEASE_NOT_OPEN: 'Die Freigabe ist gerade nicht geöffnet.', INVALID_SLOT: 'Dieser Termin gehört nicht zur Freigabe.' },
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
    // The citizen's waiting room and booking page.
    citizenTitle: 'Sluice – Book an appointment', chooseRelease: 'Choose a release', invitationCode: 'Invitation code',
    joinQueue: 'Join the queue', joining: 'Preparing your place …',
    fairNote: 'If you arrive before opening, your place is drawn by lot at opening; after that, first come first served.',
    joiningNote: 'A short computation in your browser protects the queue from bots.',
    waiting: 'You are in the queue',
    prequeueNote: 'You are in the pre-queue. Places are drawn by lot when the release opens – arriving earlier brings no advantage.',
    yourPosition: 'Your place', peopleAhead: 'People ahead of you', estimatedWait: 'Estimated wait', slotsLeft: 'Slots left',
    pausedNote: 'The release is paused. You keep your place.',
    keepOpen: 'Keep this page open; it updates itself. Reloading does not cost you your place.',
    admitted: 'It is your turn', chooseSiteDay: 'Choose site and day', email: 'E-mail',
    birthDate: 'Date of birth', priorityGroup: 'Eligibility group', book: 'Request appointment',
    pending: 'Your request is being processed …', confirmed: 'Your appointment is confirmed', appointment: 'Appointment',
    bookingCode: 'Booking code', confirmationMail: 'You will receive a confirmation by e-mail.', rejected: 'No appointment',
    soldOut: 'All slots are taken', waitlistEmail: 'E-mail for the waitlist', joinWaitlist: 'Notify me',
    waitlistNote: 'We will write to you when slots are freed or the next release comes. You confirm the address through a link.',
    waitlistDone: 'Almost done: please confirm the link in the e-mail we are sending you.',
    expired: 'Your time to book has run out', expiredNote: 'The place went to the next person. You can queue again.',
    rejoin: 'Queue again', closed: 'This release is closed', confirmWaitlist: 'Confirm the waitlist',
    confirmWaitlistButton: 'Yes, notify me', waitlistConfirmed: 'Thank you! Your entry is confirmed.',
    roomOpensIn: 'The queue opens in {time}.', roomOpen: 'The queue is open.',
    openingIn: 'Opening and draw in {time}', bookWithin: 'Please request your appointment within {time}.',
    soldOutDetail: 'All {slots} slots are taken. Your place was {position}.',
    releaseFacts: '{district} · opens {opens} · {slots} slots', unknown: 'not known yet', underAMinute: 'under a minute',
    aboutMinutes: 'about {n} min', aboutHours: 'about {h} h {m} min', freeCount: '{free} free', earliestAt: 'earliest {time}',
    bookedUp: 'booked up', ageBand: 'For people aged {min} to {max}.', forGroups: 'For: {groups}.',
    invitationOnly: 'By invitation code only.', drawnAtOpening: 'drawn at opening', pickAPool: 'Please choose a site and day.', joinNow: 'Queue now',
    reasons: { SOLD_OUT: 'No slot is left at this site on this day.', SLOT_TAKEN: 'This slot was just taken.',
      ALREADY_BOOKED: 'This person already has a booking in this release.',
      RELEASE_NOT_OPEN: 'The release is not open right now.', INVALID_SLOT: 'This slot does not belong to the release.' },
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

/** "Signed in as …" for a bearer token, read from its claims (shown only; the server verifies the token). */
function signedInAs(token) {
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return t('signedInAs') + ' ' + claims.upn + ' (' + (claims.groups || []).join(', ') + ')';
  } catch (e) {
    return t('notSignedIn');
  }
}
