package io.charter.server.mfa;

import java.util.Arrays;

/**
 * A QR code (ISO/IEC 18004) of a byte string: byte mode, error correction level M, the smallest
 * version (1–40) that holds the data, and the mask with the lowest penalty score. Only what
 * provisioning an authenticator app needs; the steps follow the standard's order (data bits,
 * Reed–Solomon blocks, interleaving, module placement, masking, format and version information).
 *
 * <p>Immutable once built.
 */
public final class QrCode {
    /** Error-correction codewords per block, level M, by version (index 0 unused). */
    static final int[] ECC_PER_BLOCK = {-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26,
        26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28};
    /** Error-correction blocks, level M, by version (index 0 unused). */
    static final int[] BLOCKS = {-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20,
        21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49};
    /** The two format bits of level M. */
    static final int LEVEL_M = 0;

    private final int version;
    private final int size;
    private final boolean[][] modules;
    private final boolean[][] function;

    private QrCode(int version) {
        this.version = version;
        this.size = version * 4 + 17;
        this.modules = new boolean[size][size];
        this.function = new boolean[size][size];
    }

    /** Encodes {@code data} in byte mode. */
    public static QrCode ofBytes(byte[] data) {
        int version = 1;
        while (version <= 40 && 4 + countBits(version) + data.length * 8 > dataCodewords(version) * 8) {
            version++;
        }
        if (version > 40) {
            throw new IllegalArgumentException("too long for a QR code: " + data.length + " bytes");
        }
        QrCode qr = new QrCode(version);
        qr.drawFunctionPatterns();
        qr.drawCodewords(qr.interleaveWithEcc(qr.dataBits(data)));
        int best = 0;
        int bestPenalty = Integer.MAX_VALUE;
        for (int mask = 0; mask < 8; mask++) {
            qr.applyMask(mask);
            qr.drawFormatBits(mask);
            int penalty = qr.penalty();
            if (penalty < bestPenalty) {
                best = mask;
                bestPenalty = penalty;
            }
            qr.applyMask(mask); // XOR again: undone
        }
        qr.applyMask(best);
        qr.drawFormatBits(best);
        return qr;
    }

    public int version() {
        return version;
    }

    /** Modules per side, without a quiet zone. */
    public int size() {
        return size;
    }

    /** Whether the module at column {@code x}, row {@code y} is dark. */
    public boolean dark(int x, int y) {
        return modules[y][x];
    }

    private static int countBits(int version) {
        return version <= 9 ? 8 : 16;
    }

    /** Data modules of a version: all modules minus function patterns and format/version information. */
    static int rawDataModules(int version) {
        int result = (16 * version + 128) * version + 64;
        if (version >= 2) {
            int align = version / 7 + 2;
            result -= (25 * align - 10) * align - 55;
            if (version >= 7) {
                result -= 36;
            }
        }
        return result;
    }

    static int dataCodewords(int version) {
        return rawDataModules(version) / 8 - ECC_PER_BLOCK[version] * BLOCKS[version];
    }

    /** Mode indicator, count, the bytes, terminator and padding, as codewords. */
    private byte[] dataBits(byte[] data) {
        int capacity = dataCodewords(version) * 8;
        BitBuffer bits = new BitBuffer(capacity);
        bits.append(0b0100, 4);
        bits.append(data.length, countBits(version));
        for (byte b : data) {
            bits.append(b & 0xFF, 8);
        }
        bits.append(0, Math.min(4, capacity - bits.length));
        bits.append(0, (8 - bits.length % 8) % 8);
        for (int pad = 0xEC; bits.length < capacity; pad ^= 0xEC ^ 0x11) {
            bits.append(pad, 8);
        }
        return bits.bytes();
    }

