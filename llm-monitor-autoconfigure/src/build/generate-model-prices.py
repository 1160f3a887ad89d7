#!/usr/bin/env python3
"""Generates llm-monitor's built-in price catalog from a dated LiteLLM price list.

Usage: generate-model-prices.py MODEL_PRICES_JSON > ../main/resources/io/llmmonitor/cost/model-prices.tsv

The input is a filtered copy of LiteLLM's model_prices_and_context_window.json with a
"source"/"retrieved" header (USD per token). The output is tab-separated, USD per
1M tokens, exact decimals, one model a line, behind '#' lines naming source and date.
"""
import json
import sys
from decimal import Decimal

FIELDS = [
    ("input_cost_per_token", "input"),
    ("output_cost_per_token", "output"),
    ("cache_read_input_token_cost", "cached_input"),
    ("cache_creation_input_token_cost", "cache_write"),
    (None, "cache_write_1h"),
    ("output_cost_per_reasoning_token", "reasoning"),
]

# Anthropic bills a cache write kept for one hour at twice the input rate (a five-minute
# write, the list's cache_creation_input_token_cost, at 1.25 times); the list has no
# column of its own for it.
ONE_HOUR_CACHE_WRITE = Decimal(2)


def one_hour_cache_write(model):
    if model.get("litellm_provider") != "anthropic" or "cache_creation_input_token_cost" not in model:
        return None
    return Decimal(repr(model["input_cost_per_token"])) * ONE_HOUR_CACHE_WRITE


def per_million(value):
    if value is None:
        return ""
    d = (value if isinstance(value, Decimal) else Decimal(repr(value))) * Decimal(1_000_000)
    text = format(d.normalize(), "f")
    return text


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    upstream = data.get("upstream", {})
    out = sys.stdout
    out.write("# llm-monitor built-in model prices, USD per 1M tokens.\n")
    out.write(f"# Source: {data['source']}\n")
    out.write(f"# Upstream: {upstream.get('repo')} {upstream.get('path')} as of {upstream.get('as_of')}"
              f" (license {upstream.get('license')}, Copyright (c) 2023 Berri AI)\n")
    out.write(f"# Retrieved: {data['retrieved']}\n")
    out.write("# cache_write_1h: Anthropic's one-hour cache writes, twice the input rate (not in the source list)\n")
    out.write("# Columns: model, provider, mode, " + ", ".join(name for _, name in FIELDS) + "\n")
    for key in sorted(data["models"]):
        model = data["models"][key]
        if "input_cost_per_token" not in model and "output_cost_per_token" not in model:
            continue
        row = [key, model.get("litellm_provider", ""), model.get("mode", "")]
        row += [per_million(model.get(field) if field else one_hour_cache_write(model)) for field, _ in FIELDS]
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
