package io.anbefal.app;

import java.io.ByteArrayOutputStream;
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
 * thread-safe. The format is exactly {@link DataOutputStream}'s (big-endian, modified UTF-8).
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

    @Override
    public void writeUTF(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() + 2);
        new DataOutputStream(bytes).writeUTF(s); // the JDK's modified UTF-8, length first
        write(bytes.toByteArray());
    }
}
