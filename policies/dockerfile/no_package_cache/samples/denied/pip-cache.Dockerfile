# expect: dockerfile.no_package_cache.pip
FROM python:3.11.11
RUN pip install requests==2.32.3
USER 1000
