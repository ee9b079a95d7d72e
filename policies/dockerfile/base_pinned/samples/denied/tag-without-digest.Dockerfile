# expect: dockerfile.base_pinned.no-digest
# warn only
FROM shlinkio/shlink:4.6.0
USER 1001
