# expect: dockerfile.cache.dnf
FROM fedora:41
RUN dnf install -y curl
USER 1000
