# A pinned, digest-locked base; build deps removed; back to the non-root user.
FROM shlinkio/shlink:4.6.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
USER root
RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS && pecl install redis && apk del .build-deps
USER 1001
