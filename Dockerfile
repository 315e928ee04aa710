# One image for the worker and the API; docker-compose.yml picks the command per service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WARMLINE_DATA_DIR=/app/data \
    WARMLINE_POLICY=/app/policies/demo.yaml

WORKDIR /app
COPY . /app
# torch is pinned to its CPU build (pyproject.toml), which lives on PyTorch's own index, not PyPI.
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu '.[postgres]' \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin warmline \
    && mkdir -p /app/data /app/encoders \
    && chown warmline /app/data /app/encoders
USER warmline

EXPOSE 8000
# The API by default; the worker service runs `python worker.py`.
CMD ["uvicorn", "api.app:app", "--host", "0.0.0.0", "--port", "8000"]
