package dev.rewind.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Command line of the local stack, called by the {@code rewind} script:
 * {@code kafka-start | kafka-stop | kafka-status | postgres-ensure | postgres-embedded | token ROLE [NAME] | archive-train ... | event-keys [DIR]}.
 */
public final class DevStack {

    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Path home = Path.of(System.getProperty("rewind.home", ".rewind")).toAbsolutePath();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int exit = switch (args[0]) {
            case "kafka-start" -> new KafkaBroker(home.resolve("kafka")).start();
            case "kafka-stop" -> new KafkaBroker(home.resolve("kafka")).stop();
            case "kafka-status" -> new KafkaBroker(home.resolve("kafka")).status();
            case "postgres-ensure" -> new LocalPostgres(home.resolve("postgres")).ensure();
            case "postgres-embedded" -> new LocalPostgres(home.resolve("postgres")).runEmbedded();
            case "token" -> DevTokens.print(rest);
            case "knowledge-mcp" -> KnowledgeMcpServer.serve(rest);
            case "notification-sinks" -> NotificationSinks.serve(rest);
            case "archive-train" -> trainArchive(rest);
            case "event-keys" -> EventKeys.ensure(rest.length > 0 ? Path.of(rest[0]) : home.resolve("keys"));
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(exit);
    }

    /** {@code archive-train QUARKUS_APP PORT JAVA_COMMAND...}: see {@link ClassArchiveTraining}. */
    private static int trainArchive(String[] args) throws Exception {
        if (args.length < 4) {
            usage();
        }
        ClassArchiveTraining.ensureTrained(Path.of(args[0]), Arrays.asList(args).subList(2, args.length), Map.of(), Integer.parseInt(args[1]));
        return 0;
    }

    private static void usage() {
        System.err.println("usage: DevStack kafka-start|kafka-stop|kafka-status|postgres-ensure|postgres-embedded|token ROLE [NAME]|knowledge-mcp [PORT]|notification-sinks [SMTP_PORT HTTP_PORT INBOX]|archive-train QUARKUS_APP PORT JAVA_COMMAND...|event-keys [DIR]");
        System.exit(2);
    }
}
