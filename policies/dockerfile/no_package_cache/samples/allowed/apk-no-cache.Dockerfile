FROM shlinkio/shlink:4.6.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
USER root
RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS && pecl install redis && apk del .build-deps && rm -rf /tmp/pear
USER 1001
