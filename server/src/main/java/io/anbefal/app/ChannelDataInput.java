package io.anbefal.app;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
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

    /** Reads a string as {@link ChannelDataOutput#writeUTF} writes it: an int length, then modified UTF-8. */
    @Override
    public String readUTF() throws IOException {
        int length = readInt();
        if (length < 0) {
            throw new UTFDataFormatException("a string of negative length " + length);
        }
        byte[] bytes = new byte[length];
        readFully(bytes);
        char[] chars = new char[length];
        int n = 0;
        for (int i = 0; i < length; ) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                chars[n++] = (char) b;
                i++;
            } else if ((b & 0xE0) == 0xC0 && i + 1 < length && (bytes[i + 1] & 0xC0) == 0x80) {
                chars[n++] = (char) (((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
                i += 2;
            } else if ((b & 0xF0) == 0xE0 && i + 2 < length && (bytes[i + 1] & 0xC0) == 0x80
                    && (bytes[i + 2] & 0xC0) == 0x80) {
                chars[n++] = (char) (((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
                i += 3;
            } else {
                throw new UTFDataFormatException("malformed string in the snapshot at byte " + i);
            }
        }
        return new String(chars, 0, n);
    }
}
