// Runs inside the FROM-scratch image built by scratch-node-context.test.ts: there is no shell and no other
// program, only the host's node. It proves the image starts, reads its environment and serves on the host
// network, and answers with facts only a container would give (node is PID 1 in its own PID namespace).
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error(`PORT must be a TCP port, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}

const server = createServer((req, res) => {
  const body = JSON.stringify({
    greeting: process.env.GREETING ?? null,
    node: process.version,
    pid: process.pid,
    path: req.url,
  });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});

// As PID 1, node gets no default SIGTERM handling: without this, `docker stop` waits its full grace period.
process.on('SIGTERM', () => process.exit(0));

server.listen(port, '127.0.0.1', () => console.log(`hello-server listening on 127.0.0.1:${port}`));
