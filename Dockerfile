# The line's image (worker and API; docker-compose.yml picks the command per service) is the light install:
# no torch. The `adapt` target adds the `embeddings` extra for the one-shot step that fine-tunes the sentence
# encoder to the policy (compose's `encoder` service, the Kubernetes init container); nothing else uses it.
FROM python:3.11-slim AS line

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WARMLINE_DATA_DIR=/app/data \
    WARMLINE_POLICY=/app/policies/demo.yaml

WORKDIR /app
COPY . /app
RUN pip install '.[postgres]' \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin warmline \
    && mkdir -p /app/data /app/encoders \
    && chown warmline /app/data /app/encoders
USER warmline

EXPOSE 8000
# The API by default; the worker service runs `python worker.py`.
CMD ["uvicorn", "api.app:app", "--host", "0.0.0.0", "--port", "8000"]

# torch is pinned to its CPU build (pyproject.toml), which lives on PyTorch's own index, not PyPI.
FROM line AS adapt
USER root
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu '.[embeddings]'
USER warmline
CMD ["python", "-m", "activities.understanding.adapt", "--help"]

# `docker build .` without --target: the light line image.
FROM line
