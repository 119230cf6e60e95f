import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, auditDraft } from './connection-service.js';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import { type Principal, type Role, roleAtLeast, type Token, type Workspace } from './model.js';
import type { Store } from './ports.js';

export const DEFAULT_WORKSPACE = 'default';

/** `pb_` + 256 random bits, base64url. */
export const generateTokenSecret = () => `pb_${randomBytes(32).toString('base64url')}`;
/** sha256 hex of the secret, one-shot (every authenticated request hashes its bearer token) */
export const hashToken = (secret: string) => hash('sha256', secret, 'hex');

export interface TokenInput {
  name: string;
  role: Role;
  reveal?: boolean;
  expires_in_seconds?: number;
}

/** A token as shown: never the hash; the secret only once, on create. */
export type IssuedToken = Token & { secret: string };

const CACHE_MS = 1000;

/** Tokens, roles and workspaces (SPEC 7). Token look-ups are cached for at most one second. */
export function createAuthService(deps: { store: Store; now?: () => Date }) {
  const { store } = deps;
  const now = () => deps.now?.() ?? new Date();
  interface CacheEntry {
    principal: Principal | null;
    until: number;
    expiresAt: number;
  }
  // keyed by the bearer secret itself, held at most CACHE_MS after its look-up, like the request that
  // carried it: a hit then costs no sha256 (~0.7 µs, 2 % of a resolve). The process holds keys and
  // opened secrets anyway; nothing reads this map but authenticate and revoke.
  const cache = new Map<string, CacheEntry>();

  const makeToken = (workspaceId: string, input: TokenInput, secret = generateTokenSecret()): IssuedToken => {
    const at = now();
    return {
      id: newId('tok'),
      workspaceId,
      name: input.name,
      role: input.role,
      reveal: input.reveal === true,
      hash: hashToken(secret),
      createdAt: at.toISOString(),
      expiresAt: input.expires_in_seconds
        ? new Date(at.getTime() + input.expires_in_seconds * 1000).toISOString()
        : null,
      revokedAt: null,
      secret,
    };
  };

  async function lookup(secret: string): Promise<CacheEntry> {
    const hash = hashToken(secret);
    const token = await store.tokens.findByHash(hash);
    const workspace = token && !token.revokedAt ? await store.workspaces.get(token.workspaceId) : undefined;
    const valid =
      token && workspace && timingSafeEqual(Buffer.from(token.hash, 'hex'), Buffer.from(hash, 'hex'));
    const entry: CacheEntry = {
      until: Date.now() + CACHE_MS,
      expiresAt: token?.expiresAt ? Date.parse(token.expiresAt) : Number.POSITIVE_INFINITY,
      principal: valid
        ? {
            tokenId: token.id,
            tokenName: token.name,
            workspaceId: workspace.id,
            workspaceName: workspace.name,
            role: token.role,
            reveal: token.reveal,
            expiresAt: token.expiresAt,
          }
        : null,
    };
    if (cache.size > 10_000) cache.clear();
    cache.set(secret, entry);
    setTimeout(() => {
      if (cache.get(secret) === entry) cache.delete(secret);
    }, CACHE_MS).unref();
    return entry;
  }

  const principalOf = (entry: CacheEntry): Principal | null =>
    entry.principal && entry.expiresAt > (deps.now ? deps.now().getTime() : Date.now())
      ? entry.principal
      : null;

  const requireAdmin = (actor: Actor) => {
    if (!roleAtLeast(actor.principal.role, 'admin')) {
      throw new AppError('forbidden', 'managing tokens needs an admin token');
    }
  };

  return {
    /** The principal of a bearer secret, or null when unknown, revoked or expired. */
    authenticate(secret: string): Principal | null | Promise<Principal | null> {
      const cached = cache.get(secret);
      // the common call: looked up less than a second ago, answered without a promise or a hash
      if (cached && cached.until > Date.now()) return principalOf(cached);
      return lookup(secret).then(principalOf);
    },

    /** First start: workspace `default` and an admin token with reveal. Returns the secret to print, or null. */
    async bootstrap(adminToken: string | undefined): Promise<{ secret: string; generated: boolean } | null> {
      if (await store.workspaces.getByName(DEFAULT_WORKSPACE)) return null;
      const workspace: Workspace = {
        id: newId('ws'),
        name: DEFAULT_WORKSPACE,
        createdAt: now().toISOString(),
      };
      const token = makeToken(
        workspace.id,
        { name: 'bootstrap-admin', role: 'admin', reveal: true },
        adminToken,
      );
      try {
        await store.transaction(async (tx) => {
          await tx.workspaces.create(workspace);
          await tx.tokens.insert(token);
          await tx.audit.append([
            {
              workspaceId: workspace.id,
              actor: 'system',
              action: 'workspace.create',
              tag: null,
              outcome: 'success',
              requestId: null,
              details: { name: DEFAULT_WORKSPACE, token_id: token.id },
            },
          ]);
        });
      } catch (error) {
        // Another replica bootstrapped at the same moment: theirs stands.
        if (await store.workspaces.getByName(DEFAULT_WORKSPACE)) return null;
        throw error;
      }
      return { secret: token.secret, generated: adminToken === undefined };
    },

    async createToken(actor: Actor, input: TokenInput): Promise<IssuedToken> {
      requireAdmin(actor);
      if (input.reveal === true && !actor.principal.reveal) {
        throw new AppError(
          'forbidden',
          'only an admin whose own token has reveal may grant reveal; create the token without reveal, or ask such an admin',
        );
      }
      const token = makeToken(actor.principal.workspaceId, input);
      await store.transaction(async (tx) => {
        await tx.tokens.insert(token);
        await tx.audit.append([
          auditDraft(actor, 'token.create', null, {
            token_id: token.id,
            role: token.role,
            reveal: token.reveal,
          }),
        ]);
      });
      return token;
    },

    async listTokens(actor: Actor): Promise<Token[]> {
      requireAdmin(actor);
      return store.tokens.list(actor.principal.workspaceId);
    },

    async revokeToken(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor);
      await store.transaction(async (tx) => {
        if (!(await tx.tokens.revoke(actor.principal.workspaceId, id, now().toISOString()))) {
          throw new AppError(
            'not_found',
            `token '${id}' does not exist in this workspace; list tokens with GET /v1/tokens`,
          );
        }
        await tx.audit.append([auditDraft(actor, 'token.revoke', null, { token_id: id })]);
      });
      for (const [secret, entry] of cache) if (entry.principal?.tokenId === id) cache.delete(secret);
    },

    async createWorkspace(actor: Actor, name: string): Promise<{ workspace: Workspace; token: IssuedToken }> {
      requireDefaultAdmin(actor);
      if (await store.workspaces.getByName(name)) {
        throw new AppError('invalid_input', `workspace '${name}' already exists; choose another name`, {
          issues: [{ path: 'name', message: 'already exists' }],
        });
      }
      const workspace: Workspace = { id: newId('ws'), name, createdAt: now().toISOString() };
      // reveal is passed on only by an admin who has it (SPEC 7)
      const token = makeToken(workspace.id, {
        name: `${name}-admin`,
        role: 'admin',
        reveal: actor.principal.reveal,
      });
      await store.transaction(async (tx) => {
        await tx.workspaces.create(workspace);
        await tx.tokens.insert(token);
        await tx.audit.append([auditDraft(actor, 'workspace.create', null, { name, token_id: token.id })]);
      });
      return { workspace, token };
    },

    async listWorkspaces(actor: Actor): Promise<Workspace[]> {
      requireDefaultAdmin(actor);
      return store.workspaces.list();
    },
  };

  function requireDefaultAdmin(actor: Actor) {
    if (actor.principal.workspaceName !== DEFAULT_WORKSPACE || !roleAtLeast(actor.principal.role, 'admin')) {
      throw new AppError('forbidden', "workspaces are managed by an admin of the 'default' workspace");
    }
  }
}

export type AuthService = ReturnType<typeof createAuthService>;
