package io.sluice.booking.calendar.service;

import io.sluice.booking.calendar.Site;

public record SiteView(long id, String code, String name, String address, String district, String timeZone) {

    static SiteView of(Site site) {
        return new SiteView(site.id, site.code, site.name, site.address, site.district, site.timeZone);
    }
}
