/**
 * The baseline of `resolve.ts`: Fastify 5 with one POST route that parses a JSON body and answers a
 * small JSON object, in its own process like the server under test. Prints its URL on stdout.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });

app.post('/v1/connections/:tag/resolve', async (request) => ({
  tag: (request.params as { tag: string }).tag,
  type: 'git',
  inputs: { repository_url: 'https://git.example.com/library.git', ref: 'v2', password: '********' },
  sources: { repository_url: 'connection', ref: 'override', password: 'secret' },
}));

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`bare Fastify server listening on ${address}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
