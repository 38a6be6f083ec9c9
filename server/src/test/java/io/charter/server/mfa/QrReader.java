package io.charter.server.mfa;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A test-only QR reader for versions 1–10 at level M, written from the standard's tables rather
 * than from the encoder: samples the modules of an image, checks the format information is a
 * valid BCH codeword for level M, removes the mask, reads the codewords, checks every block's
 * Reed–Solomon syndromes are zero, and returns the byte-mode payload.
 */
final class QrReader {
    /** Alignment pattern centres, ISO/IEC 18004 Table E.1, versions 1–10. */
    private static final int[][] ALIGNMENT = {{}, {}, {6, 18}, {6, 22}, {6, 26}, {6, 30}, {6, 34}, {6, 22, 38},
        {6, 24, 42}, {6, 26, 46}, {6, 28, 50}};
    /**
     * Level M error-correction blocks, Table 9: {count, total codewords, data codewords} for each
     * group, versions 1–10.
     */
    private static final int[][][] BLOCKS_M = {{}, {{1, 26, 16}}, {{1, 44, 28}}, {{1, 70, 44}}, {{2, 50, 32}},
        {{2, 67, 43}}, {{4, 43, 27}}, {{4, 49, 31}}, {{2, 60, 38}, {2, 61, 39}}, {{3, 58, 36}, {2, 59, 37}},
        {{4, 69, 43}, {1, 70, 44}}};

    final int version;
    final int mask;
    private final boolean[][] dark;
    private final int size;

    private QrReader(boolean[][] dark) {
        this.dark = dark;
        this.size = dark.length;
        this.version = (size - 17) / 4;
        if (version < 1 || version > 10 || version * 4 + 17 != size) {
            throw new AssertionError("unsupported size " + size);
        }
        this.mask = readFormat();
    }

