# syntax=docker/dockerfile:1
# cellfacts: install the locked dependencies (hashes checked), build the wheel with the locked
# build tools, then run it as a non-root user.

FROM python:3.11.7-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements/ requirements/
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-compile --require-hashes -r requirements/runtime.txt \
 && python -m venv /opt/build \
 && /opt/build/bin/pip install --require-hashes -r requirements/build.txt
COPY pyproject.toml README.md CONTENT.md ./
COPY bot/ bot/
COPY intents/ intents/
COPY responses/ responses/
COPY seeds/ seeds/
RUN /opt/build/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /tmp/wheels . \
 && /opt/venv/bin/pip install --no-deps --no-compile /tmp/wheels/cellfacts-*.whl \
 && /opt/venv/bin/python -m bot check --content /src

FROM python:3.11.7-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    CONTENT_DIR=/app/content \
    DATA_DIR=/data
RUN groupadd --system --gid 10001 cellfacts \
 && useradd --system --uid 10001 --gid cellfacts --home-dir /app --shell /usr/sbin/nologin cellfacts \
 && mkdir -p /app/content /data \
 && chown cellfacts:cellfacts /data
COPY --from=build /opt/venv /opt/venv
COPY --chown=root:root intents/ /app/content/intents/
COPY --chown=root:root responses/ /app/content/responses/
COPY --chown=root:root seeds/ /app/content/seeds/
WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-m", "bot", "healthcheck"]
CMD ["python", "-m", "bot", "run"]
