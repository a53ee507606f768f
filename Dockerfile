# ARA Assistant: migrations, then the bot (long polling, or webhook mode when WEBHOOK_URL is set).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/ara.sqlite3 \
    PHOTOS_DIR=/app/data/photos \
    LOG_FORMAT=json \
    HEALTH_PORT=8080

WORKDIR /app
RUN useradd --create-home --uid 10001 ara
# DejaVu Sans sets the participation contract's PDF, in French and in Arabic (PDF_FONT).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

# The dependencies first, from the lock: exact versions, every file's hash checked.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY locales ./locales
# Editable: content/ and locales/ are found beside the packages, in /app.
RUN pip install --no-deps --editable . && mkdir -p /app/data && chown ara:ara /app/data

USER ara
VOLUME ["/app/data"]
# The webhook (WEBHOOK_PORT) and /healthz: on this port in both modes (HEALTH_PORT when polling).
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["ara-bot", "health"]
# `ara-bot run` applies pending migrations before it starts; SIGTERM (docker stop) lets the
# messages being sent finish (SHUTDOWN_TIMEOUT_SECONDS, keep it under the stop grace period).
CMD ["ara-bot", "run"]
