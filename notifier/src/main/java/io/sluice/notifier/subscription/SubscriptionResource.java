package io.sluice.notifier.subscription;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Citizens subscribe to a district's announcements, confirm (double opt-in) and unsubscribe. The links
 * in mails open a page whose button POSTs: mail scanners that follow links must not confirm or
 * unsubscribe anyone. The unsubscribe POST also serves mail clients' one-click button (RFC 8058).
 */
@Path("/api/subscriptions")
public class SubscriptionResource {

    @CheckedTemplate(basePath = "pages")
    static class Pages {
        static native TemplateInstance confirm(String action, boolean done, String district);

        static native TemplateInstance unsubscribe(String action, boolean done);
    }

    private final SubscriptionService subscriptions;

    public SubscriptionResource(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** Always 202: whether the address was subscribed already is nobody else's business. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> subscribe(@Valid @NotNull SubscriptionRequest request) {
        return subscriptions.request(request).map(done -> Response.accepted(Map.of("status", "confirmation mail sent",
                "district", request.district().strip())).build());
    }

    @GET
    @Path("confirm")
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> confirmPage(@QueryParam("token") String token) {
        return subscriptions.state(SubscriptionLinks.Purpose.CONFIRM, token)
                .map(state -> Pages.confirm(action("confirm", token), "CONFIRMED".equals(state.orElse("")), null));
    }

    @POST
    @Path("confirm")
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> confirm(@QueryParam("token") String token) {
        return subscriptions.confirm(token).map(district -> Pages.confirm(action("confirm", token), district.isPresent(),
                district.orElse(null)));
    }

    @GET
    @Path("unsubscribe")
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> unsubscribePage(@QueryParam("token") String token) {
        return subscriptions.state(SubscriptionLinks.Purpose.UNSUBSCRIBE, token)
                .map(state -> Pages.unsubscribe(action("unsubscribe", token), state.isEmpty()));
    }

    @POST
    @Path("unsubscribe")
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> unsubscribe(@QueryParam("token") String token) {
        return subscriptions.unsubscribe(token).map(done -> Pages.unsubscribe(action("unsubscribe", token), true));
    }

    private static String action(String path, String token) {
        return "/api/subscriptions/" + path + "?token=" + token;
    }
}
