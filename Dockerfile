# The Safeguarding Oversight dashboard with the bundled published data.
# docker build -t safeguarding-oversight . && docker run --rm -p 127.0.0.1:8501:8501 safeguarding-oversight
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt pyproject.toml README.md ./
RUN python -m pip install -r requirements.txt

COPY etl/ etl/
COPY oversight/ oversight/
COPY pages/ pages/
COPY dashboard.py ./
COPY .streamlit/ .streamlit/
COPY data/published/ data/published/
RUN python -m pip install --no-deps -e . \
    && oversight build --quiet \
    && useradd --create-home --uid 10001 oversight

USER oversight
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["oversight", "serve", "--host", "0.0.0.0", "--port", "8501"]
