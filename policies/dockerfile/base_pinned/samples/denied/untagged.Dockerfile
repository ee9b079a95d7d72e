# expect: dockerfile.base.untagged
FROM shlinkio/shlink
USER 1001
