package io.charter.server.mfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The QR encoder against the standard's known values, and round trips through an independent reader. */
class QrCodeTest {

    @Test
    void reedSolomonMatchesTheHelloWorldOneMExample() {
        // "HELLO WORLD" at 1-M (alphanumeric), the standard worked example's data codewords and ECC.
        int[] data = {32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17};
        int[] ecc = {196, 35, 39, 119, 235, 215, 231, 226, 93, 23};
        byte[] remainder = ReedSolomon.remainder(bytes(data), ReedSolomon.divisor(10));
        assertArrayEquals(bytes(ecc), remainder);
    }

    @Test
    void reedSolomonMatchesTheIsoNumericExample() {
        // ISO/IEC 18004 Annex I: "01234567" at 1-M.
        int[] data = {0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11};
        int[] ecc = {0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55};
        assertArrayEquals(bytes(ecc), ReedSolomon.remainder(bytes(data), ReedSolomon.divisor(10)));
    }

    @Test
    void formatAndVersionInformationMatchTheStandardsTables() {
        assertEquals(0b101010000010010, QrCode.formatBits(0, 0)); // M, mask 0
        assertEquals(0b111011111000100, QrCode.formatBits(1, 0)); // L, mask 0
        assertEquals(0b100000011001110, QrCode.formatBits(0, 5)); // M, mask 5
        assertEquals(0b100101010100000, QrCode.formatBits(0, 7)); // M, mask 7
        assertEquals(0b000111110010010100, QrCode.versionBits(7));
        assertEquals(0b101000110001101001, QrCode.versionBits(40));
        for (int data = 0; data < 32; data++) {
            assertEquals(QrReader.bch15(data), QrCode.formatBits(data >> 3, data & 7));
        }
    }

    @Test
    void alignmentPositionsMatchTableE1() {
        assertArrayEquals(new int[] {}, QrCode.alignmentPositions(1));
        assertArrayEquals(new int[] {6, 18}, QrCode.alignmentPositions(2));
        assertArrayEquals(new int[] {6, 22, 38}, QrCode.alignmentPositions(7));
        assertArrayEquals(new int[] {6, 28, 50}, QrCode.alignmentPositions(10));
        assertArrayEquals(new int[] {6, 34, 60, 86, 112, 138}, QrCode.alignmentPositions(32));
        assertArrayEquals(new int[] {6, 30, 58, 86, 114, 142, 170}, QrCode.alignmentPositions(40));
    }

    @Test
    void capacitiesMatchTheByteModeTable() {
        // Byte-mode capacity at level M: versions 1, 7, 10, 40.
        assertEquals(14, QrCode.dataCodewords(1) - 2);
        assertEquals(122, QrCode.dataCodewords(7) - 2);
        assertEquals(213, QrCode.dataCodewords(10) - 3);
        assertEquals(2331, QrCode.dataCodewords(40) - 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 14, 15, 60, 111, 122, 123, 150, 200, 213})
    void encodesAndReadsBack(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) ("otpauth://totp/x@123456789012?secret=".charAt(i % 37) + i / 37);
        }
        QrCode qr = QrCode.ofBytes(data);
        int expected = length <= 14 ? 1 : length <= 26 ? 2 : length <= 62 ? 4 : length <= 122 ? 7 : length <= 152 ? 8
                : length <= 180 ? 9 : 10;
        assertEquals(expected, qr.version(), "the smallest version that holds " + length + " bytes");
        assertArrayEquals(data, QrReader.of(qr).payload());
    }

    @Test
    void pngIsAValidImageOfTheCode() throws IOException {
        String uri = OtpauthUri.of("alice-phone", "123456789012", Base32.encode(new byte[40]));
        QrCode qr = QrCode.ofBytes(uri.getBytes(StandardCharsets.UTF_8));
        byte[] png = PngImage.of(qr, 4, 4);
        assertPng(png, (qr.size() + 8) * 4);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "ImageIO reads it");
        assertEquals(uri, QrReader.of(image, 4, 4).text());
    }

    /** PNG signature, then an IHDR chunk of a square 1-bit greyscale image of {@code side} pixels. */
    static void assertPng(byte[] png, int side) {
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, Arrays.copyOf(png, 8));
        ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
        assertEquals(13, b.getInt());
        byte[] type = new byte[4];
        b.get(type);
        assertEquals("IHDR", new String(type, StandardCharsets.US_ASCII));
        assertEquals(side, b.getInt(), "width");
        assertEquals(side, b.getInt(), "height");
        assertEquals(1, b.get(), "bit depth");
        assertEquals(0, b.get(), "greyscale");
    }

    private static byte[] bytes(int[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
