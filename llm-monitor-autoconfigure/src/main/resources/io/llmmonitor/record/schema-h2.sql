-- Content is CHARACTER VARYING (up to 1,000,000,000 characters), kept in the row: H2 moves
-- CHARACTER LARGE OBJECT values longer than 256 bytes to separate LOB storage, which costs
-- every insert several more writes.
CREATE TABLE IF NOT EXISTS llm_call (
	id CHAR(36) NOT NULL,
	started_at TIMESTAMP WITH TIME ZONE NOT NULL,
	latency_ms BIGINT NOT NULL,
	time_to_first_token_ms BIGINT,
	project VARCHAR(255) NOT NULL,
	source VARCHAR(16) NOT NULL,
	provider VARCHAR(64) NOT NULL,
	operation VARCHAR(32) NOT NULL,
	requested_model VARCHAR(255),
	model VARCHAR(255),
	response_id VARCHAR(255),
	streamed BOOLEAN NOT NULL,
	model_requests INT NOT NULL,
	prompt_tokens BIGINT,
	completion_tokens BIGINT,
	total_tokens BIGINT,
	cached_tokens BIGINT,
	cache_write_tokens BIGINT,
	reasoning_tokens BIGINT,
	tokens_estimated BOOLEAN NOT NULL,
	cost_usd DECIMAL(24, 12),
	finish_reason VARCHAR(64),
	tool_calls CHARACTER VARYING,
	status VARCHAR(16) NOT NULL,
	http_status INT,
	error_type VARCHAR(255),
	error_message CHARACTER VARYING,
	thread_id VARCHAR(255),
	user_id VARCHAR(255),
	client_id VARCHAR(255),
	trace_id VARCHAR(64),
	span_id VARCHAR(32),
	request_options CHARACTER VARYING,
	messages CHARACTER VARYING,
	response_text CHARACTER VARYING,
	content_truncated BOOLEAN NOT NULL,
	CONSTRAINT llm_call_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS llm_call_started_at_idx ON llm_call (started_at);
CREATE INDEX IF NOT EXISTS llm_call_thread_id_idx ON llm_call (thread_id);

CREATE TABLE IF NOT EXISTS llm_call_attribute (
	call_id CHAR(36) NOT NULL,
	name VARCHAR(255) NOT NULL,
	attribute_value VARCHAR(1024) NOT NULL,
	CONSTRAINT llm_call_attribute_pk PRIMARY KEY (call_id, name)
);

CREATE INDEX IF NOT EXISTS llm_call_attribute_name_idx ON llm_call_attribute (name, attribute_value);

CREATE TABLE IF NOT EXISTS llm_call_tag (
	call_id CHAR(36) NOT NULL,
	tag VARCHAR(255) NOT NULL,
	CONSTRAINT llm_call_tag_pk PRIMARY KEY (call_id, tag)
);

CREATE INDEX IF NOT EXISTS llm_call_tag_tag_idx ON llm_call_tag (tag);

CREATE TABLE IF NOT EXISTS llm_call_rollup (
	bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
	project VARCHAR(255) NOT NULL,
	provider VARCHAR(64) NOT NULL,
	operation VARCHAR(32) NOT NULL,
	model VARCHAR(255) NOT NULL,
	requests BIGINT NOT NULL,
	errors BIGINT NOT NULL,
	prompt_tokens BIGINT NOT NULL,
	completion_tokens BIGINT NOT NULL,
	cached_tokens BIGINT NOT NULL,
	reasoning_tokens BIGINT NOT NULL,
	total_tokens BIGINT NOT NULL,
	cost_usd DECIMAL(30, 12) NOT NULL,
	unpriced BIGINT NOT NULL,
	latency_max_ms BIGINT NOT NULL,
	latency_le_00 BIGINT NOT NULL,
	latency_le_01 BIGINT NOT NULL,
	latency_le_02 BIGINT NOT NULL,
	latency_le_03 BIGINT NOT NULL,
	latency_le_04 BIGINT NOT NULL,
	latency_le_05 BIGINT NOT NULL,
	latency_le_06 BIGINT NOT NULL,
	latency_le_07 BIGINT NOT NULL,
	latency_le_08 BIGINT NOT NULL,
	latency_le_09 BIGINT NOT NULL,
	latency_le_10 BIGINT NOT NULL,
	latency_le_11 BIGINT NOT NULL,
	latency_le_12 BIGINT NOT NULL,
	latency_le_13 BIGINT NOT NULL,
	latency_le_14 BIGINT NOT NULL,
	latency_le_15 BIGINT NOT NULL,
	latency_le_16 BIGINT NOT NULL,
	latency_le_17 BIGINT NOT NULL,
	latency_le_18 BIGINT NOT NULL,
	latency_le_19 BIGINT NOT NULL,
	latency_le_20 BIGINT NOT NULL,
	latency_le_21 BIGINT NOT NULL,
	latency_le_22 BIGINT NOT NULL,
	latency_le_23 BIGINT NOT NULL,
	latency_le_24 BIGINT NOT NULL,
	CONSTRAINT llm_call_rollup_pk PRIMARY KEY (bucket_start, project, provider, operation, model)
);
