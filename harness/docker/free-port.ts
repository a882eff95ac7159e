import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that the OS just handed out and that nothing holds now. For a process that must be
 * told its port before it starts (a container on the host network reads it from PORT) and so cannot listen
 * on 0 itself. Another process could take the port in between; the OS hands out recently freed ports last,
 * which keeps that rare, and the caller's wait for the port then fails loudly rather than hangs.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`could not read the port the OS gave on ${host}`));
        return;
      }
      server.close((error) => (error ? reject(error) : resolve(address.port)));
    });
  });
}
