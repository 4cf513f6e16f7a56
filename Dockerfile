# The meeting bot in a container: python slim, a non-root user, state on the /data volume.
#   docker build -t meeting-bot .
#   docker run -d --name meeting-bot -e TELEGRAM_BOT_TOKEN=... -v meeting-bot-data:/data meeting-bot
# compose.yaml does the same with the event file mounted read-only.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PTB_TIMEDELTA=1 \
    BOT_DB=/data/bot.sqlite3 \
    EMBEDDING_CACHE=/data/embeddings.sqlite3 \
    BACKUP_DIR=/data/backups \
    HEALTH_PORT=8081

WORKDIR /app
# .dockerignore keeps tests, benchmarks, the git history and any local database out.
COPY . .
RUN pip install --no-cache-dir . && rm -rf build *.egg-info

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin meetingbot \
    && mkdir -p /data/backups && chown -R meetingbot:meetingbot /data
USER meetingbot
VOLUME ["/data"]
# 8443: the webhook (put a TLS proxy in front); 8081: /health and /metrics.
EXPOSE 8443 8081

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "main.py", "health"]
STOPSIGNAL SIGTERM
CMD ["python", "main.py"]
