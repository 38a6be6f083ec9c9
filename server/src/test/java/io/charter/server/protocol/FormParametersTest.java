package io.charter.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormParametersTest {

    private static FormParameters form(String body) {
        return FormParameters.parseForm(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void decodesPlusPercentAndKeepsOrder() {
        FormParameters p = form("Action=AssumeRole&Version=2011-06-15&A=a+b%2Bc&B=%C3%A9%E2%82%AC&C=&D&&E=x%3Dy=z&");
        assertEquals(List.of("Action", "Version", "A", "B", "C", "D", "E"), List.copyOf(p.names()));
        assertEquals(Optional.of("a b+c"), p.first("A"));
        assertEquals(Optional.of("é€"), p.first("B"));
        assertEquals(Optional.of(""), p.first("C"));
        assertEquals(Optional.of(""), p.first("D"));
        assertEquals(Optional.of("x=y=z"), p.first("E"));
        assertEquals(Optional.empty(), p.first("Missing"));
        assertEquals(7, p.size());
    }

    @Test
    void parsesRawQueryStrings() {
        FormParameters p = FormParameters.parseQuery("Action=GetCallerIdentity&Version=2011-06-15"
                + "&X-Amz-Credential=AKIAEXAMPLE%2F20261123%2Fus-east-1%2Fsts%2Faws4_request");
        assertEquals(Optional.of("AKIAEXAMPLE/20261123/us-east-1/sts/aws4_request"), p.first("X-Amz-Credential"));
        assertEquals(Map.of(), FormParameters.parseQuery("").asMap());
    }

    @Test
    void emptyNamesAreIgnored() {
        assertEquals(Map.of("a", "1"), form("=x&a=1&=").asMap());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A=%", "A=%4", "A=%zz", "A=%G1", "A%=1", "A=1%2", "A=%%41"})
    void badEscapesAreMalformedQueryString(String body) {
        ServiceException e = assertThrows(ServiceException.class, () -> form(body));
        assertEquals(AwsErrorCode.MALFORMED_QUERY_STRING, e.errorCode());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().startsWith("The query string contains an invalid percent-encoding: '%"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A=%FF", "A=%C3%28", "A=%ED%A0%80", "A=%E2%82", "%C0%AF=1", "A=%F8%88%80%80%80"})
    void invalidUtf8IsMalformedQueryString(String body) {
        ServiceException e = assertThrows(ServiceException.class, () -> form(body));
        assertEquals(AwsErrorCode.MALFORMED_QUERY_STRING, e.errorCode());
        assertEquals("The query string is not valid UTF-8 after percent-decoding", e.getMessage());
    }

    @Test
    void rawInvalidUtf8BytesAreMalformedQueryString() {
        byte[] body = {'A', '=', (byte) 0xC3, '(', '&'};
        ServiceException e = assertThrows(ServiceException.class, () -> FormParameters.parseForm(body));
        assertEquals(AwsErrorCode.MALFORMED_QUERY_STRING, e.errorCode());
    }

    @Test
    void duplicateNamesAreMalformedQueryString() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> form("Action=AssumeRole&RoleArn=a&RoleArn=b"));
        assertEquals(AwsErrorCode.MALFORMED_QUERY_STRING, e.errorCode());
        assertEquals("The parameter 'RoleArn' appears more than once in the request", e.getMessage());
        // The same name reached by two spellings is still a duplicate.
        assertThrows(ServiceException.class, () -> form("Role%41rn=a&RoleArn=b"));
    }

    @Test
    void malformedFormsBecomeErrorEnvelopesThroughTheCodec() {
        QueryCodec codec = TestSupport.stsAndIam();
        for (String body : List.of("Action=GetCallerIdentity&Version=2011-06-15&A=%zz", "A=%FF", "A=1&A=2")) {
            ServiceException e = assertThrows(ServiceException.class, () -> form(body));
            String xml = new String(codec.encodeError(null, e, "r"), StandardCharsets.UTF_8);
            assertTrue(xml.startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                    + "<Type>Sender</Type><Code>MalformedQueryString</Code><Message>"), xml);
        }
    }

    @Test
    void hostileShapesNeverThrowAnythingButServiceException() {
        QueryCodec codec = TestSupport.stsAndIam();
        String base = "Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=x&ActionNames.member.1=abc";
        // Too deep, or list entries that cannot be placed: refused, never dropped (dropping could widen a request).
        for (String hostile : List.of("&ContextEntries" + ".member.1".repeat(5000) + "=x",
                "&ActionNames.member.999999999999=x", "&ActionNames.member.=x", "&ActionNames.member.01=x")) {
            ServiceException e = assertThrows(ServiceException.class, () -> codec.decode(form(base + hostile), Optional.of("iam")));
            assertEquals(AwsErrorCode.MALFORMED_QUERY_STRING, e.errorCode(), hostile);
        }
        DecodedRequest r = codec.decode(form(base + "&ActionNames.member.999999999=abd"
                + "&ContextEntries.member.1.ContextKeyValues=notalist&PolicyInputList.member.1.x=y"), Optional.of("iam"));
        assertEquals(List.of("abc", "abd"), r.input().stringList("ActionNames"));
    }
}
