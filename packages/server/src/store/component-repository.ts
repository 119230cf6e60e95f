import type { Kysely } from 'kysely';
import type { Component, JsonObject, Scope } from '../domain/model.js';
import type { ComponentRepository } from '../domain/ports.js';
import { countOf, decodeCursor, fromJson, toJson, toPage } from './codec.js';
import type { ComponentRow, Database } from './schema.js';

function toRow(component: Component): ComponentRow {
  return {
    workspace_id: component.workspaceId,
    name: component.name,
    kind: component.kind,
    cloud: component.cloud,
    resource: component.resource,
    config: toJson(component.config),
    created_at: component.createdAt,
  };
}

function fromRow(row: ComponentRow): Component {
  return {
    workspaceId: row.workspace_id,
    name: row.name,
    kind: row.kind as Scope,
    cloud: row.cloud,
    resource: row.resource,
    config: fromJson<JsonObject>(row.config),
    createdAt: row.created_at,
  };
}

/**
 * Components linked to cloud connections, keyed by (workspace, name), ordered by name.
 *
 * @example
 * if (!(await components.insert(component))) throw nameTaken(component.name);
 */
export function createComponentRepository(db: Kysely<Database>): ComponentRepository {
  const inWorkspace = (workspaceId: string) =>
    db.selectFrom('components').where('workspace_id', '=', workspaceId);

  return {
    async insert(component) {
      const result = await db
        .insertInto('components')
        .values(toRow(component))
        .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
        .executeTakeFirst();
      return countOf(result.numInsertedOrUpdatedRows) === 1;
    },

    async get(workspaceId, name) {
      const row = await inWorkspace(workspaceId).selectAll().where('name', '=', name).executeTakeFirst();
      return row && fromRow(row);
    },

    async list(workspaceId, filter) {
      let query = inWorkspace(workspaceId).selectAll();
      if (filter.cloud !== undefined) query = query.where('cloud', '=', filter.cloud);
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.cursor !== undefined) query = query.where('name', '>', decodeCursor(filter.cursor));
      const rows = await query
        .orderBy('name')
        .limit(filter.limit + 1)
        .execute();
      return toPage(rows, filter.limit, (row) => row.name, fromRow);
    },

    async delete(workspaceId, name) {
      const result = await db
        .deleteFrom('components')
        .where('workspace_id', '=', workspaceId)
        .where('name', '=', name)
        .executeTakeFirst();
      return countOf(result.numDeletedRows) > 0;
    },

    async countByCloud(workspaceId, cloud) {
      const row = await inWorkspace(workspaceId)
        .where('cloud', '=', cloud)
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async deleteByCloud(workspaceId, cloud) {
      const result = await db
        .deleteFrom('components')
        .where('workspace_id', '=', workspaceId)
        .where('cloud', '=', cloud)
        .executeTakeFirst();
      return countOf(result.numDeletedRows);
    },
  };
}
