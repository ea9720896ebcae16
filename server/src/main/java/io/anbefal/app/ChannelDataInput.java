package io.anbefal.app;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * {@link DataInput} from a channel through one heap buffer: the reading side of {@link ChannelDataOutput}, for
 * the same reason (no lock per call). Not thread-safe.
 */
final class ChannelDataInput implements DataInput {

    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).flip();

    ChannelDataInput(ReadableByteChannel channel) {
        this.channel = channel;
    }

    /** The buffer with at least {@code bytes} (at most its capacity) readable. */
    private ByteBuffer need(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            buffer.compact();
            while (buffer.position() < bytes) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException("the snapshot ends early");
                }
            }
            buffer.flip();
        }
        return buffer;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, need(1).remaining());
            buffer.get(b, off, n);
            off += n;
            len -= n;
        }
    }

    @Override
    public int skipBytes(int n) throws IOException {
        for (int left = n; left > 0; ) {
            int k = Math.min(left, need(1).remaining());
            buffer.position(buffer.position() + k);
            left -= k;
        }
        return n;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return need(1).get() != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return need(1).get();
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return need(1).get() & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        return need(2).getShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return need(2).getShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
        return need(2).getChar();
    }

    @Override
    public int readInt() throws IOException {
        return need(4).getInt();
    }

    @Override
    public long readLong() throws IOException {
        return need(8).getLong();
    }

    @Override
    public float readFloat() throws IOException {
        return need(4).getFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return need(8).getDouble();
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("a model snapshot has no text lines");
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this); // the JDK's modified UTF-8 decoder, over this input
    }
}
