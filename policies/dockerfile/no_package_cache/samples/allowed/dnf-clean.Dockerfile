FROM fedora:41
RUN dnf install -y curl && dnf clean all
USER 1000
