import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type {
  AuditEvent,
  Component,
  Connection,
  Execution,
  Role as RoleName,
  Token,
  Workspace,
} from '../domain/model.js';
import { ROLES, roleAtLeast, SCOPES, STATUSES, TAG_PATTERN } from '../domain/model.js';

/**
 * Wire shapes (SPEC 2). Response schemas list exactly the fields that may leave the server: a
 * secret has no property here, so Fastify's serializer cannot send one.
 */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const AnyObject = Type.Record(Type.String(), Type.Unknown());
const Timestamp = Type.String({ format: 'date-time' });

export const TagParam = Type.Object({ tag: Type.String({ pattern: TAG_PATTERN }) });
export const Tag = Type.String({
  pattern: TAG_PATTERN,
  description: 'Immutable name of the connection in its workspace',
});
export const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const ScopeList = Type.Array(Type.String(), { maxItems: 5 });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(AnyObject),
    }),
    request_id: Type.String(),
  },
  { $id: 'Error' },
);

/** One step of a validation (SPEC 2: `checks` of Validation). */
export const Check = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
  detail: Type.String(),
  duration_ms: Type.Number(),
});

export const ConnectionResponse = Type.Object(
  {
    tag: Type.String(),
    type: Type.String(),
    kind: Type.Union([Type.Literal('task'), Type.Literal('cloud')]),
    display_name: Type.String(),
    description: Type.String(),
    scopes: Type.Array(Type.Union(SCOPES.map((s) => Type.Literal(s)))),
    value: AnyObject,
    secret_fields: Type.Array(Type.String()),
    vault: Nullable(
      Type.Object(
        { path: Type.String(), version: Type.Optional(Type.Integer({ minimum: 1 })) },
        { additionalProperties: false },
      ),
    ),
    status: Type.Union(STATUSES.map((s) => Type.Literal(s))),
    status_message: Nullable(Type.String()),
    version: Type.Integer(),
    account_identifier: Nullable(Type.String()),
    setup: Nullable(AnyObject),
    created_at: Timestamp,
    updated_at: Timestamp,
    last_validated_at: Nullable(Timestamp),
    last_checks: Nullable(Type.Array(Check)),
  },
  { $id: 'Connection', additionalProperties: false },
);
export type ConnectionResponse = Static<typeof ConnectionResponse>;

export const toConnectionResponse = (c: Connection): ConnectionResponse => ({
  tag: c.tag,
  type: c.type,
  kind: c.kind,
  display_name: c.displayName,
  description: c.description,
  scopes: c.scopes,
  value: c.value,
  secret_fields: c.secretFields,
  vault: c.vault,
  status: c.status,
  status_message: c.statusMessage,
  version: c.version,
  account_identifier: c.accountIdentifier,
  setup: c.setup,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
  last_validated_at: c.lastValidatedAt,
  last_checks: c.lastChecks,
});

/**
 * The serializer of the two hot routes (resolve, connect): `JSON.stringify`, which writes their
 * answers about twice as fast as the schema-compiled one does for free-form objects (a record of
 * inputs is a `patternProperties` loop there). Safe only for answers built field by field, as
 * `Resolution` and {@link toExecutionResponse} are: nothing the schema would have dropped is on them.
 * The schema still documents the answer.
 */
export const writtenAsIs = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) };

export const ExecutionResponse = Type.Object(
  {
    id: Type.String(),
    tag: Type.String(),
    type: Type.String(),
    status: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
    inputs: AnyObject,
    output_value: Type.Unknown(),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    started_at: Timestamp,
    ended_at: Timestamp,
    duration_ms: Type.Integer(),
    connection_version: Nullable(
      Type.Integer({
        description:
          "the connection's version the call ran with; null on records made before the field existed",
      }),
    ),
  },
  { $id: 'Execution' },
);

/** An execution on the wire; viewers read it without the task's output (SPEC 1 Execution). */
export const toExecutionResponse = (e: Execution, role: RoleName = 'runner') => ({
  id: e.id,
  tag: e.tag,
  type: e.type,
  status: e.status,
  inputs: e.inputs,
  output_value: roleAtLeast(role, 'runner') ? e.outputValue : null,
  // field by field: the hot routes write this with JSON.stringify, which keeps every property it is given
  error: e.error ? { code: e.error.code, message: e.error.message } : null,
  started_at: e.startedAt,
  ended_at: e.endedAt,
  duration_ms: e.durationMs,
  connection_version: e.connectionVersion,
});

export const ComponentResponse = Type.Object(
  {
    name: Type.String(),
    kind: Type.String(),
    cloud: Type.String(),
    resource: Type.String(),
    config: AnyObject,
    created_at: Timestamp,
  },
  { $id: 'Component' },
);

export const toComponentResponse = (c: Component) => ({
  name: c.name,
  kind: c.kind,
  cloud: c.cloud,
  resource: c.resource,
  config: c.config,
  created_at: c.createdAt,
});

export const TokenResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    role: Role,
    reveal: Type.Boolean(),
    created_at: Timestamp,
    expires_at: Nullable(Timestamp),
    revoked_at: Nullable(Timestamp),
    token: Type.Optional(Type.String({ description: 'The secret: shown once, on create' })),
  },
  { $id: 'Token' },
);

export const toTokenResponse = (t: Token, secret?: string) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  reveal: t.reveal,
  created_at: t.createdAt,
  expires_at: t.expiresAt,
  revoked_at: t.revokedAt,
  ...(secret ? { token: secret } : {}),
});

export const WorkspaceResponse = Type.Object(
  { name: Type.String(), created_at: Timestamp },
  { $id: 'Workspace' },
);
export const toWorkspaceResponse = (w: Workspace) => ({ name: w.name, created_at: w.createdAt });

export const AuditEventResponse = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer(),
    at: Timestamp,
    actor: Type.String(),
    action: Type.String(),
    tag: Nullable(Type.String()),
    outcome: Type.String(),
    request_id: Nullable(Type.String()),
    details: AnyObject,
    prev_hash: Type.String(),
    hash: Type.String(),
  },
  { $id: 'AuditEvent' },
);

export const toAuditEventResponse = (e: AuditEvent) => ({
  id: e.id,
  seq: e.seq,
  at: e.at,
  actor: e.actor,
  action: e.action,
  tag: e.tag,
  outcome: e.outcome,
  request_id: e.requestId,
  details: e.details,
  prev_hash: e.prevHash,
  hash: e.hash,
});

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next_cursor: Nullable(Type.String()) });

export const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 });

export { AnyObject, Nullable, Timestamp };
