package io.llmmonitor.sample;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * A tool the model can call.
 */
class WeatherTools {

	@Tool(description = "Current weather in a city")
	String currentWeather(@ToolParam(description = "City name") String city) {
		int temperature = 8 + Math.floorMod(city.hashCode(), 20);
		return "{\"city\":\"" + city + "\",\"temperatureC\":" + temperature + ",\"sky\":\"partly cloudy\"}";
	}

}
