/**
 * An attacker's listener on loopback: a raw TCP server that records every byte it receives. To make
 * a PostgreSQL client give up its password it answers the startup message with
 * AuthenticationCleartextPassword (what a rogue server would do); anything else gets no answer.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface Listener {
  port: number;
  /** every byte received, from every connection, as latin1 text */
  received(): string;
  connections(): number;
  close(): Promise<void>;
}

function answerPostgres(socket: Socket, chunk: Buffer, state: { started: boolean }) {
  // SSLRequest (8 bytes, code 80877103): refuse TLS, so the client goes on in clear
  if (!state.started && chunk.length >= 8 && chunk.readInt32BE(4) === 80877103) {
    socket.write('N');
    return;
  }
  if (state.started) {
    socket.destroy(); // the password message arrived: the rogue server has what it wanted
    return;
  }
  {
    state.started = true;
    const ask = Buffer.alloc(9);
    ask.write('R', 0);
    ask.writeInt32BE(8, 1);
    ask.writeInt32BE(3, 5); // cleartext password, please
    socket.write(ask);
  }
}

/** Starts the listener; `speak: 'postgres'` makes it ask for a cleartext password. */
export async function startListener(options: { speak?: 'postgres' | 'http' } = {}): Promise<Listener> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    const state = { started: false };
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (options.speak === 'postgres') answerPostgres(socket, chunk, state);
      if (options.speak === 'http' && chunk.includes('\r\n\r\n')) {
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received: () => Buffer.concat(chunks).toString('latin1'),
    connections: () => count,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
