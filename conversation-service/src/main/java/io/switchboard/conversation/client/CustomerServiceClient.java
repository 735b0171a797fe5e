package io.switchboard.conversation.client;

import io.smallrye.mutiny.Uni;
import io.switchboard.platform.security.InternalAuthenticationMechanism;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** customer-service's internal identify calls (docs/INTERFACES.md). Built by {@link CustomerDirectory}. */
@Path("/internal/v1/customers")
public interface CustomerServiceClient {

    record IdentifyRequest(String channel, String externalId, String name, String phone, String email,
            String whatsapp, Map<String, Object> origin) {
    }

    record IdentifyResponse(String customerId, boolean created) {
    }

    /** One tenant's contacts (at most 500), answered in order. */
    record IdentifyBatchRequest(List<IdentifyRequest> contacts) {
    }

    record IdentifyBatchResponse(List<IdentifyBatchResult> results) {
    }

    /** {@code customerId} and {@code created}, or {@code error} for a contact customer-service refused. */
    record IdentifyBatchResult(String customerId, Boolean created, String error) {
    }

    @POST
    @Path("/identify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<IdentifyResponse> identify(@HeaderParam(InternalAuthenticationMechanism.TOKEN_HEADER) String token,
            @HeaderParam(InternalAuthenticationMechanism.TENANT_HEADER) String tenantId,
            @HeaderParam(InternalAuthenticationMechanism.SERVICE_HEADER) String callerService,
            IdentifyRequest request);

    @POST
    @Path("/identify-batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<IdentifyBatchResponse> identifyBatch(@HeaderParam(InternalAuthenticationMechanism.TOKEN_HEADER) String token,
            @HeaderParam(InternalAuthenticationMechanism.TENANT_HEADER) String tenantId,
            @HeaderParam(InternalAuthenticationMechanism.SERVICE_HEADER) String callerService,
            IdentifyBatchRequest request);
}
