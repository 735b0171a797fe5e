package io.switchboard.timeline.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.error.Params;
import io.switchboard.platform.limits.TenantLimits;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import io.switchboard.timeline.service.AttachmentService;
import io.switchboard.timeline.service.AttachmentService.Stored;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api/v1/attachments")
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class AttachmentResource {

    private final CallerContext callerContext;
    private final AttachmentService service;
    private final TenantLimits limits;

    public AttachmentResource(CallerContext callerContext, AttachmentService service, TenantLimits limits) {
        this.callerContext = callerContext;
        this.limits = limits;
        this.service = service;
    }

    @POST
    @NonBlocking // the body is already on disk; file work goes to a worker in the service, the database stays reactive
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a file (multipart field 'file'), streamed to disk",
            description = "Any type except executables (refused by name and by content: ELF, PE/MZ, Mach-O, "
                    + "#! scripts). Answers its id and SHA-256; pass the id in a comment's attachmentIds.")
    @APIResponse(responseCode = "201", description = "Stored")
    @APIResponse(responseCode = "400", description = "No file part")
    @APIResponse(responseCode = "413", description = "Larger than switchboard.attachments.max-size")
    @APIResponse(responseCode = "415", description = "An executable")
    @APIResponse(responseCode = "429", description = "The tenant's attachment bytes per day are spent; see Retry-After")
    public Uni<Response> upload(@RestForm("file") FileUpload file) {
        Caller caller = callerContext.current();
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalid("file", "a multipart part named 'file' is required");
        }
        return limits.attachmentBytes(caller.tenantId(), file.size())
                .chain(() -> service.store(caller, file.uploadedFile(), file.fileName(), file.contentType()))
                .map(stored -> Response.status(201).entity(stored).type(MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Download a file of the caller's tenant")
    @APIResponse(responseCode = "200", description = "The file, with its content type and X-Checksum-SHA256")
    @APIResponse(responseCode = "404", description = "No such attachment in the caller's tenant")
    public Uni<Response> download(@PathParam("id") String id) {
        Caller caller = callerContext.current();
        return service.find(caller, Params.uuid("id", id)).map(found -> {
            Stored a = found.attachment();
            return Response.ok(found.file().toFile(), a.contentType())
                    .header("Content-Disposition", "attachment; filename*=UTF-8''"
                            + URLEncoder.encode(a.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                    .header("X-Checksum-SHA256", a.sha256())
                    .build();
        });
    }
}
