# expect: dockerfile.base_pinned.latest
FROM shlinkio/shlink:latest
USER 1001
