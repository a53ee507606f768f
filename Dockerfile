# ARA Assistant: migrations, then the bot (long polling).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/ara.sqlite3

WORKDIR /app
RUN useradd --create-home --uid 10001 ara

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY locales ./locales
RUN pip install --editable . && mkdir -p /app/data && chown ara:ara /app/data

USER ara
VOLUME ["/app/data"]
# `ara-bot run` applies pending migrations before it starts polling.
CMD ["ara-bot", "run"]
