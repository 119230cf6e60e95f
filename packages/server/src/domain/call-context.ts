import type { CallSecrets } from './call-secrets.js';
import type { CallDeadline } from './deadline.js';
import type { EgressGuard, Logger, ResourceCache, TypeContext, TypeSettings } from './type-descriptor.js';

/** What one validate/connect call's context is made of; the deadline and secrets are the call's own. */
export interface CallContextParts {
  workspaceId: string;
  tag: string;
  /** the connection's type id, bound into the call's logger */
  type: string;
  timeoutMs: number;
  egress: EgressGuard;
  settings: TypeSettings;
  setup: TypeContext['setup'];
  resources: ResourceCache;
  /** the server's logger; the call's child of it is made on first use */
  logger: { child(bindings: Record<string, unknown>): Logger };
  deadline: CallDeadline;
  secrets: CallSecrets;
}

/**
 * The {@link TypeContext} of one call. A class, not an object literal: a literal with getters (the
 * lazy `signal` and `logger`) is made in dictionary mode, so each call paid for a hash table and
 * every `ctx.…` read in a task was a hash lookup. Its accessors and `onDeadline` live on the
 * prototype, so a copy by spread would lose them: wrap a context, do not spread it.
 *
 * @example
 * const ctx = new CallContext({ workspaceId, tag, type: 'postgres', timeoutMs, egress, settings, setup: null, resources, logger, deadline, secrets });
 * await raceAbort(pool.connect(), ctx, () => deadlineFailure('connecting', ctx.timeoutMs));
 */
export class CallContext implements TypeContext {
  readonly workspaceId: string;
  readonly tag: string;
  readonly timeoutMs: number;
  readonly egress: EgressGuard;
  readonly settings: TypeSettings;
  readonly setup: TypeContext['setup'];
  readonly resources: ResourceCache;
  readonly secrets: CallSecrets;
  readonly #type: string;
  readonly #deadline: CallDeadline;
  readonly #parentLogger: CallContextParts['logger'];
  #logger: Logger | undefined;

  constructor(parts: CallContextParts) {
    this.workspaceId = parts.workspaceId;
    this.tag = parts.tag;
    this.timeoutMs = parts.timeoutMs;
    this.egress = parts.egress;
    this.settings = parts.settings;
    this.setup = parts.setup;
    this.resources = parts.resources;
    this.secrets = parts.secrets;
    this.#type = parts.type;
    this.#deadline = parts.deadline;
    this.#parentLogger = parts.logger;
  }

  /** made on first use, like the logger: a task that only races its driver never needs one */
  get signal(): AbortSignal {
    return this.#deadline.signal;
  }

  onDeadline(listener: () => void): () => void {
    return this.#deadline.onDeadline(listener);
  }

  /** made on first use: most calls log nothing, and a child logger is not free */
  get logger(): Logger {
    this.#logger ??= this.#parentLogger.child({ tag: this.tag, type: this.#type });
    return this.#logger;
  }
}
