package io.sluice.booking.booking.service;

import io.sluice.booking.booking.PersonKey;
import io.sluice.booking.booking.messaging.BookingRequestPublisher;
import io.sluice.booking.booking.service.BookingRequestBody.PoolChoice;
import io.sluice.booking.calendar.Release;
import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.waitingroom.Admission;
import io.sluice.booking.waitingroom.service.AdmissionGate;
import io.sluice.events.BookingRequested;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import io.sluice.events.SlotPoolKey;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts booking requests: the person-per-release row and the request are written in one
 * transaction, then the request goes to Kafka. A request that could not be published stays in the
 * table and is sent again by {@link UnpublishedRequestRelay}; accepted means durable.
 */
@ApplicationScoped
public class BookingRequestService {

    private static final Logger LOG = Logger.getLogger(BookingRequestService.class);

    private final Pool db;
    private final PersonKey personKey;
    private final BookingRequestPublisher publisher;
    private final DecisionCache decisions;
    private final AdmissionGate admissions;
    private final Clock clock;

    public BookingRequestService(Pool db, PersonKey personKey, BookingRequestPublisher publisher,
            DecisionCache decisions, AdmissionGate admissions, Clock clock) {
        this.db = db;
        this.personKey = personKey;
        this.publisher = publisher;
        this.decisions = decisions;
        this.admissions = admissions;
        this.clock = clock;
    }

    /** @param admissionToken the waiting room's admission (header Sluice-Admission), or null */
    public Uni<BookingRequestStatus> accept(long releaseId, BookingRequestBody body, String admissionToken) {
        return requireOpen(releaseId)
                .map(release -> {
                    Optional<Admission> admission = admissions.check(releaseId, release.waitingRoom(), admissionToken,
                            body.invitationCode());
                    checkEligibility(release, body);
                    return new Admitted(release, admission.map(Admission::position).orElse(null));
                })
                .chain(admitted -> resolveTarget(releaseId, body).chain(target -> {
                    BookingRequested request = new BookingRequested(UUID.randomUUID(), releaseId, target.poolKey(),
                            target.kind(), body.slotId(), personKey.of(body.email()), clock.instant(),
                            target.alternativePools());
                    return store(request, body, admitted.release().invitationOnly(), admitted.position())
                            .chain(() -> publish(request))
                            .replaceWith(BookingRequestStatus.pending(request.requestId()));
                }));
    }

    /** The parts of a release that acceptance checks. */
    record OpenRelease(Integer minAge, Integer maxAge, List<String> priorityGroups, boolean invitationOnly,
            boolean waitingRoom) {
    }

    /** An open release and the admitted position the request came with, if any. */
    private record Admitted(OpenRelease release, Long position) {
    }

    private void checkEligibility(OpenRelease release, BookingRequestBody body) {
        if (release.minAge() != null || release.maxAge() != null) {
            if (body.birthDate() == null) {
                throw ProblemException.invalid("birthDate", "is required: this release has an age band");
            }
            int age = Period.between(body.birthDate(), LocalDate.now(clock)).getYears();
            if ((release.minAge() != null && age < release.minAge()) || (release.maxAge() != null && age > release.maxAge())) {
                throw ProblemException.notEligible("this release is for ages " + (release.minAge() == null ? 0 : release.minAge())
                        + " to " + (release.maxAge() == null ? "any" : release.maxAge()));
            }
        }
        if (release.priorityGroups() != null) {
            if (body.priorityGroup() == null) {
                throw ProblemException.invalid("priorityGroup", "is required: this release is for " + release.priorityGroups());
            }
            if (!release.priorityGroups().contains(body.priorityGroup())) {
                throw ProblemException.notEligible("this release is for the priority groups " + release.priorityGroups());
            }
        }
        if (release.invitationOnly() && (body.invitationCode() == null || body.invitationCode().isBlank())) {
            throw ProblemException.invalid("invitationCode", "is required: this release is by invitation only");
        }
    }

