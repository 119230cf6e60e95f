import type { Kysely } from 'kysely';
import type { Role, Token } from '../domain/model.js';
import type { TokenRepository } from '../domain/ports.js';
import { countOf } from './codec.js';
import type { Database, TokenRow } from './schema.js';

function toRow(token: Token): TokenRow {
  return {
    id: token.id,
    workspace_id: token.workspaceId,
    name: token.name,
    role: token.role,
    reveal: token.reveal ? 1 : 0,
    hash: token.hash,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    revoked_at: token.revokedAt,
  };
}

function fromRow(row: TokenRow): Token {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    role: row.role as Role,
    reveal: Number(row.reveal) === 1,
    hash: row.hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * API tokens, stored by the hash of their secret (unique).
 *
 * @example
 * const token = await createTokenRepository(db).findByHash(sha256Hex(bearer));
 */
export function createTokenRepository(db: Kysely<Database>): TokenRepository {
  return {
    async insert(token) {
      await db.insertInto('tokens').values(toRow(token)).execute();
    },

    async findByHash(hash) {
      const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row && fromRow(row);
    },

    async get(workspaceId, id) {
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromRow(row);
    },

    async list(workspaceId) {
      const rows = await db
        .selectFrom('tokens')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },

    async revoke(workspaceId, id, at) {
      // A second revoke keeps the first time but still reports that the token exists.
      const result = await db
        .updateTable('tokens')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return countOf(result.numUpdatedRows) === 1;
    },

    async count() {
      const row = await db
        .selectFrom('tokens')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
