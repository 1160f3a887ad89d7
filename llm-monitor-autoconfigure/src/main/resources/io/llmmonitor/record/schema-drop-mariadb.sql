DROP TABLE IF EXISTS llm_call_rollup_day;
DROP TABLE IF EXISTS llm_call_rollup;
DROP TABLE IF EXISTS llm_call_tag;
DROP TABLE IF EXISTS llm_call_attribute;
DROP TABLE IF EXISTS llm_call;
