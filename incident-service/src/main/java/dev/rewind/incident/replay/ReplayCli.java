package dev.rewind.incident.replay;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.EventJson;
import dev.rewind.incident.config.PolicyFile;
import dev.rewind.incident.timeline.PostMortem;
import dev.rewind.incident.timeline.TimelineFold;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The analysts' replay tool ({@code ./rewind replay …}): export an incident's stream to JSON Lines, and
 * rebuild its timeline and post-mortem offline with the same fold the service uses, or replay its
 * decisions through another policy.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Export, rebuild and replay an incident's event stream.",
        subcommands = {ReplayCli.Export.class, ReplayCli.TimelineCommand.class, ReplayCli.PostmortemCommand.class, ReplayCli.WhatIfCommand.class})
public final class ReplayCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new ReplayCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("replay: " + e.getMessage());
            return 1;
        }).execute(args);
    }

    @Command(name = "export", description = "Write an incident's stream, page by page, to a JSON Lines file.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:8081", description = "incident-service (default ${DEFAULT-VALUE})")
        String url;
        @Option(names = "--token", required = true, description = "a bearer token of any role")
        String token;
        @Option(names = "--page", defaultValue = "1000")
        int page;
        @Parameters(index = "0", description = "incident id")
        UUID incident;
        @Parameters(index = "1", description = "output file (.jsonl)")
        Path out;

        @Override
        public Integer call() throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            long after = 0;
            long written = 0;
            try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                while (true) {
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
                                    + "/api/v1/incidents/" + incident + "/events?after=" + after + "&limit=" + page))
                            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IOException("HTTP " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
                    }
                    long last = StreamFile.appendPage(response.body(), writer);
                    if (last < 0) {
                        break;
                    }
                    written += EventJson.MAPPER.readTree(response.body()).size();
                    after = last;
                }
            }
            System.err.printf("exported %d events of %s to %s%n", written, incident, out);
            return 0;
        }
    }

    @Command(name = "timeline", description = "Print the timeline (JSON) rebuilt from an exported stream.")
    static final class TimelineCommand implements Callable<Integer> {
        @Parameters(index = "0")
        Path file;
        @Option(names = "--as-of", description = "rebuild it as it stood at this time (RFC 3339)")
        Instant asOf;

        @Override
        public Integer call() throws IOException {
            List<RewindEvent> stream = StreamFile.read(file);
            System.out.println(TimelineFold.fold(incidentOf(stream), stream, asOf).toJson());
            return 0;
        }
    }

    @Command(name = "postmortem", description = "Print the post-mortem (Markdown) rebuilt from an exported stream.")
    static final class PostmortemCommand implements Callable<Integer> {
        @Parameters(index = "0")
        Path file;

        @Override
        public Integer call() throws IOException {
            List<RewindEvent> stream = StreamFile.read(file);
            System.out.print(PostMortem.markdown(TimelineFold.fold(incidentOf(stream), stream, null)));
            return 0;
        }
    }

    @Command(name = "what-if", description = "Replay the incident's classifications through another policy file.")
    static final class WhatIfCommand implements Callable<Integer> {
        @Parameters(index = "0")
        Path file;
        @Option(names = "--policy", required = true, description = "the other policy file")
        Path policy;
        @Option(names = "--current", defaultValue = PolicyFile.BUILT_IN, description = "the policy in force (default: built-in)")
        String current;

        @Override
        public Integer call() throws IOException {
            List<RewindEvent> stream = StreamFile.read(file);
            System.out.print(WhatIf.report(WhatIf.replay(stream, PolicyFile.load(current), PolicyFile.load(policy.toString()))));
            return 0;
        }
    }

    static UUID incidentOf(List<RewindEvent> stream) throws IOException {
        if (stream.isEmpty()) {
            throw new IOException("the file holds no events");
        }
        return stream.get(0).incidentId();
    }
}
