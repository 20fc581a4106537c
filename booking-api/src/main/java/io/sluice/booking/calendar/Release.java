package io.sluice.booking.calendar;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A window in which a set of slots can be booked. */
@Entity
@Table(name = "release")
public class Release {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String district;

    @Enumerated(EnumType.STRING)
    public ReleaseState state;

    @Column(name = "opens_at")
    public Instant opensAt;

    @Column(name = "closes_at")
    public Instant closesAt;

    @Column(name = "prequeue_minutes")
    public int prequeueMinutes;

    @Column(name = "expected_demand")
    public Integer expectedDemand;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "announced_at")
    public Instant announcedAt;

    /** Bumped when slots are added, so the allocator reloads its pools of this release. */
    @Column(name = "slots_version")
    public int slotsVersion;

    @Column(name = "min_age")
    public Integer minAge;

    @Column(name = "max_age")
    public Integer maxAge;

    /** Comma-separated priority group codes; null when everyone may book. */
    @Column(name = "priority_groups")
    public String priorityGroups;

    @Column(name = "invitation_only")
    public boolean invitationOnly;

    /** An announced release opens by itself at its time; nobody has to flip a switch at 08:00. */
    public boolean acceptsBookingsAt(Instant now) {
        boolean started = !now.isBefore(opensAt) && (closesAt == null || now.isBefore(closesAt));
        return started && (state == ReleaseState.OPEN || state == ReleaseState.ANNOUNCED);
    }
}
