package net.activationserver.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The agent proves the protocol as a client would: it uses none of the server's classes. */
class AgentIndependenceTest {

    @Test
    void theAgentImportsNothingOfTheServer() throws Exception {
        Pattern server = Pattern.compile("net\\.activationserver\\.(?!agent\\b)[a-z]+");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/agent/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() > 5, "agent sources found: " + sources);
        for (Path source : sources) {
            Matcher uses = server.matcher(Files.readString(source));
            if (uses.find()) {
                fail(source + " uses the server's " + uses.group());
            }
            assertTrue(Files.readString(source).startsWith("package net.activationserver.agent;"), source.toString());
        }
    }

    @Test
    void everyProblemCodeOfApiMdHasItsOwnExitCode() {
        List<String> codes = List.of("ASL_LIMIT_REACHED", "ASL_TYPE_EXHAUSTED", "ASL_PLATFORM_MISMATCH", "ASL_UNKNOWN_LICENSE_TYPE",
                "ASL_NOT_AN_APPLIANCE", "ASL_BAD_INSTANCE_TOKEN", "ASL_INVALID_REQUEST", "ASL_UNKNOWN_INSTANCE", "ASL_RATE_LIMITED",
                "ASL_INSTANCE_IN_USE");
        assertEquals(codes.size(), codes.stream().map(Exit::forProblem).distinct().count());
        assertEquals(Exit.REFUSED, Exit.forProblem("SOMETHING_NEW"));
        assertEquals(Exit.DEREGISTERED, Exit.forProblem("ASL_DEREGISTERED"));
    }
}
