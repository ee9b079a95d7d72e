# expect: dockerfile.no_remote_add.remote-source
FROM debian:12.8
ADD git@github.com:example/tool.git /src/tool
USER 1000
