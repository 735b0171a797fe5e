import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Mints an RS256 JWT the services accept locally (issuer switchboard-dev, the dev key pair).
 * No dependencies: java deploy/tools/Token.java --tenant acme --user ana --role AGENT [--role ADMIN] [--name "Ana"] [--ttl 3600]
 */
public class Token {
    public static void main(String[] args) throws Exception {
        String tenant = null, user = null, name = null, key = "deploy/dev-keys/private.pem";
        long ttl = 8 * 3600;
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tenant" -> tenant = args[++i];
                case "--user" -> user = args[++i];
                case "--role" -> roles.add(args[++i].toUpperCase());
                case "--name" -> name = args[++i];
                case "--ttl" -> ttl = Long.parseLong(args[++i]);
                case "--key" -> key = args[++i];
                default -> usage("unknown option " + args[i]);
            }
        }
        if (tenant == null || user == null) {
            usage("--tenant and --user are required");
        }
        if (roles.isEmpty()) {
            roles.add("AGENT");
        }
        for (String r : roles) {
            if (!r.equals("AGENT") && !r.equals("ADMIN")) {
                usage("roles are AGENT and ADMIN");
            }
        }
        long now = System.currentTimeMillis() / 1000;
        StringBuilder groups = new StringBuilder();
        for (String r : roles) {
            groups.append(groups.length() == 0 ? "" : ",").append(json(r));
        }
        String payload = "{\"iss\":\"switchboard-dev\",\"sub\":" + json(user) + ",\"upn\":" + json(user)
                + ",\"tenant\":" + json(tenant) + ",\"groups\":[" + groups + "]"
                + (name == null ? "" : ",\"name\":" + json(name))
                + ",\"iat\":" + now + ",\"exp\":" + (now + ttl) + ",\"jti\":" + json(java.util.UUID.randomUUID().toString()) + "}";
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(readKey(Path.of(key)));
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64(s.sign()));
    }

    private static PrivateKey readKey(Path path) throws Exception {
        String pem = Files.readString(path).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: deploy/token.sh --tenant T --user U --role AGENT|ADMIN [--name N] [--ttl SECONDS]");
        System.exit(2);
    }
}
