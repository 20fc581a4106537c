package io.sluice.booking.calendar;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.ZoneId;

/** A place where appointments happen, e.g. one vaccination centre. */
@Entity
@Table(name = "site")
public class Site {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String code;

    public String name;

    public String address;

    public String district;

    @Column(name = "time_zone")
    public String timeZone;

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
