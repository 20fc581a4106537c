package io.sluice.gatling;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A release of {@code slots} slots spread evenly over {@code sites} new sites on one day, a week ahead,
 * each site's share as one block of one-minute slots over parallel lanes. The first site is the hot one.
 */
public record ReleasePlan(String name, List<String> siteCodes, int slots, LocalDate day) {

    private static final int MAX_LANES = 50;

    public static ReleasePlan of(String name, int slots, int sites) {
        if (sites < 1 || slots < sites || slots % sites != 0) {
            throw new IllegalArgumentException("slots (" + slots + ") must be a positive multiple of sites (" + sites + ")");
        }
        // Fresh codes per run: the same stack can take several runs.
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> codes = IntStream.range(0, sites).mapToObj(i -> name.toUpperCase() + "-" + run + "-" + i).toList();
        return new ReleasePlan(name, codes, slots, LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(7));
    }

    public String hotSite() {
        return siteCodes.get(0);
    }

    public String siteJson(String code) {
        return """
                {"code": "%s", "name": "%s %s", "address": "Messeplatz 1, 04356 Leipzig", "district": "Load",
                 "timeZone": "Europe/Berlin"}""".formatted(code, name, code);
    }

    /** The {@code slots} entries of a release request. */
    public String slotBlocksJson() {
        int perSite = slots / siteCodes.size();
        int lanes = lanesFor(perSite);
        LocalTime from = LocalTime.of(8, 0);
        LocalTime to = from.plusMinutes(perSite / lanes);
        List<String> blocks = new ArrayList<>();
        for (String code : siteCodes) {
            blocks.add("""
                    {"siteCode": "%s", "day": "%s", "from": "%s", "to": "%s", "slotMinutes": 1, "lanes": %d}"""
                    .formatted(code, day, from, to, lanes));
        }
        return blocks.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    /** The most lanes up to 50 that divide a site's share, so the block holds exactly that many slots. */
    private static int lanesFor(int perSite) {
        for (int lanes = Math.min(MAX_LANES, perSite); lanes > 1; lanes--) {
            if (perSite % lanes == 0 && perSite / lanes <= 12 * 60) {
                return lanes;
            }
        }
        if (perSite > 12 * 60) {
            throw new IllegalArgumentException(perSite + " slots per site do not fit one day of one-minute slots");
        }
        return 1;
    }
}
