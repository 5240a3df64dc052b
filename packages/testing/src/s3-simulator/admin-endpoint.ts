import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './request-body.js';
import type { SimulatorState } from './simulator-state.js';
import type { SeedSpec, SimulatorFaults } from './types.js';

export interface AdminContext {
  state: SimulatorState;
  faults(): SimulatorFaults;
  setFaults(change: Partial<SimulatorFaults>): SimulatorFaults;
  resetStats(): void;
}

/**
 * Control plane for tests and the bench, never counted or delayed:
 * `GET /_sim/stats`, `POST /_sim/reset`, `GET|POST /_sim/config`, `POST /_sim/seed`,
 * `POST /_sim/clear`, `GET /_sim/buckets`.
 */
export async function handleAdmin(
  url: { pathname: string },
  request: IncomingMessage,
  response: ServerResponse,
  context: AdminContext,
): Promise<void> {
  const reply = (status: number, value: unknown) => {
    const body = JSON.stringify(value);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  };
  try {
    const raw = request.method === 'POST' ? await readBody(request, () => 0) : Buffer.alloc(0);
    const input: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    const { state } = context;
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /_sim/stats':
        return reply(200, state.stats);
      case 'POST /_sim/reset':
        context.resetStats();
        return reply(200, state.stats);
      case 'GET /_sim/config':
        return reply(200, context.faults());
      case 'POST /_sim/config':
        return reply(200, context.setFaults(input as Partial<SimulatorFaults>));
      case 'POST /_sim/seed': {
        const specs = (Array.isArray(input) ? input : [input]) as SeedSpec[];
        return reply(200, { seeded: specs.reduce((sum, spec) => sum + state.seed(spec), 0) });
      }
      case 'POST /_sim/clear': {
        const { bucket, prefix } = input as { bucket: string; prefix?: string };
        return reply(200, { deleted: state.clear(bucket, prefix) });
      }
      case 'GET /_sim/buckets':
        return reply(
          200,
          Object.fromEntries([...state.buckets.values()].map((b) => [b.name, b.objects.size])),
        );
      default:
        return reply(404, { error: `unknown admin endpoint ${request.method} ${url.pathname}` });
    }
  } catch (error) {
    reply(400, { error: String((error as Error).message ?? error) });
  }
}
