# syntax=docker/dockerfile:1
FROM debian:12.8
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl
USER 1000
