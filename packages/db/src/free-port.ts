import getPort from 'get-port';

/**
 * A free loopback port for a server we start ourselves. get-port also remembers the ports
 * it handed out for a while, so two servers started back to back never get the same one.
 */
export function findFreePort(): Promise<number> {
  return getPort({ host: '127.0.0.1' });
}
