package dev.rewind.executor.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip compressed on every core, the way pigz does it: the input is cut into blocks, each block is
 * deflated on its own with the previous block's last 32 KiB as its dictionary and ended byte-aligned
 * (sync flush); the last one is finished. The blocks, written in order, form one ordinary gzip member
 * that any gunzip reads; CRC-32 and length of the whole input go in the trailer. Deflate is what makes
 * archiving slow, and a single-threaded gzip leaves the other core idle.
 */
final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 128 << 10;
    private static final int DICTIONARY = 32 << 10;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 3};

    private final OutputStream out;
    private final ExecutorService workers;
    /** One deflater per worker, reset between blocks: zlib's state (~270 KB each) is not allocated per block. */
    private final BlockingQueue<Deflater> deflaters;
    private final int maxInFlight;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary;
    private long length;
    private boolean closed;

    ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        this.out = out;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread worker = new Thread(runnable, "archive-deflate");
            worker.setDaemon(true);
            return worker;
        });
        this.deflaters = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            deflaters.add(new Deflater(level, true));
        }
        this.maxInFlight = 2 * threads;
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        crc.update(bytes, offset, count);
        length += count;
        while (count > 0) {
            int taken = Math.min(count, BLOCK - filled);
            System.arraycopy(bytes, offset, block, filled, taken);
            filled += taken;
            offset += taken;
            count -= taken;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            writeIntLittleEndian((int) crc.getValue());
            writeIntLittleEndian((int) length);
            out.close();
        } finally {
            workers.shutdownNow();
            deflaters.forEach(Deflater::end);
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int size = filled;
        byte[] preset = dictionary;
        dictionary = Arrays.copyOfRange(input, Math.max(0, size - DICTIONARY), size);
        inFlight.add(workers.submit(() -> deflate(input, size, preset, last)));
        block = new byte[BLOCK];
        filled = 0;
        while (inFlight.size() > maxInFlight) {
            writeOldest();
        }
    }

    private byte[] deflate(byte[] input, int size, byte[] preset, boolean last) throws InterruptedException {
        Deflater deflater = deflaters.take();
        try {
            if (preset != null && preset.length > 0) {
                deflater.setDictionary(preset);
            }
            deflater.setInput(input, 0, size);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(size / 3 + 64);
            byte[] buffer = new byte[size / 2 + 1024];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    compressed.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                int written;
                do {
                    written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    compressed.write(buffer, 0, written);
                } while (written == buffer.length);
            }
            return compressed.toByteArray();
        } finally {
            deflater.reset();
            deflaters.add(deflater);
        }
    }

    private void writeOldest() throws IOException {
        try {
            out.write(inFlight.removeFirst().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compressing a block failed", e.getCause());
        }
    }

    private void writeIntLittleEndian(int value) throws IOException {
        out.write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }
}
