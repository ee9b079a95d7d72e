# expect: dockerfile.no_package_cache.apt
FROM debian:12.8
RUN apt-get update && apt-get install -y curl
USER 1000
