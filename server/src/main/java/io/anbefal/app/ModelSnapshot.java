package io.anbefal.app;

import io.anbefal.engine.Engine;
import io.anbefal.store.LogPosition;

import java.io.DataInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The model snapshot file: the log position it was taken at, the visitor links, and every service's learnt
 * model, then a CRC-32C of all that. Written to a temporary file, forced to disk and moved into place, so that a
 * crash at any moment leaves the previous snapshot or the new one, never a torn one; a file whose checksum does
 * not match is not read at all.
 */
final class ModelSnapshot {

    /**
     * "ANBEFAL" and the format version. 3: strings of any length (an int length, see
     * {@link ChannelDataOutput#writeUTF}); 4: the log position ends with the log clock
     * ({@link LogPosition#clock}); 5: each service's model is followed by its item facts (the attributes of
     * updates and datasets that rules filter on). A file of an older version is not read, and the log is replayed once.
     */
    private static final long MAGIC = 0x414E424546414C05L;

    private final Path file;

    ModelSnapshot(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Deletes the file (a snapshot that holds what must be forgotten); a later write makes a new one. */
    void delete() throws java.io.IOException {
        Files.deleteIfExists(file);
    }

    /** Writes a snapshot taken at {@code at}; the caller guarantees nothing changes the engine meanwhile. */
    void write(LogPosition at, Map<String, Map<String, String>> links, Engine engine) throws IOException {
        // a name of this process's own: nodes sharing the snapshot directory may write at the same time
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            ChannelDataOutput out = new ChannelDataOutput(channel, crc);
            out.writeLong(MAGIC);
            at.writeTo(out);
            out.writeInt(links.size());
            for (Map.Entry<String, Map<String, String>> service : links.entrySet()) {
                out.writeUTF(service.getKey());
                out.writeInt(service.getValue().size());
                for (Map.Entry<String, String> link : service.getValue().entrySet()) {
                    out.writeUTF(link.getKey());
                    out.writeUTF(link.getValue());
                }
            }
            engine.writeSnapshot(out);
            out.flush();
            channel.write(ByteBuffer.allocate(Long.BYTES).putLong(0, crc.getValue()));
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself
        } catch (IOException ignored) {
            // not every file system lets a directory be forced; the rename is then as durable as it gets
        }
    }

    /**
     * Whether the file holds a snapshot taken further along the log (a higher log clock) than {@code at}: written
     * by another node sharing the directory. Reads only the file's head; a file of another format is not newer.
     */
    boolean newerOnFile(LogPosition at) {
        if (!exists()) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return LogPosition.readFrom(open(channel)).clock() > at.clock();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The position the snapshot was taken at; empty when the file is not a whole snapshot of this format. */
    Optional<LogPosition> position() throws IOException {
        if (!whole()) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Optional.of(LogPosition.readFrom(open(channel)));
        }
    }

    /**
     * Reads the links and the models into {@code engine}, which takes them only when all of them were read.
     *
     * @return per service, alias to person
     */
    Map<String, Map<String, String>> readInto(Engine engine) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            DataInput in = open(channel);
            LogPosition.readFrom(in);
            Map<String, Map<String, String>> links = new HashMap<>();
            for (int s = in.readInt(); s > 0; s--) {
                Map<String, String> aliases = new ConcurrentHashMap<>();
                links.put(in.readUTF(), aliases);
                for (int a = in.readInt(); a > 0; a--) {
                    aliases.put(in.readUTF(), in.readUTF());
                }
            }
            engine.readSnapshot(in);
            return links;
        }
    }

    /** The file's content after the magic number. */
    private DataInput open(FileChannel channel) throws IOException {
        DataInput in = new ChannelDataInput(channel);
        if (in.readLong() != MAGIC) {
            throw new IOException("not a model snapshot of this version: " + file);
        }
        return in;
    }

    /** Whether the file has this format's magic number and its checksum matches. */
    private boolean whole() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 2 * Long.BYTES) {
                return false;
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            CRC32C crc = new CRC32C();
            long magic = 0;
            for (long pos = 0; pos < size - Long.BYTES; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - Long.BYTES - pos));
                int n = channel.read(buffer, pos);
                if (n < 0) {
                    return false;
                }
                buffer.flip();
                if (pos == 0) {
                    magic = buffer.getLong(0);
                }
                crc.update(buffer);
                pos += n;
            }
            ByteBuffer trailer = ByteBuffer.allocate(Long.BYTES);
            channel.read(trailer, size - Long.BYTES);
            return magic == MAGIC && trailer.getLong(0) == crc.getValue();
        }
    }
}
