import type { AuditLog } from '../../domain/audit-log.js';
import type { AuthService } from '../../domain/auth-service.js';
import type { ComponentService } from '../../domain/component-service.js';
import type { ConnectionService } from '../../domain/connection-service.js';
import type { Store } from '../../domain/ports.js';
import type { ResolveService } from '../../domain/resolve-service.js';
import type { RunService } from '../../domain/run-service.js';
import type { TypeRegistry } from '../../domain/type-descriptor.js';
import type { VaultService } from '../../secrets/vault/vault-service.js';

/** What the routes call. Built once in main.ts. */
export interface Services {
  types: TypeRegistry;
  connections: ConnectionService;
  resolver: ResolveService;
  runner: RunService;
  auth: AuthService;
  components: ComponentService;
  vault: VaultService;
  store: Pick<Store, 'executions' | 'audit'>;
  auditLog: AuditLog;
}
