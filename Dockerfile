# practice-peers: the API server on Node 20.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
# node directly (not npm) so SIGTERM from the container runtime reaches the server.
CMD ["node", "--import", "tsx", "src/server.ts"]
