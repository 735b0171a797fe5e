package io.switchboard.timeline.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import io.switchboard.timeline.config.AttachmentsConfig;
import io.switchboard.timeline.domain.ExecutableCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Stores uploaded files. Quarkus has already streamed the multipart body to a temporary file; here it is
 * checked (size, executable by name and content), copied to the attachments volume while its SHA-256 is
 * computed in the same pass, and recorded. File work runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class AttachmentService {

    public record Stored(UUID id, String fileName, String contentType, long size, String sha256, OffsetDateTime createdAt) {
    }

    public record Found(Stored attachment, Path file) {
    }

    private final AttachmentsConfig config;
    private final Vertx vertx;

    public AttachmentService(AttachmentsConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    public Uni<Stored> store(Caller caller, Path upload, String fileName, String contentType) {
        String name = fileName == null || fileName.isBlank() ? "file" : Path.of(fileName).getFileName().toString();
        if (name.length() > 255) {
            throw ProblemException.invalid("file", "file name longer than 255 characters");
        }
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        UUID id = UUID.randomUUID();
        // executeBlocking comes back on the caller's event loop, where Hibernate Reactive must run.
        return vertx.executeBlocking(Uni.createFrom().item(() -> copy(caller.tenantId(), id, upload, name)))
                .chain(copied -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                                INSERT INTO attachments (id, tenant_id, file_name, content_type, size_bytes, sha256, uploaded_by, created_at)
                                VALUES (:id, :t, :name, :type, :size, :sha, :by, :at)""")
                        .setParameter("id", id).setParameter("t", caller.tenantId()).setParameter("name", name)
                        .setParameter("type", type).setParameter("size", copied.size()).setParameter("sha", copied.sha256())
                        .setParameter("by", caller.id()).setParameter("at", copied.createdAt()).executeUpdate()))
                        .replaceWith(new Stored(id, name, type, copied.size(), copied.sha256(), copied.createdAt())));
    }

    public Uni<Found> find(Caller caller, UUID id) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT file_name, content_type, size_bytes, sha256, created_at FROM attachments
                         WHERE tenant_id = :t AND id = :id""", Object[].class)
                .setParameter("t", caller.tenantId()).setParameter("id", id).getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("attachment " + id);
                    }
                    Object[] r = rows.get(0);
                    OffsetDateTime at = r[4] instanceof OffsetDateTime o ? o : OffsetDateTime.parse(r[4].toString());
                    return new Found(new Stored(id, (String) r[0], (String) r[1], ((Number) r[2]).longValue(),
                            (String) r[3], at), path(caller.tenantId(), id));
                });
    }

    private Stored copy(String tenant, UUID id, Path upload, String name) {
        try {
            long size = Files.size(upload);
            if (size > config.maxSize().asLongValue()) {
                throw ProblemException.tooLarge("the file is " + size + " bytes; the limit is "
                        + config.maxSize().asLongValue() + " bytes");
            }
            byte[] head = new byte[8];
            int n;
            try (InputStream in = Files.newInputStream(upload)) {
                n = in.readNBytes(head, 0, head.length);
            }
            byte[] actual = java.util.Arrays.copyOf(head, n);
            ExecutableCheck.refuse(name, actual).ifPresent(reason -> {
                throw ProblemException.unsupportedMediaType("executables are not accepted: " + reason);
            });
            Path target = path(tenant, id);
            Files.createDirectories(target.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(upload), sha);
                    OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            }
            return new Stored(id, name, null, size, HexFormat.of().formatHex(sha.digest()),
                    OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path path(String tenant, UUID id) {
        // Tenant ids are ours (JWT claim / key); keep them from naming a path outside the volume all the same.
        String safeTenant = tenant.replaceAll("[^A-Za-z0-9_-]", "_");
        return Path.of(config.dir()).resolve(safeTenant).resolve(id.toString());
    }
}
