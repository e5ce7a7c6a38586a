package dev.rewind.executor.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelGzipOutputStreamTest {
    private static final int BLOCK = ParallelGzipOutputStream.BLOCK;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 7 * BLOCK + 12_345})
    void any_length_round_trips_through_the_jdk_and_gnu_gunzip(int length) throws Exception {
        byte[] input = text(length, length);

        byte[] compressed = compress(input, 6);

        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(input);
        }
        Path file = dir.resolve("data-" + length + ".gz");
        Files.write(file, compressed);
        Process gunzip = new ProcessBuilder("gzip", "-dc", file.toString()).redirectErrorStream(true).start();
        byte[] gnu = gunzip.getInputStream().readAllBytes();
        assertThat(gunzip.waitFor()).as(new String(gnu, StandardCharsets.UTF_8)).isZero();
        assertThat(gnu).isEqualTo(input);
    }

    @Test
    void random_bytes_written_in_odd_pieces_round_trip() throws Exception {
        byte[] input = new byte[5 * BLOCK + 77];
        new Random(3).nextBytes(input);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream gzip = new ParallelGzipOutputStream(sink, 6)) {
            Random sizes = new Random(4);
            for (int offset = 0; offset < input.length; ) {
                int piece = Math.min(input.length - offset, sizes.nextInt(70_000));
                if (piece == 1) {
                    gzip.write(input[offset]);
                } else {
                    gzip.write(input, offset, piece);
                }
                offset += piece;
            }
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(sink.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(input);
        }
    }

    @Test
    void compresses_about_as_well_as_single_threaded_gzip() throws Exception {
        byte[] input = text(4 << 20, 9);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(single) {
            {
                def.setLevel(6);
            }
        }) {
            gzip.write(input);
        }

        byte[] parallel = compress(input, 6);

        assertThat((double) parallel.length).isLessThan(single.size() * 1.02);
    }

    private static byte[] compress(byte[] input, int level) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream gzip = new ParallelGzipOutputStream(sink, level)) {
            gzip.write(input);
        }
        return sink.toByteArray();
    }

    /** Words, as in a workflow's markdown: compressible, with repeats across block boundaries. */
    private static byte[] text(int length, long seed) {
        String[] words = "agent step workflow rollback version config the a of to and in knowledge template".split(" ");
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        return text.substring(0, length).getBytes(StandardCharsets.UTF_8);
    }
}
