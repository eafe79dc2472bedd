# syntax=docker/dockerfile:1
# Hearken: one image for every instance. Runs TypeScript through tsx (a production dependency), so
# there is no build step; the first stage only installs production dependencies from the lockfile.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node adapters ./adapters
COPY --chown=node:node db ./db
# The embedded database (only used without DATABASE_URL) needs a writable home.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node runs the app directly (no npm or tsx wrapper process), so `docker stop`'s SIGTERM reaches it.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
