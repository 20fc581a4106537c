package io.sluice.booking.waitingroom.service;

/**
 * The waiting room as the operator watches it: the public view, the settings in force, and what
 * holds admission back right now (RATE, INVENTORY, LAG, QUEUE or NOT_OPEN).
 *
 * @param claims admissions neither used nor expired, plus requests not yet decided: what the free slots must cover
 */
public record OperatorRoomView(
        RoomView room,
        int maxAdmissionRate,
        long admissionTtlSeconds,
        Integer inFlight,
        Integer claims,
        String heldBy,
        double admittedPerSecond,
        double decisionsPerSecond) {
}
