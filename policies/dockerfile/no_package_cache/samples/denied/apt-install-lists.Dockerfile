# expect: dockerfile.no_package_cache.apt
FROM debian:12.8
RUN apt update && apt install -y curl
USER 1000
