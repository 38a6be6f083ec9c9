package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each SigV4 step alone. */
class SigningStepsTest {

    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource(delimiter = '|', value = {
        "''                     | /                    | /",
        "/                      | /                    | /",
        "//                     | /                    | //",
        "/./                    | /                    | /./",
        "/example/..            | /                    | /example/..",
        "/a/b/../c/./d/         | /a/c/d/              | /a/b/../c/./d/",
        "/a/b/..                | /a                  | /a/b/..",
        "/../a                  | /a                   | /../a",
        "//example//            | /example/            | //example//",
        "/example space/        | /example%20space/    | /example%20space/",
        "/example%20space/      | /example%2520space/  | /example%2520space/",
        "/ሴ                     | /%E1%88%B4           | /%E1%88%B4",
        "/a+b=c:d@e~f           | /a%2Bb%3Dc%3Ad%40e~f | /a%2Bb%3Dc%3Ad%40e~f",
    })
    void canonicalUri(String rawPath, String normalized, String unnormalized) {
        assertEquals(normalized, CanonicalUri.of(rawPath, true));
        assertEquals(unnormalized, CanonicalUri.of(rawPath, false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                    | ''",
        "Action=ListUsers&Version=2010-05-08   | Action=ListUsers&Version=2010-05-08",
        "b=2&a=1&a=0                           | a=0&a=1&b=2",
        "Param2=value2&Param1=value1           | Param1=value1&Param2=value2",
        "a-b=1&a=2                             | a=2&a-b=1",
        "flag&x=                               | flag=&x=",
        "a=1&&b=2&                             | a=1&b=2",
        "k=a b+c%2b%2Bd                        | k=a%20b%20c%2B%2Bd",
        "%e1%88%b4=x&ሴ=y                       | %E1%88%B4=x&%E1%88%B4=y",
        "%41%7e=%2F/                           | A~=%2F%2F",
        "k=%zz                                 | k=%25zz",
        "X-Amz-Date=20150830T123600Z&X-Amz-Signature=abc | X-Amz-Date=20150830T123600Z&X-Amz-Signature=abc",
    })
    void canonicalQueryString(String rawQuery, String canonical) {
        assertEquals(canonical, CanonicalQueryString.of(rawQuery));
    }

    @Test
    void canonicalQueryStringWithoutTheSignature() {
        assertEquals("X-Amz-Date=20150830T123600Z&a=1",
                CanonicalQueryString.of("X-Amz-Signature=abc&a=1&X-Amz-Date=20150830T123600Z", List.of("X-Amz-Signature")));
        assertEquals("a=1", CanonicalQueryString.of("X-Amz%2DSignature=abc&a=1", List.of("X-Amz-Signature")));
    }

    @Test
    void canonicalHeaders() {
        List<Header> headers = List.of(
                new Header("Host", "example.amazonaws.com"),
                new Header("My-Header1", "  a   b \t c  "),
                new Header("my-header1", "value1\n  value2\n     value3"),
                new Header("X-Amz-Date", "20150830T123600Z"),
                new Header("Unsigned", "x"));
        SignedHeaders signed = SignedHeaders.of(List.of("X-Amz-Date", "Host", "my-header1", "host"));

        assertEquals("host;my-header1;x-amz-date", signed.text());
        assertEquals("host:example.amazonaws.com\nmy-header1:a b c,value1 value2 value3\nx-amz-date:20150830T123600Z\n",
                CanonicalHeaders.of(headers, signed));
        assertEquals("", CanonicalHeaders.canonicalValue("   "));
        assertEquals("host:example.amazonaws.com\n",
                CanonicalHeaders.of(headers, SignedHeaders.parse("host;absent")));
    }

    @Test
    void signedHeadersKeepTheReceivedTextWhenSorted() {
        SignedHeaders sorted = SignedHeaders.parse("content-type;host;x-amz-date");
        assertEquals(List.of("content-type", "host", "x-amz-date"), sorted.names());
        assertEquals("content-type;host;x-amz-date", sorted.text());
        assertEquals("content-type;host;x-amz-date", SignedHeaders.parse("host;x-amz-date;content-type").text());
        assertEquals(List.of(), SignedHeaders.parse("").names());
    }

    @Test
    void payloadHash() {
        SignableRequest empty = new SignableRequest("GET", "/", "", List.of(), Payload.empty());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                PayloadHash.of(empty, SignedHeaders.parse("host")));

        SignableRequest declared = empty.withPayload(Payload.ofUtf8("Param1=value1"))
                .withHeader(new Header("X-Amz-Content-Sha256", " UNSIGNED-PAYLOAD "));
        assertEquals("UNSIGNED-PAYLOAD", PayloadHash.of(declared, SignedHeaders.parse("host;x-amz-content-sha256")));
        assertEquals("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                PayloadHash.of(declared, SignedHeaders.parse("host")));
    }

    /** The worked example of the AWS General Reference (IAM ListUsers, 2015-08-30). */
    @Test
    void awsDocumentationExample() {
        SignableRequest request = new SignableRequest("GET", "/", "Action=ListUsers&Version=2010-05-08", List.of(
                new Header("Host", "iam.amazonaws.com"),
                new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                new Header("X-Amz-Date", "20150830T123600Z")), Payload.empty());
        SignedHeaders signed = SignedHeaders.of(List.of("content-type", "host", "x-amz-date"));
        CanonicalRequest canonical = CanonicalRequest.of(request, signed, CanonicalQueryString.of(request.rawQuery()), true);
        assertEquals("""
                GET
                /
                Action=ListUsers&Version=2010-05-08
                content-type:application/x-www-form-urlencoded; charset=utf-8
                host:iam.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""", canonical.text());
        assertEquals("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", canonical.sha256Hex());

        CredentialScope scope = CredentialScope.of("20150830", "us-east-1", "iam");
        StringToSign stringToSign = StringToSign.of("20150830T123600Z", scope, canonical);
        assertEquals("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
                + "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", stringToSign.text());

        SigningKey key = SigningKey.derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", scope);
        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", key.hex());
        assertEquals("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", key.signHex(stringToSign.text()));
    }

    @Test
    void amzDate() {
        assertEquals(Instant.parse("2015-08-30T12:36:00Z"), AmzDate.parse("20150830T123600Z"));
        assertEquals("20150830T123600Z", AmzDate.format(Instant.parse("2015-08-30T12:36:00.999Z")));
        assertEquals("00010101T000000Z", AmzDate.format(Instant.parse("0001-01-01T00:00:00Z")));
        for (String bad : List.of("", "20150830T123600", "20150830T123600z", "2015083OT123600Z", "20150230T123600Z",
                "20150830T243600Z", "2015-08-30T12:36:00Z", "+0150830T123600Z")) {
            assertNull(AmzDate.parse(bad), bad);
        }
        assertEquals(Instant.parse("2015-08-30T12:36:00Z"), AmzDate.parseHttpDate("Sun, 30 Aug 2015 12:36:00 GMT"));
        assertNull(AmzDate.parseHttpDate("30 August"));
    }

    @Test
    void hex() {
        byte[] bytes = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff};
        assertEquals("00017f80ff", Hex.encode(bytes));
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff),
                toList(Hex.decodeLowerCase("00017f80ff", 5)));
        assertNull(Hex.decodeLowerCase("00017F80ff", 5));
        assertNull(Hex.decodeLowerCase("00017f80f", 5));
        assertNull(Hex.decodeLowerCase("00017f80fg", 5));
    }

    @Test
    void percentEncoding() {
        assertEquals("AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request",
                PercentEncoding.encode("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"));
        assertEquals("%E1%88%B4%20%F0%9F%98%80", PercentEncoding.encode("ሴ 😀"));
        assertEquals("ሴ a+/", PercentEncoding.decodeQueryElement("x%E1%88%B4+a%2b%2F", 1, 18));
        assertNull(PercentEncoding.malformedEscape("a=%41&b=%7e"));
        assertEquals("Illegal hex character in escape % pattern: %G1", PercentEncoding.malformedEscape("a=%41&b=%G1"));
        assertEquals("Incomplete trailing escape % sequence", PercentEncoding.malformedEscape("a=%4"));
    }

    @Test
    void valuesCheckTheirArguments() {
        assertThrows(NullPointerException.class, () -> new Header(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Header("", "x"));
        assertThrows(IllegalArgumentException.class, () -> new SignableRequest("", "/", "", List.of(), Payload.empty()));
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("AKID/X", "secret"));
        assertEquals("Credentials[accessKeyId=AKID, secretAccessKey=redacted, sessionToken=redacted]",
                Credentials.of("AKID", "secret", "token").toString());
        byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
        Payload payload = Payload.of(body);
        body[0] = 'x';
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", payload.sha256Hex());
    }

    private static List<Byte> toList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return List.of(boxed);
    }
}
