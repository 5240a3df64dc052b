import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** One keep-alive socket pool: an HTTP and an HTTPS agent. */
export interface SocketPool {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

/** A keep-alive pool of `maxSockets` sockets per host. */
export function createSocketPool(maxSockets = 64): SocketPool {
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  return { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
}
