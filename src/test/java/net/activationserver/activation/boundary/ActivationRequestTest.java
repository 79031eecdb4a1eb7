package net.activationserver.activation.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.api.JsonBody;
import net.activationserver.server.entity.ProblemCode;
import net.activationserver.licensing.entity.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationRequestTest {

    private static final String GOOD = "{\"mac\": \"00:50:56:AB:CD:EF\", \"platform\": \"VMWARE\", \"hostname\": \"lm-edge-1\","
            + " \"licenseType\": \"VLM-MAX\", \"build\": \"7.2.59.0\"}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InvalidRequestException invalid(String body) {
        return invalid(utf8(body));
    }

    private static InvalidRequestException invalid(byte[] body) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ActivationRequest.parse(body));
        assertEquals(ProblemCode.ASL_INVALID_REQUEST, e.code());
        assertEquals(400, e.status());
        return e;
    }

    private static Set<String> fields(AslException e) {
        return e.errors().stream().map(AslException.FieldError::field).collect(Collectors.toSet());
    }

    // ---- accepted ----

    @Test
    void goodBody() {
        ActivationRequest request = ActivationRequest.parse(utf8(GOOD));
        assertEquals("00:50:56:AB:CD:EF", request.mac().value());
        assertEquals(Platform.VMWARE, request.platform());
        assertEquals("lm-edge-1", request.hostname());
        assertEquals("VLM-MAX", request.licenseType());
        assertEquals("7.2.59.0", request.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:50:56:ab:cd:ef", "00-50-56-AB-CD-EF", "005056abcdef"})
    void macIsCanonicalised(String mac) {
        ActivationRequest request = ActivationRequest.parse(utf8(GOOD.replace("00:50:56:AB:CD:EF", mac)));
        assertEquals("00:50:56:AB:CD:EF", request.mac().value());
    }

    @Test
    void hostnameAndBuildAreOptional() {
        ActivationRequest request = ActivationRequest.parse(utf8(
                "{\"mac\": \"005056abcdef\", \"platform\": \"KVM\", \"licenseType\": \"VLM-5000G\"}"));
        assertNull(request.hostname());
        assertNull(request.build());
        assertEquals(Platform.KVM, request.platform());
        ActivationRequest withNulls = ActivationRequest.parse(utf8(
                "{\"mac\": \"005056abcdef\", \"platform\": \"KVM\", \"licenseType\": \"VLM-5000G\", \"hostname\": null, \"build\": null}"));
        assertNull(withNulls.hostname());
    }

    @Test
    void hostnameOf253CharactersIsAccepted() {
        String hostname = hostname(253);
        assertEquals(253, hostname.length());
        assertEquals(hostname, ActivationRequest.parse(utf8(GOOD.replace("lm-edge-1", hostname))).hostname());
    }

    @Test
    void everyPlatformIsAccepted() {
        for (Platform platform : Platform.values()) {
            assertEquals(platform, ActivationRequest.parse(utf8(GOOD.replace("VMWARE", platform.name()))).platform());
        }
    }

    /** A valid host name of exactly {@code length} characters: 63-character labels joined by dots. */
    private static String hostname(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            int label = Math.min(63, length - sb.length());
            sb.append("a".repeat(label));
        }
        return sb.toString();
    }

    // ---- refused: the body as a whole ----

    @ParameterizedTest
    @ValueSource(strings = {"{\"mac\": ", "{mac: 1}", "not json", "{\"mac\": \"00:50:56:AB:CD:EF\",}", "\"just a string\"", "[]",
            "[" + GOOD + "]", "42", "null", "", "   "})
    void malformedOrNonObjectBodyIsRefused(String body) {
        InvalidRequestException e = invalid(body);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void noBodyIsRefused() {
        invalid(new byte[0]);
        invalid((byte[]) null);
    }

    // ---- refused: one field ----

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("missing mac", GOOD.replace("\"mac\": \"00:50:56:AB:CD:EF\", ", ""), "mac"),
                Arguments.of("mac null", GOOD.replace("\"00:50:56:AB:CD:EF\"", "null"), "mac"),
                Arguments.of("mac a number", GOOD.replace("\"00:50:56:AB:CD:EF\"", "123"), "mac"),
                Arguments.of("mac empty", GOOD.replace("00:50:56:AB:CD:EF", ""), "mac"),
                Arguments.of("mac 5 octets", GOOD.replace("00:50:56:AB:CD:EF", "00:50:56:AB:CD"), "mac"),
                Arguments.of("mac mixed separators", GOOD.replace("00:50:56:AB:CD:EF", "00:50-56:AB:CD:EF"), "mac"),
                Arguments.of("mac broadcast", GOOD.replace("00:50:56:AB:CD:EF", "ff:ff:ff:ff:ff:ff"), "mac"),
                Arguments.of("mac all zero", GOOD.replace("00:50:56:AB:CD:EF", "00:00:00:00:00:00"), "mac"),
                Arguments.of("unknown platform", GOOD.replace("VMWARE", "VAX"), "platform"),
                Arguments.of("lower-case platform", GOOD.replace("VMWARE", "vmware"), "platform"),
                Arguments.of("missing platform", GOOD.replace("\"platform\": \"VMWARE\", ", ""), "platform"),
                Arguments.of("hostname of 254 characters", GOOD.replace("lm-edge-1", hostname(254)), "hostname"),
                Arguments.of("hostname with a space", GOOD.replace("lm-edge-1", "lm edge 1"), "hostname"),
                Arguments.of("hostname with a leading hyphen", GOOD.replace("lm-edge-1", "-lm"), "hostname"),
                Arguments.of("hostname with a label of 64", GOOD.replace("lm-edge-1", "a".repeat(64)), "hostname"),
                Arguments.of("hostname empty", GOOD.replace("lm-edge-1", ""), "hostname"),
                Arguments.of("hostname a number", GOOD.replace("\"lm-edge-1\"", "7"), "hostname"),
                Arguments.of("unknown field foo", GOOD.replace("{", "{\"foo\": 1, "), "foo"),
                Arguments.of("missing licenseType", GOOD.replace(", \"licenseType\": \"VLM-MAX\"", ""), "licenseType"),
                Arguments.of("lower-case licenseType", GOOD.replace("VLM-MAX", "vlm-max"), "licenseType"),
                Arguments.of("blank licenseType", GOOD.replace("VLM-MAX", "  "), "licenseType"),
                Arguments.of("build with a space", GOOD.replace("7.2.59.0", "7.2 59"), "build"),
                Arguments.of("build of 65 characters", GOOD.replace("7.2.59.0", "7".repeat(65)), "build"),
                Arguments.of("build a number", GOOD.replace("\"7.2.59.0\"", "7.2"), "build"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void badFieldIsNamed(String name, String body, String field) {
        InvalidRequestException e = invalid(body);
        assertEquals(Set.of(field), fields(e), () -> name + ": " + e.errors());
        AslException.FieldError error = e.errors().get(0);
        assertTrue(error.message() != null && !error.message().isBlank());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        String body = "{\"mac\": \"nope\", \"platform\": \"VAX\", \"hostname\": \"bad host\", \"licenseType\": \"vlm\","
                + " \"build\": \"a b\", \"foo\": true}";
        InvalidRequestException e = invalid(body);
        assertEquals(Set.of("mac", "platform", "hostname", "licenseType", "build", "foo"), fields(e), e.errors().toString());
        assertEquals(6, e.errors().size());
        assertTrue(e.getMessage().contains("5 more"), e.getMessage());
    }

    @Test
    void missingRequiredFieldsAreReportedTogether() {
        InvalidRequestException e = invalid("{}");
        assertEquals(Set.of("mac", "platform", "licenseType"), fields(e));
        List<String> messages = e.errors().stream().map(AslException.FieldError::message).toList();
        assertTrue(messages.stream().allMatch(m -> m.contains("required")), messages.toString());
    }

    // ---- refused: strict reading (trailing text, duplicate keys) ----

    @ParameterizedTest
    @ValueSource(strings = {" garbage", " {}", "]"})
    void trailingTextAfterTheObjectIsRefused(String trailer) {
        InvalidRequestException e = invalid(GOOD + trailer);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void duplicatedTopLevelKeyIsRefusedAndNamed() {
        String body = "{\"mac\": \"00:50:56:AB:CD:EF\", \"mac\": \"00:50:56:AB:CD:EE\", \"platform\": \"VMWARE\","
                + " \"licenseType\": \"VLM-MAX\"}";
        InvalidRequestException e = invalid(body);
        assertEquals(Set.of("mac"), fields(e), e.errors().toString());
        assertTrue(e.getMessage().contains("mac"), e.getMessage());
    }

    @Test
    void duplicatedKeyInsideANestedObjectIsNoCrash() {
        // "extra" is unknown anyway; the repeated key one level down must not make the reader fail in another way
        String body = GOOD.replace("{", "{\"extra\": {\"a\": 1, \"a\": 2, \"b\": [{\"c\": 1, \"c\": 2}]}, ");
        InvalidRequestException e = invalid(body);
        assertEquals(Set.of("extra"), fields(e), e.errors().toString());
    }

    // ---- JsonBody directly ----

    @Test
    void emptyOptionalBodyIsAnEmptyObject() {
        JsonBody json = JsonBody.parse(new byte[0], true, Set.of("build"));
        assertNull(json.string("build", false, 64));
        assertNull(json.whole("uptimeSeconds", 0, Long.MAX_VALUE));
        assertDoesNotThrow(json::requireValid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"12\""})
    void wholeRefusesNegativeFractionalAndText(String value) {
        JsonBody json = JsonBody.parse(utf8("{\"uptimeSeconds\": " + value + "}"), true, Set.of("uptimeSeconds"));
        assertNull(json.whole("uptimeSeconds", 0, Long.MAX_VALUE));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, json::requireValid);
        assertEquals(ProblemCode.ASL_INVALID_REQUEST, e.code());
        assertEquals(400, e.status());
        assertEquals(Set.of("uptimeSeconds"), fields(e), e.errors().toString());
    }

    @Test
    void wholeAcceptsAWholeNumberInRange() {
        JsonBody json = JsonBody.parse(utf8("{\"uptimeSeconds\": 123}"), true, Set.of("uptimeSeconds"));
        assertEquals(123L, json.whole("uptimeSeconds", 0, Long.MAX_VALUE));
        assertDoesNotThrow(json::requireValid);
    }
}
