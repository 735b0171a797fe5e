import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Creates the service databases if missing (no psql needed).
 * Usage: java -cp <tools classpath> CreateDatabases.java <host> <port> <user> [--fresh] <db>...
 * With --fresh the databases are dropped first (test runs start from empty schemas).
 */
public class CreateDatabases {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/postgres";
        String password = System.getenv().getOrDefault("SWITCHBOARD_DB_PASSWORD", "");
        try (Connection c = DriverManager.getConnection(url, args[2], password); Statement s = c.createStatement()) {
            boolean fresh = args.length > 3 && args[3].equals("--fresh");
            for (int i = fresh ? 4 : 3; i < args.length; i++) {
                String db = args[i];
                if (!db.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("bad database name " + db);
                }
                if (fresh) {
                    s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                s.execute("CREATE DATABASE " + db);
                System.out.println("  database " + db + " (created)");
            }
        }
    }
}
