// @ts-check
// The reference: a plain node:http hello world, run in its own process so its CPU is measured apart.
import http from 'node:http';

const port = Number(process.env['PORT'] ?? 0);
const body = Buffer.from('Hello World');

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`hello-world listening on http://127.0.0.1:${actual}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
