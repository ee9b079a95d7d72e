# expect: dockerfile.no_remote_add.remote-source
FROM debian:12.8
ADD HTTPS://example.org/tool.tar.gz /tmp/
USER 1000