    /** Splits the data into blocks, appends each block's Reed–Solomon codewords, interleaves. */
    private byte[] interleaveWithEcc(byte[] data) {
        int blocks = BLOCKS[version];
        int eccLength = ECC_PER_BLOCK[version];
        int raw = rawDataModules(version) / 8;
        int shortBlocks = blocks - raw % blocks;
        int shortLength = raw / blocks;
        byte[] divisor = ReedSolomon.divisor(eccLength);
        byte[][] all = new byte[blocks][];
        for (int i = 0, k = 0; i < blocks; i++) {
            int dataLength = shortLength - eccLength + (i < shortBlocks ? 0 : 1);
            byte[] block = new byte[shortLength + 1];
            System.arraycopy(data, k, block, 0, dataLength);
            k += dataLength;
            byte[] dataPart = Arrays.copyOf(block, dataLength);
            System.arraycopy(ReedSolomon.remainder(dataPart, divisor), 0, block, shortLength + 1 - eccLength, eccLength);
            all[i] = block;
        }
        byte[] result = new byte[raw];
        int n = 0;
        for (int i = 0; i < shortLength + 1; i++) {
            for (int j = 0; j < blocks; j++) {
                // short blocks have no codeword at the position of the long blocks' extra data codeword
                if (i != shortLength - eccLength || j >= shortBlocks) {
                    result[n++] = all[j][i];
                }
            }
        }
        return result;
    }

    private void set(int x, int y, boolean dark) {
        modules[y][x] = dark;
        function[y][x] = true;
    }

