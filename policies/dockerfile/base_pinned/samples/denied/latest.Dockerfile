# expect: dockerfile.base.latest
FROM shlinkio/shlink:latest
USER 1001
