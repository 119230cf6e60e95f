import { type Kysely, type Migration, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

const APPEND_ONLY = 'audit_events is append-only: events can be added, never changed or removed';

async function createAppendOnlyTriggers(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
      begin raise exception '${sql.raw(APPEND_ONLY)}' using errcode = 'P0001'; end $$`.execute(db);
    await sql`create trigger audit_events_no_change before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only()`.execute(db);
    return;
  }
  for (const operation of ['update', 'delete']) {
    await sql`create trigger ${sql.raw(`audit_events_no_${operation}`)} before ${sql.raw(operation)} on audit_events
      begin select raise(abort, '${sql.raw(APPEND_ONLY)}'); end`.execute(db);
  }
}

/**
 * The first schema. Key columns use the "C" collation on PostgreSQL so that keyset pagination orders
 * exactly as SQLite's binary collation does, whatever the database's locale.
 */
export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const key = dialectOf(db) === 'postgres' ? sql`text collate "C"` : sql`text`;
    const workspaceRef = 'workspaces.id';

    await db.schema
      .createTable('workspaces')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('name', key, (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('workspace_id', key, (c) => c.notNull().references(workspaceRef))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('reveal', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createIndex('tokens_workspace_idx')
      .on('tokens')
      .columns(['workspace_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('connections')
      .addColumn('workspace_id', key, (c) => c.notNull().references(workspaceRef))
      .addColumn('tag', key, (c) => c.notNull())
      .addColumn('type', key, (c) => c.notNull())
      .addColumn('kind', key, (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('secret_fields', 'text', (c) => c.notNull())
      .addColumn('sealed_key_id', 'text')
      .addColumn('sealed_wrapped_key', 'text')
      .addColumn('sealed_fields', 'text')
      .addColumn('vault_path', 'text')
      .addColumn('status', key, (c) => c.notNull())
      .addColumn('status_message', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('account_identifier', 'text')
      .addColumn('setup', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('last_validated_at', 'text')
      .addPrimaryKeyConstraint('connections_pk', ['workspace_id', 'tag'])
      .execute();
    // Each listing filter has an index that ends in tag, so a filtered page is one ordered range scan.
    for (const column of ['type', 'kind', 'status'] as const) {
      await db.schema
        .createIndex(`connections_${column}_idx`)
        .on('connections')
        .columns(['workspace_id', column, 'tag'])
        .execute();
    }
    await db.schema
      .createIndex('connections_sealed_key_idx')
      .on('connections')
      .column('sealed_key_id')
      .execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('workspace_id', key, (c) => c.notNull().references(workspaceRef))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('id', key, (c) => c.notNull().unique())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', key, (c) => c.notNull())
      .addColumn('tag', key)
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_events_pk', ['workspace_id', 'seq'])
      .execute();
    for (const column of ['tag', 'action'] as const) {
      await db.schema
        .createIndex(`audit_events_${column}_idx`)
        .on('audit_events')
        .columns(['workspace_id', column, 'seq'])
        .execute();
    }
    await createAppendOnlyTriggers(db);

    await db.schema
      .createTable('audit_heads')
      .addColumn('workspace_id', key, (c) => c.primaryKey().references(workspaceRef))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('executions')
      .addColumn('id', key, (c) => c.notNull())
      .addColumn('workspace_id', key, (c) => c.notNull().references(workspaceRef))
      .addColumn('tag', key, (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('inputs', 'text', (c) => c.notNull())
      .addColumn('output_value', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('executions_pk', ['workspace_id', 'id'])
      .execute();
    await db.schema
      .createIndex('executions_tag_idx')
      .on('executions')
      .columns(['workspace_id', 'tag', 'id'])
      .execute();

    await db.schema
      .createTable('components')
      .addColumn('workspace_id', key, (c) => c.notNull().references(workspaceRef))
      .addColumn('name', key, (c) => c.notNull())
      .addColumn('kind', key, (c) => c.notNull())
      .addColumn('cloud', key, (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('components_pk', ['workspace_id', 'name'])
      .execute();
    await db.schema
      .createIndex('components_cloud_idx')
      .on('components')
      .columns(['workspace_id', 'cloud', 'name'])
      .execute();

    await db.schema
      .createTable('vault_configs')
      .addColumn('workspace_id', key, (c) => c.primaryKey().references(workspaceRef))
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('sealed_key_id', 'text')
      .addColumn('sealed_wrapped_key', 'text')
      .addColumn('sealed_fields', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('vault_configs_sealed_key_idx')
      .on('vault_configs')
      .column('sealed_key_id')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['vault_configs', 'components', 'executions', 'audit_heads', 'audit_events']) {
      await db.schema.dropTable(table).execute();
    }
    if (dialectOf(db) === 'postgres') await sql`drop function audit_events_append_only()`.execute(db);
    for (const table of ['connections', 'tokens', 'workspaces']) await db.schema.dropTable(table).execute();
  },
};
