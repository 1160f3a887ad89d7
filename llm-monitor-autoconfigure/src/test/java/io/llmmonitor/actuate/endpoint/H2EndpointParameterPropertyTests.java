package io.llmmonitor.actuate.endpoint;

import io.llmmonitor.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link EndpointParameterPropertyTests} on the starter's embedded H2.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=llmcalls,llmusage",
				"spring.ai.openai.api-key=sk-unused" })
class H2EndpointParameterPropertyTests extends EndpointParameterPropertyTests {

}
