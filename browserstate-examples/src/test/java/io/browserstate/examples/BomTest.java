package io.browserstate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The BOM lists every published module of the reactor, each at the project's own version. */
class BomTest {
    /** Modules that are not libraries: never published, so not in the BOM. */
    private static final Set<String> UNPUBLISHED = Set.of("browserstate-bom", "browserstate-examples", "browserstate-bench",
            "browserstate-faults");

    private static Document read(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> texts(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    @Test
    @DisplayName("the BOM lists every published module and takes each version from the project, and has no parent")
    void bomListsEveryPublishedModule() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("pom.xml")).exists();
        List<String> published = new ArrayList<>(texts(read(root.resolve("pom.xml")), "module"));
        published.removeAll(UNPUBLISHED);

        Document bom = read(root.resolve("browserstate-bom/pom.xml"));
        assertThat(bom.getElementsByTagName("parent").getLength()).as("the BOM has no parent").isZero();
        NodeList deps = bom.getElementsByTagName("dependency");
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            listed.add(d.getElementsByTagName("artifactId").item(0).getTextContent().trim());
            assertThat(d.getElementsByTagName("groupId").item(0).getTextContent().trim()).as("only our artifacts").isEqualTo("io.browserstate");
            assertThat(d.getElementsByTagName("version").item(0).getTextContent().trim()).isEqualTo("${project.version}");
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
        assertThat(Files.readString(root.resolve("browserstate-bom/pom.xml"))).doesNotContain("<properties>", "<build>");
    }

    @Test
    @DisplayName("the parent and the BOM carry what Maven Central asks of a published POM, and the license file is there")
    void publishedPomsCarryTheirMetadata() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (Path pom : List.of(root.resolve("pom.xml"), root.resolve("browserstate-bom/pom.xml"))) {
            Document doc = read(pom);
            assertThat(texts(doc, "license").toString()).as(pom + " license").contains("Apache-2.0");
            assertThat(texts(doc, "url")).as(pom + " url").anySatisfy(u -> assertThat(u).startsWith("https://github.com/"));
            assertThat(texts(doc, "connection")).as(pom + " scm").singleElement().satisfies(c -> assertThat(c).startsWith("scm:git:"));
            assertThat(texts(doc, "developer")).as(pom + " developers").isNotEmpty();
            assertThat(texts(doc, "description")).as(pom + " description").singleElement().satisfies(d -> assertThat(d).isNotBlank());
        }
        assertThat(root.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
    }
}
