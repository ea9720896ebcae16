package io.anbefal.app;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.Checksum;

/**
 * {@link DataOutput} into a channel through one heap buffer, with a checksum of everything written. The model
 * snapshot writes tens of millions of ints and floats one by one; {@link DataOutputStream} over a
 * {@code BufferedOutputStream} takes a lock per call, which made the snapshot several times slower. Not
 * thread-safe. The format is {@link DataOutputStream}'s (big-endian), but for {@link #writeUTF}, which takes a
 * string of any length.
 */
final class ChannelDataOutput implements DataOutput {

    private final WritableByteChannel channel;
    private final Checksum checksum;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);

    ChannelDataOutput(WritableByteChannel channel, Checksum checksum) {
        this.channel = channel;
        this.checksum = checksum;
    }

    private ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        return buffer;
    }

    /** Writes what is buffered to the channel. */
    void flush() throws IOException {
        buffer.flip();
        checksum.update(buffer.array(), 0, buffer.limit());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void write(int b) throws IOException {
        room(1).put((byte) b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, room(1).remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    @Override
    public void writeBoolean(boolean v) throws IOException {
        room(1).put((byte) (v ? 1 : 0));
    }

    @Override
    public void writeByte(int v) throws IOException {
        room(1).put((byte) v);
    }

    @Override
    public void writeShort(int v) throws IOException {
        room(2).putShort((short) v);
    }

    @Override
    public void writeChar(int v) throws IOException {
        room(2).putChar((char) v);
    }

    @Override
    public void writeInt(int v) throws IOException {
        room(4).putInt(v);
    }

    @Override
    public void writeLong(long v) throws IOException {
        room(8).putLong(v);
    }

    @Override
    public void writeFloat(float v) throws IOException {
        room(4).putFloat(v);
    }

    @Override
    public void writeDouble(double v) throws IOException {
        room(8).putDouble(v);
    }

    @Override
    public void writeBytes(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    /**
     * Writes a string of any length: its encoded length as an int, then its chars in modified UTF-8 (as
     * {@link DataOutputStream#writeUTF}, so every {@code String}, lone surrogates and NUL included, reads back as it
     * was), where the JDK's two-byte length would stop at 65,535 bytes. Not the JDK's format: only
     * {@link ChannelDataInput#readUTF} reads it.
     */
    @Override
    public void writeUTF(String s) throws IOException {
        int n = s.length();
        long bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7F) {
                bytes += c > 0x7FF ? 2 : 1;
            }
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new java.io.UTFDataFormatException("a string of " + bytes + " bytes is too long for a snapshot");
        }
        writeInt((int) bytes);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            ByteBuffer b = room(3);
            if (c != 0 && c <= 0x7F) {
                b.put((byte) c);
            } else if (c <= 0x7FF) {
                b.put((byte) (0xC0 | (c >> 6))).put((byte) (0x80 | (c & 0x3F)));
            } else {
                b.put((byte) (0xE0 | (c >> 12))).put((byte) (0x80 | ((c >> 6) & 0x3F))).put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }
}
