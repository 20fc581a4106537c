package io.sluice.notifier.staff;

import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Operators say who at each site hears about releases there. */
@Path("/api/notifier/sites/{siteCode}/staff-contacts")
@RolesAllowed("operator")
@Produces(MediaType.APPLICATION_JSON)
public class StaffContactResource {

    private final StaffContactRepository contacts;

    public StaffContactResource(StaffContactRepository contacts) {
        this.contacts = contacts;
    }

    @GET
    public Uni<List<StaffContact>> list(@PathParam("siteCode") String siteCode) {
        return contacts.of(siteCode).map(found -> found.orElseThrow(() -> noSite(siteCode)));
    }

    /** Adds a contact, or updates the one with the same address; 201 with the contact. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> add(@PathParam("siteCode") String siteCode, @Valid @NotNull StaffContact contact) {
        return contacts.put(siteCode, contact)
                .map(saved -> Response.status(Response.Status.CREATED).entity(saved.orElseThrow(() -> noSite(siteCode)))
                        .build());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> remove(@PathParam("siteCode") String siteCode, @PathParam("id") long id) {
        return contacts.remove(siteCode, id).map(removed -> {
            if (!removed) {
                throw ProblemException.notFound("staff contact " + id + " at site " + siteCode);
            }
            return Response.noContent().build();
        });
    }

    private static ProblemException noSite(String siteCode) {
        return ProblemException.notFound("site " + siteCode);
    }
}
