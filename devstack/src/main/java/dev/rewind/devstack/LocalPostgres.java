package dev.rewind.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Makes sure PostgreSQL answers on 127.0.0.1:5432 with a database {@code rewind} owned by the role
 * {@code rewind}. Where no server runs, {@link #runEmbedded()} serves a real PostgreSQL from the
 * binaries on Maven Central (zonky), its data kept under {@code .rewind/postgres}.
 */
final class LocalPostgres {
    static final String HOST = System.getProperty("rewind.db.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("rewind.db.port", 5432);
    static final String ADMIN_USER = System.getProperty("rewind.db.admin", "postgres");
    static final String DATABASE = "rewind";
    static final String ROLE = "rewind";

    private final Path dir;

    LocalPostgres(Path dir) {
        this.dir = dir;
    }

    /** Exit 0 when the database is there (created if missing), 3 when no server answers. */
    int ensure() {
        try (Connection admin = connect("postgres", ADMIN_USER, System.getenv().getOrDefault("PGPASSWORD", ""))) {
            createRoleAndDatabase(admin);
            log("PostgreSQL ready on " + HOST + ":" + PORT + ", database " + DATABASE);
            return 0;
        } catch (SQLException e) {
            log("no PostgreSQL answers on " + HOST + ":" + PORT + " (" + e.getMessage() + ")");
            return 3;
        }
    }

    /** Runs an embedded PostgreSQL in the foreground until this process is terminated. */
    int runEmbedded() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(PORT)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", HOST)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                log("stopping embedded PostgreSQL failed: " + e.getMessage());
            }
            stopped.countDown();
        }));
        log("embedded PostgreSQL serving " + HOST + ":" + PORT + " from " + data);
        stopped.await();
        return 0;
    }

    private static void createRoleAndDatabase(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            if (!exists(admin, "select 1 from pg_roles where rolname = ?", ROLE)) {
                statement.execute("create role " + ROLE + " login password '" + ROLE + "'");
                log("created role " + ROLE);
            }
            if (!exists(admin, "select 1 from pg_database where datname = ?", DATABASE)) {
                statement.execute("create database " + DATABASE + " owner " + ROLE);
                log("created database " + DATABASE);
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, user, password);
    }

    private static void log(String message) {
        System.out.println("[postgres] " + message);
    }
}
