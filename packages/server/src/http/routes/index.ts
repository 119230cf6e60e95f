import type { App } from '../app.js';
import {
  AuditEventResponse,
  ComponentResponse,
  ExecutionResponse,
  TokenResponse,
  WorkspaceResponse,
} from '../wire.js';
import { adminRoutes } from './admin-routes.js';
import { connectionsRoutes } from './connections-routes.js';
import { executionsRoutes } from './executions-routes.js';
import type { Services } from './services.js';
import { typesRoutes } from './types-routes.js';
import { vaultRoutes } from './vault-routes.js';

/** Every resource route, with the shared schemas they reference. */
export function registerRoutes(app: App, services: Services) {
  for (const schema of [
    ExecutionResponse,
    ComponentResponse,
    TokenResponse,
    WorkspaceResponse,
    AuditEventResponse,
  ]) {
    app.addSchema(schema);
  }
  typesRoutes(app, services);
  connectionsRoutes(app, services);
  executionsRoutes(app, services);
  vaultRoutes(app, services);
  adminRoutes(app, services);
}
