package dev.rewind.devstack;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Command line of the local stack, called by the {@code rewind} script:
 * {@code kafka-start | kafka-stop | kafka-status | postgres-ensure | postgres-embedded | token ROLE [NAME]}.
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
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static void usage() {
        System.err.println("usage: DevStack kafka-start|kafka-stop|kafka-status|postgres-ensure|postgres-embedded|token ROLE [NAME]|knowledge-mcp [PORT]|notification-sinks [SMTP_PORT HTTP_PORT INBOX]");
        System.exit(2);
    }
}
