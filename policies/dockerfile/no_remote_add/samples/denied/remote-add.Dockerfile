# expect: dockerfile.add.remote
FROM shlinkio/shlink:4.6.0
ADD https://example.org/redis.tgz /tmp/
USER 1001