    /** Reads the modules of an image rendered with {@code scale} pixels per module and a {@code quiet} border. */
    static QrReader of(BufferedImage image, int scale, int quiet) {
        int size = image.getWidth() / scale - 2 * quiet;
        boolean[][] dark = new boolean[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB((x + quiet) * scale + scale / 2, (y + quiet) * scale + scale / 2) & 0xFFFFFF;
                dark[y][x] = rgb == 0;
            }
        }
        return new QrReader(dark);
    }

    static QrReader of(QrCode qr) {
        boolean[][] dark = new boolean[qr.size()][qr.size()];
        for (int y = 0; y < qr.size(); y++) {
            for (int x = 0; x < qr.size(); x++) {
                dark[y][x] = qr.dark(x, y);
            }
        }
        return new QrReader(dark);
    }

    /** The 15 format bits next to the top-left finder, most significant first along the spec's order. */
    private int readFormat() {
        int bits = 0;
        // bit i (least significant first) at {x, y}: up column 8 from row 0, then along row 8 leftwards (Figure 25)
        int[][] positions = {{8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8}, {5, 8}, {4, 8},
            {3, 8}, {2, 8}, {1, 8}, {0, 8}};
        for (int i = 0; i < 15; i++) {
            if (dark[positions[i][1]][positions[i][0]]) {
                bits |= 1 << i;
            }
        }
        for (int level = 0; level < 4; level++) {
            for (int m = 0; m < 8; m++) {
                if (bch15(level << 3 | m) == bits) {
                    if (level != 0) {
                        throw new AssertionError("level is not M: " + level);
                    }
                    return m;
                }
            }
        }
        throw new AssertionError("format information is no valid BCH(15,5) codeword: " + Integer.toBinaryString(bits));
    }

    /** BCH(15,5) with generator x^10+x^8+x^5+x^4+x^2+x+1, masked with 101010000010010 (Annex C). */
    static int bch15(int data) {
        int value = data << 10;
        for (int bit = 14; bit >= 10; bit--) {
            if ((value >>> bit & 1) != 0) {
                value ^= 0b10100110111 << (bit - 10);
            }
        }
        return ((data << 10) | value) ^ 0b101010000010010;
    }

    private boolean isFunction(int x, int y) {
        if ((x < 9 && y < 9) || (x >= size - 8 && y < 9) || (x < 9 && y >= size - 8)) {
            return true; // finders, separators, format information, dark module
        }
        if (x == 6 || y == 6) {
            return true;
        }
        int[] centres = ALIGNMENT[version];
        for (int cx : centres) {
            for (int cy : centres) {
                boolean overlapsFinder = (cx == 6 && cy == 6) || (cx == 6 && cy == centres[centres.length - 1])
                        || (cy == 6 && cx == centres[centres.length - 1]);
                if (!overlapsFinder && Math.abs(x - cx) <= 2 && Math.abs(y - cy) <= 2) {
                    return true;
                }
            }
        }
        if (version >= 7 && ((x >= size - 11 && x < size - 8 && y < 6) || (y >= size - 11 && y < size - 8 && x < 6))) {
            return true;
        }
        return false;
    }

    private static boolean masked(int mask, int x, int y) {
        // Table 10, with i = row and j = column.
        int i = y;
        int j = x;
        return switch (mask) {
            case 0 -> (i + j) % 2 == 0;
            case 1 -> i % 2 == 0;
            case 2 -> j % 3 == 0;
            case 3 -> (i + j) % 3 == 0;
            case 4 -> (i / 2 + j / 3) % 2 == 0;
            case 5 -> (i * j) % 2 + (i * j) % 3 == 0;
            case 6 -> ((i * j) % 2 + (i * j) % 3) % 2 == 0;
            default -> ((i * j) % 3 + (i + j) % 2) % 2 == 0;
        };
    }

    /** The codewords in placement order. */
    private byte[] codewords() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int current = 0;
        int count = 0;
        boolean upward = true;
        for (int right = size - 1; right > 0; right -= 2) {
            if (right == 6) {
                right--;
            }
            for (int v = 0; v < size; v++) {
                int y = upward ? size - 1 - v : v;
                for (int x = right; x >= right - 1; x--) {
                    if (isFunction(x, y)) {
                        continue;
                    }
                    boolean bit = dark[y][x] ^ masked(mask, x, y);
                    current = current << 1 | (bit ? 1 : 0);
                    if (++count == 8) {
                        out.write(current);
                        current = 0;
                        count = 0;
                    }
                }
            }
            upward = !upward;
        }
        return out.toByteArray();
    }

    /** De-interleaves the blocks, checks each block's syndromes, and returns the byte-mode payload. */
    byte[] payload() {
        byte[] all = codewords();
        int[][] groups = BLOCKS_M[version];
        int blockCount = 0;
        int total = 0;
        for (int[] g : groups) {
            blockCount += g[0];
            total += g[0] * g[1];
        }
        if (all.length != total) {
            throw new AssertionError("read " + all.length + " codewords, the table says " + total);
        }
        int[] dataLength = new int[blockCount];
        int[] totalLength = new int[blockCount];
        for (int b = 0, g = 0; g < groups.length; g++) {
            for (int k = 0; k < groups[g][0]; k++, b++) {
                dataLength[b] = groups[g][2];
                totalLength[b] = groups[g][1];
            }
        }
        byte[][] blocks = new byte[blockCount][];
        for (int b = 0; b < blockCount; b++) {
            blocks[b] = new byte[totalLength[b]];
        }
        int n = 0;
        int maxData = dataLength[blockCount - 1];
        for (int i = 0; i < maxData; i++) {
            for (int b = 0; b < blockCount; b++) {
                if (i < dataLength[b]) {
                    blocks[b][i] = all[n++];
                }
            }
        }
        int ecc = totalLength[0] - dataLength[0];
        for (int i = 0; i < ecc; i++) {
            for (int b = 0; b < blockCount; b++) {
                blocks[b][dataLength[b] + i] = all[n++];
            }
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int b = 0; b < blockCount; b++) {
            for (int s = 0; s < ecc; s++) {
                if (Gf256.evaluate(blocks[b], Gf256.exp(s)) != 0) {
                    throw new AssertionError("block " + b + " has a non-zero syndrome " + s);
                }
            }
            data.write(blocks[b], 0, dataLength[b]);
        }
        return parseByteMode(data.toByteArray());
    }

    private byte[] parseByteMode(byte[] data) {
        int[] position = {0};
        int mode = bits(data, position, 4);
        if (mode != 0b0100) {
            throw new AssertionError("not byte mode: " + mode);
        }
        int length = bits(data, position, version <= 9 ? 8 : 16);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) bits(data, position, 8);
        }
        return out;
    }

    private static int bits(byte[] data, int[] position, int count) {
        int value = 0;
        for (int i = 0; i < count; i++, position[0]++) {
            value = value << 1 | ((data[position[0] / 8] >>> (7 - position[0] % 8)) & 1);
        }
        return value;
    }

    String text() {
        return new String(payload(), StandardCharsets.UTF_8);
    }

    /** GF(256) by log tables over 0x11D, independent of the encoder's bitwise multiplication. */
    static final class Gf256 {
        private static final int[] EXP = new int[512];
        private static final int[] LOG = new int[256];

        static {
            int x = 1;
            for (int i = 0; i < 255; i++) {
                EXP[i] = x;
                LOG[x] = i;
                x <<= 1;
                if (x >= 256) {
                    x ^= 0x11D;
                }
            }
            for (int i = 255; i < 512; i++) {
                EXP[i] = EXP[i - 255];
            }
        }

        static int exp(int i) {
            return EXP[i];
        }

        static int multiply(int a, int b) {
            return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
        }

        /** The polynomial with coefficients {@code c} (highest degree first) at {@code x}, by Horner. */
        static int evaluate(byte[] c, int x) {
            int y = 0;
            for (byte b : c) {
                y = multiply(y, x) ^ (b & 0xFF);
            }
            return y;
        }
    }
}
