/**
 * The workbench's only door to the API. Every page calls `api.*`; only this file knows the SDK, so
 * a change in the SDK's surface is absorbed here.
 *
 * The session token lives in the HttpOnly `pb_session` cookie (the page never sees it after sign-in);
 * changing requests echo the readable `pb_csrf` cookie as `x-csrf-token`.
 *
 * The wire types are the SDK's, generated from openapi.json, so a field the server adds reaches the
 * pages too; the few shapes below are the workbench's own (JSON Schema forms, queries, failures).
 */

import type * as Wire from '@patchbay/sdk';
import { PatchbayClient, PatchbayError, cloudTag as sdkCloudTag } from '@patchbay/sdk';

export type AuditEvent = Wire.AuditEvent;
export type AuditVerification = Wire.AuditVerification;
export type Component = Wire.Component;
export type Connection = Wire.Connection;
export type Execution = Wire.Execution;
export type Resolution = Wire.Resolution;
export type Session = Wire.Session;
export type Token = Wire.Token;
export type Validation = Wire.Validation;
export type VaultCheck = Wire.VaultCheck;
export type VaultConfig = Wire.VaultConfig;
export type VaultConfigInput = Wire.VaultConfigInput;
export type Check = Validation['checks'][number];

export type Status = Connection['status'];
export const STATUSES: Status[] = ['pending', 'unverified', 'active', 'error', 'revoked'];
export const SCOPES = ['storage', 'broker', 'database', 'graph', 'vector'] as const;
export type Scope = (typeof SCOPES)[number];
export type Role = Session['role'];
export type JsonObject = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  'x-secret'?: boolean;
  'x-target'?: boolean;
  [key: string]: unknown;
}

export interface ConnectionType {
  id: string;
  kind: 'task' | 'cloud';
  display_name: string;
  /** what a sentence calls it: 'AWS', 'Atlas' */
  short_name: string;
  description: string;
  input_schema: JsonSchema;
  default_scopes: string[];
  commands: string[];
  /** cloud types: provider-side steps in limited markup (see StepText); [] for task types */
  setup_steps: string[];
}

export interface ConnectionQuery {
  q?: string;
  type?: string;
  kind?: 'task' | 'cloud';
  status?: Status;
  limit?: number;
  cursor?: string;
}
export interface CreateConnection {
  tag: string;
  type: string;
  display_name?: string;
  description?: string;
  scopes?: string[];
  value?: JsonObject;
  secrets?: JsonObject;
}
export interface UpdateConnection {
  display_name?: string;
  description?: string;
  scopes?: string[];
  value?: JsonObject;
}

/** What the UI shows for a failed call: the server's message says what to do; the request id finds the log line. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export function toFailure(error: unknown): ApiFailure {
  if (error instanceof PatchbayError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      details: error.details,
      requestId: error.requestId ?? undefined,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 0,
    code: 'network_error',
    message: `${message} — check that the Patchbay server is running and reachable`,
  };
}

export const isUnauthenticated = (error: unknown) => error instanceof PatchbayError && error.status === 401;

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const client = new PatchbayClient({
  baseUrl: '',
  credentials: 'same-origin',
  csrfToken: () => readCookie('pb_csrf'),
});

const itemsOf = <T>(result: T[] | { items: T[] }): T[] => (Array.isArray(result) ? result : result.items);

/** Every API call the workbench makes. */
export const api = {
  session: {
    whoami: (): Promise<Session> => client.session.whoami(),
    signIn: (token: string): Promise<Session> => client.session.signIn(token),
    signOut: (): Promise<void> => client.session.signOut(),
  },
  types: {
    list: async (): Promise<ConnectionType[]> => itemsOf(await client.types.list()),
    get: (id: string): Promise<ConnectionType> => client.types.get(id),
  },
  connections: {
    list: (query: ConnectionQuery): Promise<Page<Connection>> => client.connections.list(query),
    get: (tag: string): Promise<Connection> => client.connections.get(tag),
    create: (body: CreateConnection): Promise<Connection> => client.connections.create(body),
    update: (tag: string, body: UpdateConnection, version?: number): Promise<Connection> =>
      client.connections.update(tag, body, version === undefined ? {} : { ifMatch: version }),
    complete: (tag: string, inputs: JsonObject): Promise<Connection> =>
      client.connections.complete(tag, inputs),
    validate: (tag: string): Promise<Validation> => client.connections.validate(tag),
    resolve: (tag: string, inputs: JsonObject): Promise<Resolution> =>
      client.connections.resolve(tag, { inputs, reveal: false }),
    connect: (tag: string, inputs: JsonObject, timeoutMs?: number): Promise<Execution> =>
      client.connections.connect(tag, { inputs, ...(timeoutMs ? { timeout_ms: timeoutMs } : {}) }),
    revoke: (tag: string): Promise<Connection> => client.connections.revoke(tag),
    restore: (tag: string): Promise<Connection> => client.connections.restore(tag),
    delete: (tag: string, force: boolean): Promise<void> => client.connections.delete(tag, { force }),
    attachVault: (tag: string, path: string, version?: number): Promise<Connection> =>
      client.connections.attachVault(tag, path, { version }),
    detachVault: (tag: string): Promise<Connection> => client.connections.detachVault(tag),
  },
  cloud: {
    create: (body: { provider: string; name: string; scopes: string[] }): Promise<Connection> =>
      client.cloud.connections.create({
        ...body,
        scopes: body.scopes as Scope[],
      }),
  },
  components: {
    list: (query: {
      cloud?: string;
      kind?: string;
      limit?: number;
      cursor?: string;
    }): Promise<Page<Component>> => client.components.list(query),
    link: (body: { name: string; kind: string; cloud: string; resource?: string }): Promise<Component> =>
      client.components.link(body),
    unlink: (name: string): Promise<void> => client.components.unlink(name),
  },
  executions: {
    list: (query: { tag?: string; limit?: number; cursor?: string }): Promise<Page<Execution>> =>
      client.executions.list(query),
    get: (id: string): Promise<Execution> => client.executions.get(id),
  },
  tokens: {
    list: async (): Promise<Token[]> => itemsOf(await client.tokens.list()),
    create: (body: {
      name: string;
      role: Role;
      reveal?: boolean;
      expires_in_seconds?: number;
    }): Promise<Token> => client.tokens.create(body),
    revoke: (id: string): Promise<void> => client.tokens.revoke(id),
  },
  audit: {
    list: (query: {
      tag?: string;
      action?: string;
      limit?: number;
      cursor?: string;
    }): Promise<Page<AuditEvent>> => client.audit.list(query),
    verify: (): Promise<AuditVerification> => client.audit.verify(),
  },
  vault: {
    get: (): Promise<VaultConfig | null> => client.vault.get(),
    configure: (body: VaultConfigInput): Promise<VaultConfig> => client.vault.configure(body),
    check: (): Promise<VaultCheck> => client.vault.check(),
  },
};

/** The tag a cloud connection named `name` gets ("Prod AWS" → `prod_aws`), for the create form's preview. */
export const cloudTag = (name: string): string => sdkCloudTag(name);
