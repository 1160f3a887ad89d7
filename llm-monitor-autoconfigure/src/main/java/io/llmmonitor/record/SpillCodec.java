package io.llmmonitor.record;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.NameTransformer;

/**
 * A call record as one line of JSON in the spill file, and back. The record's nested
 * parts stay nested and every field is written, whatever the endpoints' JSON shape is.
 */
final class SpillCodec {

	private final ObjectMapper json = JsonMapper.builder().annotationIntrospector(new NestedFields()).build();

	byte[] write(LlmCall call) {
		return this.json.writeValueAsBytes(call);
	}

	LlmCall read(byte[] line, int offset, int length) {
		return this.json.readValue(line, offset, length, LlmCall.class);
	}

	// One JSON object a line.
	byte[] writeLines(List<LlmCall> calls) {
		ByteArrayOutputStream lines = new ByteArrayOutputStream(calls.size() * 1024);
		for (LlmCall call : calls) {
			lines.writeBytes(write(call));
			lines.write('\n');
		}
		return lines.toByteArray();
	}

	List<LlmCall> readLines(byte[] content) {
		List<LlmCall> calls = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < content.length; i++) {
			if (content[i] == '\n') {
				calls.add(read(content, start, i - start));
				start = i + 1;
			}
		}
		return calls;
	}

	private static final class NestedFields extends JacksonAnnotationIntrospector {

		private static final long serialVersionUID = 1L;

		@Override
		public @Nullable NameTransformer findUnwrappingNameTransformer(MapperConfig<?> config, AnnotatedMember member) {
			return null;
		}

		@Override
		public JsonInclude.Value findPropertyInclusion(MapperConfig<?> config, Annotated annotated) {
			return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
		}

	}

}
