"""The HTTP service. It only translates HTTP to calls into ``coach``: request and
response bodies are the coach's own models, errors are problem+json."""
