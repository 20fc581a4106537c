package io.sluice.notifier.staff;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class StaffContactRepository {

    private final Pool db;

    public StaffContactRepository(Pool db) {
        this.db = db;
    }

    /** Empty when there is no site with this code. */
    public Uni<Optional<List<StaffContact>>> of(String siteCode) {
        return db.preparedQuery("""
                        select site.id as site_id, c.id, c.display_name, c.email, c.language
                        from site left join site_staff_contact c on c.site_id = site.id
                        where site.code = $1 order by c.id""")
                .execute(Tuple.of(siteCode))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    List<StaffContact> contacts = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getLong("id") != null) {
                            contacts.add(new StaffContact(row.getLong("id"), row.getString("display_name"),
                                    row.getString("email"), row.getString("language")));
                        }
                    }
                    return Optional.of(contacts);
                });
    }

    /** Adds or updates (by address) a contact; empty when there is no site with this code. */
    public Uni<Optional<StaffContact>> put(String siteCode, StaffContact contact) {
        return db.preparedQuery("""
                        insert into site_staff_contact (site_id, display_name, email, language)
                        select id, $2, $3, $4 from site where code = $1
                        on conflict (site_id, lower(email)) do update
                            set display_name = excluded.display_name, language = excluded.language
                        returning id, display_name, email, language""")
                .execute(Tuple.of(siteCode, contact.displayName().strip(), contact.email().strip(),
                        contact.language() == null ? "de" : contact.language()))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(new StaffContact(row.getLong("id"), row.getString("display_name"),
                                row.getString("email"), row.getString("language")));
                    }
                    return Optional.empty();
                });
    }

    public Uni<Boolean> remove(String siteCode, long id) {
        return db.preparedQuery("""
                        delete from site_staff_contact c using site
                        where c.site_id = site.id and site.code = $1 and c.id = $2""")
                .execute(Tuple.of(siteCode, id))
                .map(rows -> rows.rowCount() > 0);
    }
}
