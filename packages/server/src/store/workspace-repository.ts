import type { Kysely } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { Workspace } from '../domain/model.js';
import type { WorkspaceRepository } from '../domain/ports.js';
import { isUniqueViolation } from './dialect.js';
import type { Database, WorkspaceRow } from './schema.js';

const fromRow = (row: WorkspaceRow): Workspace => ({ id: row.id, name: row.name, createdAt: row.created_at });

/**
 * Workspaces, the tenant boundary. Names are unique.
 *
 * @example
 * await createWorkspaceRepository(db).create({ id: 'default', name: 'default', createdAt: now });
 */
export function createWorkspaceRepository(db: Kysely<Database>): WorkspaceRepository {
  return {
    async create(workspace) {
      try {
        await db
          .insertInto('workspaces')
          .values({ id: workspace.id, name: workspace.name, created_at: workspace.createdAt })
          .execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new AppError(
          'invalid_input',
          `workspace '${workspace.name}' already exists; choose another name`,
          { issues: [{ path: 'name', message: 'already exists' }] },
          { cause: error },
        );
      }
    },

    async get(id) {
      const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },

    async getByName(name) {
      const row = await db.selectFrom('workspaces').selectAll().where('name', '=', name).executeTakeFirst();
      return row && fromRow(row);
    },

    async list() {
      const rows = await db
        .selectFrom('workspaces')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },
  };
}
