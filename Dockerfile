# syntax=docker/dockerfile:1
# Hearken: one image for every instance. The build stage installs from the lockfile (`npm ci` runs
# `prepare`, which compiles to dist/ and creates the migrated embedded database to start from),
# then drops the dev dependencies; the runtime stage runs the compiled JavaScript with plain Node.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
# patch-package applies these to node_modules during npm ci (postinstall).
COPY patches ./patches
COPY src ./src
COPY adapters ./adapters
COPY db ./db
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# package.json says the compiled files are ES modules ("type": "module").
COPY --chown=node:node package.json ./
# The embedded database (only used without DATABASE_URL) needs a writable home.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node runs the app directly (no npm wrapper process), so `docker stop`'s SIGTERM reaches it.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
