# expect: dockerfile.no_package_cache.apk
FROM shlinkio/shlink:4.6.0
RUN apk add autoconf
USER 1001