    private void drawFunctionPatterns() {
        for (int i = 0; i < size; i++) {
            set(6, i, i % 2 == 0);
            set(i, 6, i % 2 == 0);
        }
        drawFinder(3, 3);
        drawFinder(size - 4, 3);
        drawFinder(3, size - 4);
        int[] positions = alignmentPositions(version);
        int n = positions.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean corner = (i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0);
                if (!corner) {
                    drawAlignment(positions[i], positions[j]);
                }
            }
        }
        drawFormatBits(0); // reserves the area; redrawn once the mask is chosen
        drawVersion();
    }

    /** Centres of the alignment patterns along each axis. */
    static int[] alignmentPositions(int version) {
        if (version == 1) {
            return new int[0];
        }
        int n = version / 7 + 2;
        int step = (version * 8 + n * 3 + 5) / (n * 4 - 4) * 2;
        int[] result = new int[n];
        result[0] = 6;
        for (int i = n - 1, pos = version * 4 + 17 - 7; i >= 1; i--, pos -= step) {
            result[i] = pos;
        }
        return result;
    }

    /** A finder pattern with its separator, centred at (x, y). */
    private void drawFinder(int x, int y) {
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                int distance = Math.max(Math.abs(dx), Math.abs(dy));
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && xx < size && yy >= 0 && yy < size) {
                    set(xx, yy, distance != 2 && distance != 4);
                }
            }
        }
    }

    private void drawAlignment(int x, int y) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                set(x + dx, y + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
            }
        }
    }

    /** The 15 format bits: level and mask, BCH(15,5) protected, XOR 0x5412. */
    static int formatBits(int level, int mask) {
        int data = level << 3 | mask;
        int rem = data;
        for (int i = 0; i < 10; i++) {
            rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
        }
        return (data << 10 | rem) ^ 0x5412;
    }

    private void drawFormatBits(int mask) {
        int bits = formatBits(LEVEL_M, mask);
        for (int i = 0; i <= 5; i++) {
            set(8, i, bit(bits, i));
        }
        set(8, 7, bit(bits, 6));
        set(8, 8, bit(bits, 7));
        set(7, 8, bit(bits, 8));
        for (int i = 9; i < 15; i++) {
            set(14 - i, 8, bit(bits, i));
        }
        for (int i = 0; i < 8; i++) {
            set(size - 1 - i, 8, bit(bits, i));
        }
        for (int i = 8; i < 15; i++) {
            set(8, size - 15 + i, bit(bits, i));
        }
        set(8, size - 8, true); // the dark module
    }

    /** The 18 version bits (versions 7 and up): BCH(18,6). */
    static int versionBits(int version) {
        int rem = version;
        for (int i = 0; i < 12; i++) {
            rem = (rem << 1) ^ ((rem >>> 11) * 0x1F25);
        }
        return version << 12 | rem;
    }

    private void drawVersion() {
        if (version < 7) {
            return;
        }
        int bits = versionBits(version);
        for (int i = 0; i < 18; i++) {
            boolean dark = bit(bits, i);
            int a = size - 11 + i % 3;
            int b = i / 3;
            set(a, b, dark);
            set(b, a, dark);
        }
    }

    /** Places the codewords in the two-column zigzag, right to left, skipping function modules. */
    private void drawCodewords(byte[] codewords) {
        int i = 0;
        for (int right = size - 1; right >= 1; right -= 2) {
            if (right == 6) {
                right = 5; // the vertical timing pattern
            }
            for (int vertical = 0; vertical < size; vertical++) {
                for (int j = 0; j < 2; j++) {
                    int x = right - j;
                    boolean upward = ((right + 1) & 2) == 0;
                    int y = upward ? size - 1 - vertical : vertical;
                    if (!function[y][x] && i < codewords.length * 8) {
                        modules[y][x] = bit(codewords[i >>> 3], 7 - (i & 7));
                        i++;
                    }
                }
            }
        }
    }

    static boolean maskBit(int mask, int x, int y) {
        return switch (mask) {
            case 0 -> (x + y) % 2 == 0;
            case 1 -> y % 2 == 0;
            case 2 -> x % 3 == 0;
            case 3 -> (x + y) % 3 == 0;
            case 4 -> (x / 3 + y / 2) % 2 == 0;
            case 5 -> x * y % 2 + x * y % 3 == 0;
            case 6 -> (x * y % 2 + x * y % 3) % 2 == 0;
            case 7 -> ((x + y) % 2 + x * y % 3) % 2 == 0;
            default -> throw new IllegalArgumentException("mask " + mask);
        };
    }

    private void applyMask(int mask) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (!function[y][x] && maskBit(mask, x, y)) {
                    modules[y][x] = !modules[y][x];
                }
            }
        }
    }

    /** The standard's penalty score (runs, 2×2 blocks, finder-like patterns, dark balance). */
    private int penalty() {
        int result = 0;
        for (int a = 0; a < size; a++) {
            result += runPenalty(a, true) + runPenalty(a, false);
        }
        int dark = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (modules[y][x]) {
                    dark++;
                }
                if (x < size - 1 && y < size - 1 && modules[y][x] == modules[y][x + 1]
                        && modules[y][x] == modules[y + 1][x] && modules[y][x] == modules[y + 1][x + 1]) {
                    result += 3;
                }
            }
        }
        int total = size * size;
        int k = (Math.abs(dark * 20 - total * 10) + total - 1) / total - 1;
        return result + k * 10;
    }

    private static final boolean[] FINDER_LIKE = {true, false, true, true, true, false, true};

    /** Rules 1 and 3 along one row ({@code row}) or column. */
    private int runPenalty(int a, boolean row) {
        int result = 0;
        int run = 0;
        boolean previous = false;
        for (int b = 0; b < size; b++) {
            boolean dark = row ? modules[a][b] : modules[b][a];
            if (b > 0 && dark == previous) {
                run++;
            } else {
                run = 1;
            }
            if (run == 5) {
                result += 3;
            } else if (run > 5) {
                result++;
            }
            previous = dark;
            if (b + FINDER_LIKE.length <= size && finderLikeAt(a, b, row)) {
                result += 40;
            }
        }
        return result;
    }

    /** 1:1:3:1:1 at position b with four light modules (or the edge) on one side. */
    private boolean finderLikeAt(int a, int b, boolean row) {
        for (int i = 0; i < FINDER_LIKE.length; i++) {
            if ((row ? modules[a][b + i] : modules[b + i][a]) != FINDER_LIKE[i]) {
                return false;
            }
        }
        return lightRun(a, b - 4, b, row) || lightRun(a, b + 7, b + 11, row);
    }

    private boolean lightRun(int a, int from, int to, boolean row) {
        for (int b = from; b < to; b++) {
            if (b >= 0 && b < size && (row ? modules[a][b] : modules[b][a])) {
                return false;
            }
        }
        return true;
    }

    private static boolean bit(int value, int i) {
        return ((value >>> i) & 1) != 0;
    }

    /** An append-only bit string of a known capacity. */
    private static final class BitBuffer {
        private final byte[] bytes;
        private int length;

        BitBuffer(int capacityBits) {
            this.bytes = new byte[(capacityBits + 7) / 8];
        }

        void append(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                if (((value >>> i) & 1) != 0) {
                    bytes[length >>> 3] |= (byte) (0x80 >>> (length & 7));
                }
                length++;
            }
        }

        byte[] bytes() {
            return bytes.clone();
        }
    }
}
