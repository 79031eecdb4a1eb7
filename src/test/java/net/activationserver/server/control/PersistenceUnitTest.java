package net.activationserver.server.control;

import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * persistence.xml lists its entities instead of having them scanned (each runtime scans archives its own way), so a new
 * entity that is not listed would be unknown to Hibernate on every runtime: this test names it.
 */
class PersistenceUnitTest {

    @Test
    void everyEntityIsListedInPersistenceXmlAndNothingElse() throws Exception {
        Path classes = Path.of("target/classes");
        Set<String> entities;
        try (Stream<Path> files = Files.walk(classes)) {
            entities = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(PersistenceUnitTest::isEntity)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = new TreeSet<>();
        try (InputStream xml = getClass().getResourceAsStream("/META-INF/persistence.xml")) {
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).getElementsByTagName("class");
            for (int i = 0; i < nodes.getLength(); i++) {
                listed.add(nodes.item(i).getTextContent().strip());
            }
        }
        assertEquals(entities, listed, "the <class> elements of META-INF/persistence.xml");
    }

    private static boolean isEntity(String name) {
        try {
            return Class.forName(name, false, PersistenceUnitTest.class.getClassLoader()).isAnnotationPresent(Entity.class);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
