# Gatehouse in a container: build with the full toolchain, run as a non-root user on Node 24 LTS.
#   docker build -t gatehouse .
#   docker run -p 3000:3000 -e DATABASE_URL=postgresql://… -e NEXTAUTH_URL=… -e NEXTAUTH_SECRET=… … gatehouse
# The container runs `npm run start:production` (configuration check, `prisma migrate deploy`, Gatehouse's server),
# logs JSON lines on stdout, drains its requests on SIGTERM (docker stop), and reports liveness to HEALTHCHECK.
# Readiness for a load balancer or Kubernetes is GET /api/health/ready. See README "Running in production".

# --- build: every dependency (node-pty, a devDependency, compiles with node-gyp), `npm run build`, then only the
# --- production dependencies are kept
FROM node:24-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV NEXT_TELEMETRY_DISABLED=1
# The lock file decides every version (npm ci refuses a lock file out of step with package.json). The postinstall
# step (prisma generate) needs the schema and prisma.config.ts.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

# --- run: the built app, production dependencies, a non-root user
FROM node:24-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    GATEHOUSE_DATA_DIR=/app/data
COPY --from=build --chown=node:node /app /app
# The embedded PGlite database (only when DATABASE_URL is not set: one instance) lives in /app/data.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The script is `exec node …`, so the SIGTERM npm passes on reaches Gatehouse itself (a shell in between would drop it).
CMD ["npm", "run", "start:production"]
