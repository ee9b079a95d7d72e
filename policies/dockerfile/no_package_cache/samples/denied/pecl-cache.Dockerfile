# expect: dockerfile.no_package_cache.pecl
FROM shlinkio/shlink:4.6.0
USER root
RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS && pecl install redis && apk del .build-deps
USER 1001
