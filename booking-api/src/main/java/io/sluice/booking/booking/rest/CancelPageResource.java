package io.sluice.booking.booking.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The page a confirmation mail's cancel link opens; it asks before it cancels, since mail scanners follow links. */
@Path("/cancel")
@Tag(name = "citizen", description = "Booking requests; no login")
public class CancelPageResource {

    @GET
    @Path("/{code}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The cancel page a confirmation mail links to")
    public InputStream page(@PathParam("code") String code) {
        return getClass().getResourceAsStream("/META-INF/resources/cancel/index.html");
    }
}
