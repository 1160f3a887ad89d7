DROP TABLE IF EXISTS llm_usage_day;
DROP TABLE IF EXISTS llm_usage_hour;
DROP TABLE IF EXISTS llm_call_tag;
DROP TABLE IF EXISTS llm_call_attribute;
DROP TABLE IF EXISTS llm_call;
