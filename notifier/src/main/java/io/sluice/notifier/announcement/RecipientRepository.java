package io.sluice.notifier.announcement;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Who hears about a release: staff of its sites, and the confirmed subscribers of its district. */
@ApplicationScoped
public class RecipientRepository {

    private final Pool db;

    public RecipientRepository(Pool db) {
        this.db = db;
    }

    public Uni<List<Recipient>> staffOf(List<String> siteCodes) {
        return db.preparedQuery("""
                        select c.id, c.display_name, c.email, c.language
                        from site_staff_contact c join site on site.id = c.site_id
                        where site.code = any($1)
                        order by c.id""")
                .execute(Tuple.of(siteCodes.toArray(String[]::new)))
                .map(rows -> {
                    List<Recipient> staff = new ArrayList<>();
                    for (Row row : rows) {
                        staff.add(new Recipient(Recipient.Kind.STAFF, Long.toString(row.getLong("id")),
                                row.getString("display_name"), row.getString("email"), row.getString("language"), null));
                    }
                    return staff;
                });
    }

    /**
     * One page of the district's confirmed subscribers, after {@code after} (null for the first page):
     * a district can have tens of thousands, which need not be in memory at once.
     */
    public Uni<List<Recipient>> subscribersOf(String district, UUID after, int pageSize) {
        return db.preparedQuery("""
                        select id, email, language from district_subscription
                        where district = $1 and state = 'CONFIRMED' and ($2::uuid is null or id > $2)
                        order by id limit $3""")
                .execute(Tuple.of(district, after, pageSize))
                .map(rows -> {
                    List<Recipient> subscribers = new ArrayList<>();
                    for (Row row : rows) {
                        UUID id = row.getUUID("id");
                        subscribers.add(new Recipient(Recipient.Kind.SUBSCRIBER, id.toString(), null,
                                row.getString("email"), row.getString("language"), id));
                    }
                    return subscribers;
                });
    }
}
