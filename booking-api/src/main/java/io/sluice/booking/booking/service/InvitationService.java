package io.sluice.booking.booking.service;

import io.sluice.booking.calendar.service.InvitationUpload;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Invitation codes of invitation-only releases, stored and compared as SHA-256 hashes. */
@ApplicationScoped
public class InvitationService {

    private final Pool db;

    public InvitationService(Pool db) {
        this.db = db;
    }

    /** Adds the hashes a release does not know yet; answers how many were new. */
    public Uni<Integer> upload(long releaseId, InvitationUpload upload) {
        return db.preparedQuery("select 1 from release where id = $1").execute(Tuple.of(releaseId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("release " + releaseId));
                    }
                    return db.preparedQuery("""
                                    insert into invitation (release_id, code_hash)
                                    select $1, h from unnest($2::text[]) as h
                                    on conflict do nothing""")
                            .execute(Tuple.of(releaseId, upload.codeHashes().toArray(String[]::new)))
                            .map(inserted -> inserted.rowCount());
                });
    }

    /** The hash under which an invitation code is stored: codes are compared case-insensitively. */
    public static String hash(String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(code.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
