package io.switchboard.timeline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AttachmentTest {

    static io.restassured.response.ValidatableResponse upload(String token, String name, byte[] content) {
        return given().auth().oauth2(token).multiPart("file", name, content, "application/octet-stream")
                .post("/api/v1/attachments").then();
    }

    @Test
    void storesWithChecksumAndServesOnlyWithinTheTenant() throws Exception {
        String tenant = TestEvents.tenant();
        String token = TestTokens.agent(tenant, "agent-ana");
        byte[] content = "%PDF-1.7\nfactura 42\n".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        String id = upload(token, "factura.pdf", content).statusCode(201)
                .body("sha256", equalTo(sha)).body("size", equalTo(content.length)).body("fileName", equalTo("factura.pdf"))
                .extract().path("id");
        byte[] back = given().auth().oauth2(token).get("/api/v1/attachments/" + id)
                .then().statusCode(200).header("X-Checksum-SHA256", sha).extract().asByteArray();
        assertArrayEquals(content, back);
        given().auth().oauth2(TestTokens.agent(TestEvents.tenant(), "x")).get("/api/v1/attachments/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/attachments/" + id).then().statusCode(401);
    }

    @Test
    void executablesAreRefusedByContentAndByName() {
        String token = TestTokens.agent(TestEvents.tenant(), "agent-ana");
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        byte[] pe = {'M', 'Z', (byte) 0x90, 0, 3, 0};
        byte[] macho = {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe, 7, 0, 0, 1};
        byte[] script = "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8);
        for (byte[] content : new byte[][] {elf, pe, macho, script}) {
            upload(token, "harmless.txt", content).statusCode(415).contentType("application/problem+json");
        }
        for (String name : new String[] {"setup.exe", "run.BAT", "x.sh", "lib.dll", "a.ps1", "b.msi"}) {
            upload(token, name, "hello".getBytes(StandardCharsets.UTF_8)).statusCode(415)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void tooLargeIs413() {
        String token = TestTokens.agent(TestEvents.tenant(), "agent-ana");
        // The test profile's limit is 64 KiB.
        upload(token, "big.bin", new byte[64 * 1024 + 1]).statusCode(413).contentType("application/problem+json");
        upload(token, "ok.bin", new byte[64 * 1024]).statusCode(201);
        given().auth().oauth2(token).multiPart("other", "x.txt", new byte[3]).post("/api/v1/attachments")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
