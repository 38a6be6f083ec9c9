package io.charter.server.mfa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG writer (ISO/IEC 15948) for a QR code: 1-bit greyscale, no interlace, filter type
 * 0 on every row, one zlib {@code IDAT} chunk. Stateless.
 */
public final class PngImage {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngImage() {
    }

    /** The QR code as a PNG, each module {@code scale} pixels square, with a {@code quiet}-module border. */
    public static byte[] of(QrCode qr, int scale, int quiet) {
        int side = (qr.size() + 2 * quiet) * scale;
        int rowBytes = (side + 7) / 8;
        byte[] raw = new byte[side * (rowBytes + 1)];
        for (int py = 0; py < side; py++) {
            int offset = py * (rowBytes + 1);
            raw[offset] = 0; // filter: none
            int my = py / scale - quiet;
            for (int px = 0; px < side; px++) {
                int mx = px / scale - quiet;
                boolean dark = mx >= 0 && my >= 0 && mx < qr.size() && my < qr.size() && qr.dark(mx, my);
                if (!dark) { // 1 is white in greyscale
                    raw[offset + 1 + px / 8] |= (byte) (0x80 >>> (px % 8));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(side).putInt(side)
                .put((byte) 1) // bit depth
                .put((byte) 0) // colour type: greyscale
                .put((byte) 0) // compression: deflate
                .put((byte) 0) // filter method
                .put((byte) 0) // interlace: none
                .array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
