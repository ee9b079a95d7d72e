# expect: dockerfile.no_package_cache.dnf
FROM fedora:41
RUN dnf install -y curl
USER 1000
