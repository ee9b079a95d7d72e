# expect: dockerfile.user.root
FROM shlinkio/shlink:4.6.0
USER 1001
USER root
