package dev.granary.spec.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The canonical JSON form of a {@link RepoSpec} ({@code *.granary.json}, the body of the REST API's plan and
 * apply), as in {@code contract.md}.
 *
 * <p>Writing is canonical: a fixed key order, two-space indentation, lists always written, {@code column} and
 * {@code createdTimestampField} only when present; equal specs give equal text and
 * {@code read(write(spec)).equals(spec)}.
 *
 * <p>Reading checks structure: missing required fields, values of the wrong JSON type, unknown types
 * ({@code FLOAT65}) and functions, and unknown fields that look like a misspelling of a known one. Other unknown
 * fields are ignored so that newer writers can add some. When the structure is broken, the rest of the spec is
 * validated too and every problem, structural or not, is reported at once in one {@link SpecInvalidException}.
 * A spec that reads cleanly is returned unvalidated: run {@code SpecValidator} on it.
 */
public final class SpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("").withObjectEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private SpecJson() {
    }

    /** The canonical, pretty-printed JSON of {@code spec}, ending with a newline. */
    public static String write(RepoSpec spec) {
        requireNonNull(spec, "spec is null");
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(SpecWriter.tree(spec)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write spec of project " + spec.project(), e);
        }
    }

    /**
     * Parses canonical JSON.
     *
     * @throws SpecInvalidException with every problem found (a syntax error is one problem at path {@code $})
     */
    public static RepoSpec read(String json) {
        requireNonNull(json, "json is null");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecInvalidException(List.of(new SpecError("$", "not valid JSON: " + e.getOriginalMessage()
                    + location(e), "fix the JSON syntax at that place")));
        }
        if (root == null || root.isMissingNode()) {
            throw new SpecInvalidException(List.of(new SpecError("$", "the spec is empty",
                    "write a JSON object such as {\"project\": \"rides\", \"entities\": [], ...}")));
        }
        return fromTree(root);
    }

    /**
     * Reads a spec file.
     *
     * @throws IOException when the file cannot be read
     * @throws SpecInvalidException with every problem in its content
     */
    public static RepoSpec read(Path file) throws IOException {
        return read(Files.readString(requireNonNull(file, "file is null")));
    }

    /** The canonical tree of {@code spec}, for embedding in a larger JSON document. */
    public static ObjectNode toTree(RepoSpec spec) {
        return SpecWriter.tree(requireNonNull(spec, "spec is null"));
    }

    /**
     * A spec from a tree, for a spec embedded in a larger JSON document; errors as {@link #read(String)}.
     *
     * @throws SpecInvalidException with every problem found
     */
    public static RepoSpec fromTree(JsonNode tree) {
        return SpecReader.read(tree);
    }

    /**
     * A Jackson module that (de)serialises {@link RepoSpec} in its canonical form inside any document an
     * {@link ObjectMapper} handles. A broken spec makes deserialisation throw {@link SpecInvalidException}; Jackson
     * may wrap it when the spec is nested, so callers that want the error list should take a {@link JsonNode} and
     * call {@link #fromTree(JsonNode)}.
     */
    public static Module module() {
        SimpleModule module = new SimpleModule("granary-spec");
        module.addSerializer(RepoSpec.class, new JsonSerializer<>() {
            @Override
            public void serialize(RepoSpec spec, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeTree(toTree(spec));
            }
        });
        module.addDeserializer(RepoSpec.class, new JsonDeserializer<>() {
            @Override
            public RepoSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return fromTree(parser.readValueAsTree());
            }
        });
        return module;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
