# expect: dockerfile.no_remote_add.remote-source
FROM shlinkio/shlink:4.6.0
ADD https://example.org/redis.tgz /tmp/
USER 1001