    public Uni<BookingRequestStatus> status(UUID requestId) {
        var cached = decisions.find(requestId);
        if (cached.isPresent()) {
            return Uni.createFrom().item(cached.get());
        }
        return db.preparedQuery("""
                        select d.outcome, d.reason, d.booking_code, d.booked_slot_id, s.starts_at
                        from booking_request r
                        left join request_decision d on d.request_id = r.id
                        left join slot s on s.id = d.booked_slot_id
                        where r.id = $1""")
                .execute(Tuple.of(requestId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("booking request " + requestId);
                    }
                    Row row = rows.iterator().next();
                    String outcome = row.getString("outcome");
                    if (outcome == null) {
                        return BookingRequestStatus.pending(requestId);
                    }
                    var status = new BookingRequestStatus(requestId, BookingRequestStatus.Status.valueOf(outcome),
                            row.getString("reason") == null ? null : RejectionReason.valueOf(row.getString("reason")),
                            row.getString("booking_code"), row.getLong("booked_slot_id"),
                            row.getOffsetDateTime("starts_at") == null ? null : row.getOffsetDateTime("starts_at").toInstant());
                    decisions.put(status);
                    return status;
                });
    }

    /** Publishes and records that it did; a failure is left to the relay, the citizen still gets 202. */
    Uni<Void> publish(BookingRequested request) {
        return publisher.publish(request)
                .chain(() -> db.preparedQuery("update booking_request set published_at = now() where id = $1")
                        .execute(Tuple.of(request.requestId())))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("request %s not yet published, the relay will retry: %s", request.requestId(), failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The release's booking rules; 404 for an unknown or draft release, 409 while it takes no bookings. */
    Uni<OpenRelease> requireOpen(long releaseId) {
        return db.preparedQuery("""
                        select state, opens_at, closes_at, min_age, max_age, priority_groups, invitation_only,
                               prequeue_minutes, expected_demand
                        from release where id = $1""")
                .execute(Tuple.of(releaseId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("release " + releaseId);
                    }
                    Row row = rows.iterator().next();
                    Release release = new Release();
                    release.state = ReleaseState.valueOf(row.getString("state"));
                    release.opensAt = row.getOffsetDateTime("opens_at").toInstant();
                    OffsetDateTime closesAt = row.getOffsetDateTime("closes_at");
                    release.closesAt = closesAt == null ? null : closesAt.toInstant();
                    if (release.state == ReleaseState.DRAFT) {
                        throw ProblemException.notFound("release " + releaseId);
                    }
                    if (!release.acceptsBookingsAt(clock.instant())) {
                        throw ProblemException.conflict("release " + releaseId + " does not accept bookings now ("
                                + release.state + ")");
                    }
                    String groups = row.getString("priority_groups");
                    return new OpenRelease(row.getInteger("min_age"), row.getInteger("max_age"),
                            groups == null ? null : Arrays.asList(groups.split(",")), row.getBoolean("invitation_only"),
                            admissions.required(row.getInteger("prequeue_minutes"), row.getInteger("expected_demand")));
                });
    }

    /** Where the request goes first, and the pools to try after it. */
    record Target(String poolKey, RequestKind kind, List<String> alternativePools) {
    }

    private Uni<Target> resolveTarget(long releaseId, BookingRequestBody body) {
        return resolveTarget(releaseId, body.slotId(), body.siteCode(), body.day(),
                body.hasAlternatives() ? body.alternatives() : List.of());
    }

    /**
     * Checks a named slot, or a site and day with alternatives, against the release and finds their pools;
     * a refusal names the body's field. Booking requests and rebookings share it.
     */
    Uni<Target> resolveTarget(long releaseId, Long slotId, String siteCode, LocalDate day, List<PoolChoice> alternatives) {
        boolean poolGiven = siteCode != null || day != null;
        if (slotId != null && (poolGiven || !alternatives.isEmpty())) {
            throw ProblemException.invalid("slotId", "give either slotId or siteCode and day (and alternatives), not both");
        }
        if (slotId != null) {
            return db.preparedQuery("select pool_key from slot where id = $1 and release_id = $2")
                    .execute(Tuple.of(slotId, releaseId))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.invalid("slotId", "no slot with this id belongs to the release");
                        }
                        return new Target(rows.iterator().next().getString("pool_key"), RequestKind.SPECIFIC_SLOT, null);
                    });
        }
        if (siteCode == null || day == null) {
            throw ProblemException.invalid(siteCode == null ? "siteCode" : "day", "is required when no slotId is given");
        }
        List<PoolChoice> choices = new ArrayList<>();
        choices.add(new PoolChoice(siteCode, day));
        choices.addAll(alternatives);
        for (int i = 1; i < choices.size(); i++) {
            if (choices.subList(0, i).contains(choices.get(i))) {
                throw ProblemException.invalid(fieldOf(i, "siteCode"), "names a site and day already in the request");
            }
        }
        String[] codes = choices.stream().map(PoolChoice::siteCode).distinct().toArray(String[]::new);
        // One query for every pool of the request: which of the named sites have slots of this release on which day.
        return db.preparedQuery("""
                        select site.code, site.id, slot.pool_key from site
                        join slot on slot.site_id = site.id and slot.release_id = $2
                        where site.code = any($1)
                        group by site.code, site.id, slot.pool_key""")
                .execute(Tuple.of(codes, releaseId))
                .map(rows -> {
                    Map<String, Long> siteIds = new HashMap<>();
                    Set<String> poolsOfRelease = new HashSet<>();
                    for (Row row : rows) {
                        siteIds.put(row.getString("code"), row.getLong("id"));
                        poolsOfRelease.add(row.getString("pool_key"));
                    }
                    List<String> pools = new ArrayList<>();
                    for (int i = 0; i < choices.size(); i++) {
                        PoolChoice choice = choices.get(i);
                        Long siteId = siteIds.get(choice.siteCode());
                        String pool = siteId == null ? null : new SlotPoolKey(siteId, choice.day()).value();
                        if (pool == null || !poolsOfRelease.contains(pool)) {
                            throw ProblemException.invalid(fieldOf(i, "siteCode"),
                                    "the release has no slots at this site on " + choice.day());
                        }
                        pools.add(pool);
                    }
                    return new Target(pools.get(0), RequestKind.EARLIEST_IN_POOL,
                            pools.size() == 1 ? null : List.copyOf(pools.subList(1, pools.size())));
                });
    }

    /** The body's field for the i-th pool of the request: 0 is the request's own site and day. */
    private static String fieldOf(int poolIndex, String field) {
        return poolIndex == 0 ? field : "alternatives[" + (poolIndex - 1) + "]." + field;
    }

    private Uni<Void> store(BookingRequested request, BookingRequestBody body, boolean invitationOnly, Long admissionPosition) {
        String language = body.language() == null ? "de" : body.language();
        return db.withTransaction(conn -> redeemInvitation(conn, request, body, invitationOnly).chain(() -> conn
                .preparedQuery("""
                        insert into person_release (release_id, person_key, request_id) values ($1, $2, $3)
                        on conflict do nothing""")
                .execute(Tuple.of(request.releaseId(), request.personKey(), request.requestId()))
                .chain(taken -> {
                    if (taken.rowCount() == 0) {
                        return Uni.createFrom().<RowSet<Row>>failure(ProblemException.conflict(
                                "this person already has a booking request in release " + request.releaseId()));
                    }
                    // One request per admitted position: a second one with the same admission inserts nothing.
                    return conn.preparedQuery("""
                                    insert into booking_request (id, release_id, pool_key, kind, wanted_slot_id, person_key,
                                                                 display_name, email, language, accepted_at, admission_position,
                                                                 phone, alternative_pools)
                                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                                    on conflict (release_id, admission_position) where admission_position is not null do nothing""")
                            .execute(Tuple.from(new Object[] {request.requestId(), request.releaseId(), request.poolKey(),
                                    request.kind().name(), request.slotId(), request.personKey(), body.name().strip(),
                                    body.email().strip(), language,
                                    OffsetDateTime.ofInstant(request.acceptedAt(), ZoneOffset.UTC), admissionPosition,
                                    body.phone(), request.hasAlternatives()
                                            ? request.alternativePools().toArray(String[]::new) : null}))
                            .invoke(inserted -> {
                                if (inserted.rowCount() == 0) {
                                    throw ProblemException.conflict("this admission was already used for a booking request");
                                }
                            });
                })))
                .replaceWithVoid();
    }

    /** An invitation code books once; taken in the request's transaction, so a refusal takes nothing. */
    private Uni<Void> redeemInvitation(SqlConnection conn, BookingRequested request, BookingRequestBody body,
            boolean invitationOnly) {
        if (!invitationOnly) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                        update invitation set request_id = $1
                        where release_id = $2 and code_hash = $3 and request_id is null""")
                .execute(Tuple.of(request.requestId(), request.releaseId(), InvitationService.hash(body.invitationCode())))
                .invoke(updated -> {
                    if (updated.rowCount() == 0) {
                        throw ProblemException.notEligible("the invitation code is unknown or already used");
                    }
                })
                .replaceWithVoid();
    }
}
