/**
 * mysql2 authentication plugins that never hand the password to a key the server supplies.
 *
 * Without TLS, `caching_sha2_password` (full authentication) and `sha256_password` ask the server
 * for its RSA public key and encrypt the password with it. Whoever answers on the socket supplies
 * that key, so it is as good as sending the password in clear to a man in the middle. Over verified
 * TLS the plugins send the password inside the tunnel, which is safe; without it they are refused.
 */
import mysql from 'mysql2';

type PluginHandler = (data: Buffer) => Buffer | null | Promise<Buffer | null>;
type PluginFactory = (ctx: { connection: { config: { ssl?: unknown } } }) => PluginHandler;

const plugins = (mysql as unknown as { authPlugins: Record<string, (opts?: object) => PluginFactory> })
  .authPlugins;

/** The one-byte packet each plugin sends to ask for the server's public key. */
const KEY_REQUEST: Record<string, number> = { caching_sha2_password: 2, sha256_password: 1 };

export const KEY_RETRIEVAL_REFUSED =
  'the server asks for the password encrypted with a public key it supplies itself, over a connection without TLS';

function refusingKeyRetrieval(name: string): PluginFactory {
  const base = plugins[name]!({});
  return (ctx) => {
    const inner = base(ctx);
    return async (data) => {
      const out = await inner(data);
      const asksForKey = Buffer.isBuffer(out) && out.length === 1 && out[0] === KEY_REQUEST[name];
      if (asksForKey && !ctx.connection.config.ssl) throw new Error(KEY_RETRIEVAL_REFUSED);
      return out;
    };
  };
}

/**
 * The `authPlugins` option for every mysql2 pool. Naming them also stops mysql2 from picking these
 * methods directly in the handshake, so the server's switch request always reaches the wrappers.
 *
 * @example
 * mysql.createPool({ host, user, password, authPlugins: safeAuthPlugins() });
 */
export function safeAuthPlugins(): Record<string, PluginFactory> {
  return Object.fromEntries(Object.keys(KEY_REQUEST).map((name) => [name, refusingKeyRetrieval(name)]));
}
